"""No any-protocol rule, all-ports rule or wide port range between tiers or outbound.

Severity: high. Requirements: SEC-3, SEC-4. 等保: GB/T 22239-2019 8.1.3.2 访问控制 a) 默认情况下除允许通信外
受控接口拒绝所有通信; c) 对源地址、目的地址、源端口、目的端口和协议等进行检查. Seed: 000 Art. 6, 89.
Config: ``maxPortRangeWidth``, ``internalCidrs``, ``approvedRules``. Decided from the fields known at
preview: a remote group id unknown until the group exists is still a group, never an address. Ingress
from addresses outside the tenant is ``openstack-networking-secgrouprule-disallow-unbounded-ingress``'s.
A rule the approved request declares (its exception approved at admission) is accepted as it is.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import PORTLESS_PROTOCOLS, approved_fields, read
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-secgrouprule-disallow-wide-port-ranges"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report every-protocol rules, rules with no port range and ranges wider than ``maxPortRangeWidth``."""
    if args.resource_type != SEC_GROUP_RULE:
        return
    rule = read(args.props)
    if rule.direction == "ingress" and not (
        rule.to_group or controls.cidr_within(rule.remote_ip_prefix or "", setting(args, "internalCidrs"))
    ):
        return
    if rule.fields() in approved_fields(setting(args, "approvedRules")):
        return
    where = "outbound" if rule.direction == "egress" else "between tiers"
    if rule.protocol is None:
        report_violation(
            f"SecGroupRule '{args.name}' allows every protocol {where} (SEC-4): name the protocol and the "
            "ports the flow needs.",
            None,
        )
        return
    if rule.protocol in PORTLESS_PROTOCOLS:
        return
    widest = int(setting(args, "maxPortRangeWidth"))
    if rule.width > widest:
        report_violation(
            f"SecGroupRule '{args.name}' opens {rule.width} ports ({rule.ports}) {where} (SEC-4): open only "
            f"the ports the flow needs, at most {widest} per rule.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
