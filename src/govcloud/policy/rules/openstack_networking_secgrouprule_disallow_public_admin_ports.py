"""No ingress from 0.0.0.0/0 or ::/0 to administration or database ports.

Which ports and which prefixes mean "the world" are config, never literals here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import world_ingress
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgrouprule-disallow-public-admin-ports",
    kind=RESOURCE,
    resource_types=(SEC_GROUP_RULE,),
    description="Disallow ingress from 0.0.0.0/0 or ::/0 to administration and database ports (SEC-3, SEC-10).",
    title=Text(
        "禁止从互联网（0.0.0.0/0、::/0）访问管理与数据库端口", "No world ingress to admin/database ports"
    ),
    severity="critical",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24; 000 Art. 22",
    mlps_clause="GB/T 22239-2019 8.1.3.3 入侵防范 / 8.1.4.5 入侵防范 c)",
    remediation=Text(
        "把来源改为堡垒机网段或本租户安全组（remote_group_id）",
        "narrow the source to the bastion CIDRs or a remote security group",
    ),
    config_keys=("worldCidrs", "adminPorts"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a world-open rule whose port range includes an admin/database port."""
    rule = world_ingress(args.props, setting(args, "worldCidrs"))
    if rule is None:
        return
    opened = controls.ports_touched(rule.port_min, rule.port_max, setting(args, "adminPorts"))
    if opened:
        report_violation(
            f"SecGroupRule '{args.name}' opens admin/database port(s) {', '.join(map(str, opened))} "
            f"({rule.ports}) to {rule.source} (SEC-3, SEC-10): take the source from the bastion CIDRs "
            "or a remote security group.",
            None,
        )
