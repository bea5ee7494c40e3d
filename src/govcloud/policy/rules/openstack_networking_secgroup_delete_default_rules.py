"""Security groups should drop Neutron's default allow-all egress rules (advisory: "should").

Severity: low. Requirement: SEC-3. 等保: GB/T 22239-2019 8.1.3.1 边界防护 b) 应能够对非授权设备私自联到
外部网络的行为进行检查或限制. Seed: 000 Art. 6. Advisory, because changing it on a live group replaces it.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import SEC_GROUP
from govcloud.policy.support import policy_kwargs

NAME = "openstack-networking-secgroup-delete-default-rules"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a group that keeps the default egress rules."""
    if args.resource_type != SEC_GROUP:
        return
    if args.props.get("deleteDefaultRules") is not True:
        report_violation(
            f"SecGroup '{args.name}' keeps the default allow-all egress rules (SEC-3): set "
            "delete_default_rules=True and add the egress rules the tier needs.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
