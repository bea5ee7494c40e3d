"""No egress to the whole internet, IPv4 or IPv6, however the prefix is split.

A destination wider than the platform's shortest prefix stands for the internet: ``0.0.0.0/1`` and
``128.0.0.0/1`` are caught one by one, as ``0.0.0.0/0`` and ``::/0`` are; a rule with no destination
means every address to Neutron. Decided at preview from the rule's own fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import approved_fields, read
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgrouprule-disallow-world-egress",
    kind=RESOURCE,
    resource_types=(SEC_GROUP_RULE,),
    description="Disallow egress to the whole internet, IPv4 or IPv6, including split prefixes such as 0.0.0.0/1 (SEC-3, SEC-11).",
    title=Text("出站不得指向整个互联网", "No egress to the whole internet"),
    severity="high",
    seed_articles="000 Art. 6",
    mlps_clause="GB/T 22239-2019 8.1.3.1 边界防护 b) 限制非授权外联; 8.1.3.2 访问控制",
    remediation=Text(
        "出站只到申请中声明的目的网段（network.egress）和平台服务",
        "send egress only to the destinations the request declares (network.egress) and the platform's services",
    ),
    config_keys=("minEgressPrefixLength", "approvedRules"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report egress to a destination wider than ``minEgressPrefixLength`` (or to no destination at all)."""
    rule = read(args.props)
    if rule.direction != "egress" or rule.to_group:
        return
    if rule.fields() in approved_fields(setting(args, "approvedRules")):
        return
    if controls.egress_too_wide(rule.remote_ip_prefix, setting(args, "minEgressPrefixLength")):
        destination = rule.remote_ip_prefix or f"every {rule.ethertype} address"
        report_violation(
            f"SecGroupRule '{args.name}' sends {rule.ports} to {destination}, the whole internet (SEC-3): "
            "allow only the destinations the request declares.",
            None,
        )
