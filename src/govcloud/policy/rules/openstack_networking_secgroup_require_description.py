"""Every security group carries a description of the tier it protects.

Severity: medium. Requirements: SEC-3, SEC-7. 等保: GB/T 22239-2019 8.1.3.2 访问控制 e). Seed: 000 Art. 6, 85.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import SEC_GROUP
from govcloud.policy.support import policy_kwargs

NAME = "openstack-networking-secgroup-require-description"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a security group without a description."""
    if args.resource_type != SEC_GROUP:
        return
    if not str(args.props.get("description") or "").strip():
        report_violation(
            f"SecGroup '{args.name}' has no description (SEC-3, SEC-7): describe the tier it protects.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
