"""No any-protocol or wide port-range ingress from outside the tenant."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import ANY_PROTOCOLS, ingress_from_address
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgrouprule-disallow-unbounded-ingress",
    kind=RESOURCE,
    resource_types=(SEC_GROUP_RULE,),
    description="Disallow ingress of every protocol or of wide port ranges from outside the tenant (SEC-3).",
    title=Text("禁止对租户外来源开放全部协议或大范围端口", "No any-protocol or wide-range ingress"),
    severity="high",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 (边界防护 a/b)",
    remediation=Text(
        "指定协议（tcp/udp/icmp）和具体端口",
        "name the protocol (tcp/udp/icmp) and the exact ports the service needs",
    ),
    config_keys=("internalCidrs", "maxPortRangeWidth"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report every-protocol rules and port ranges wider than ``maxPortRangeWidth``."""
    rule = ingress_from_address(args.props)
    if rule is None or controls.cidr_within(rule.source, setting(args, "internalCidrs")):
        return
    widest = int(setting(args, "maxPortRangeWidth"))
    broad = rule.too_broad(any_protocol=rule.protocol in ANY_PROTOCOLS, widest=widest)
    if broad == "protocols":
        report_violation(
            f"SecGroupRule '{args.name}' admits every protocol from {rule.source} (SEC-3): name the protocol "
            "and the ports the service needs.",
            None,
        )
    elif broad == "ports":
        report_violation(
            f"SecGroupRule '{args.name}' opens {rule.width} ports ({rule.ports}) from {rule.source} (SEC-3): open at "
            f"most {widest} ports per rule, only those the service needs.",
            None,
        )
