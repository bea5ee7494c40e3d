"""No any-protocol or wide port-range ingress from outside the tenant.

Severity: high. Requirement: SEC-3. 等保: GB/T 22239-2019 8.1.3.2 访问控制 c) 对源地址、目的地址、源端口、
目的端口和协议等进行检查. Seed: 000 Art. 6. Config: ``internalCidrs``, ``maxPortRangeWidth``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import ANY_PROTOCOLS, PORTLESS_PROTOCOLS, ingress_from_address
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-secgrouprule-disallow-unbounded-ingress"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report every-protocol rules and port ranges wider than ``maxPortRangeWidth``."""
    if args.resource_type != SEC_GROUP_RULE:
        return
    rule = ingress_from_address(args.props)
    if rule is None or controls.cidr_within(rule.source, setting(args, "internalCidrs")):
        return
    if rule.protocol in ANY_PROTOCOLS:
        report_violation(
            f"SecGroupRule '{args.name}' admits every protocol from {rule.source} (SEC-3): name the protocol "
            "and the ports the service needs.",
            None,
        )
        return
    if rule.protocol in PORTLESS_PROTOCOLS:
        return
    widest = int(setting(args, "maxPortRangeWidth"))
    if rule.width > widest:
        report_violation(
            f"SecGroupRule '{args.name}' opens {rule.width} ports ({rule.ports}) from {rule.source} (SEC-3): open at "
            f"most {widest} ports per rule, only those the service needs.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
