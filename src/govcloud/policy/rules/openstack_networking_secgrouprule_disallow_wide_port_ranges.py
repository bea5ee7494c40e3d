"""No any-protocol rule, all-ports rule or wide port range between tiers or outbound.

Decided from the fields known at preview: a remote group id unknown until the group exists is still a
group, never an address. Ingress from addresses outside the tenant is
``openstack-networking-secgrouprule-disallow-unbounded-ingress``'s. A rule the approved request declares
(its exception approved at admission) is accepted as it is.
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
    id="openstack-networking-secgrouprule-disallow-wide-port-ranges",
    kind=RESOURCE,
    resource_types=(SEC_GROUP_RULE,),
    description="Disallow any-protocol, all-ports or wide-range rules between tiers and outbound (SEC-3, SEC-4).",
    title=Text(
        "层间与出站规则不得开放全部协议或大范围端口", "No all-ports or wide-range rules between tiers"
    ),
    severity="high",
    seed_articles="000 Art. 6, 89",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 a) 除允许通信外拒绝所有通信; c) 检查端口和协议",
    remediation=Text(
        "只开放申请中声明的服务端口（network.tiers），宽范围须经审批的例外",
        "open only the service ports the request declares (network.tiers); a wide range needs an approved exception",
    ),
    config_keys=("maxPortRangeWidth", "internalCidrs", "approvedRules"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report every-protocol rules, rules with no port range and ranges wider than ``maxPortRangeWidth``."""
    rule = read(args.props)
    if rule.direction == "ingress" and not (
        rule.to_group or controls.cidr_within(rule.remote_ip_prefix or "", setting(args, "internalCidrs"))
    ):
        return
    if rule.fields() in approved_fields(setting(args, "approvedRules")):
        return
    where = "outbound" if rule.direction == "egress" else "between tiers"
    widest = int(setting(args, "maxPortRangeWidth"))
    broad = rule.too_broad(any_protocol=rule.protocol is None, widest=widest)
    if broad == "protocols":
        report_violation(
            f"SecGroupRule '{args.name}' allows every protocol {where} (SEC-4): name the protocol and the "
            "ports the flow needs.",
            None,
        )
    elif broad == "ports":
        report_violation(
            f"SecGroupRule '{args.name}' opens {rule.width} ports ({rule.ports}) {where} (SEC-4): open only "
            f"the ports the flow needs, at most {widest} per rule.",
            None,
        )
