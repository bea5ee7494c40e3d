"""Ingress rules say why they exist (advisory: the regulation says operations "should" be auditable).

Severity: low. Requirement: SEC-7 (operation audits). 等保: GB/T 22239-2019 8.1.3.2 访问控制 e) 删除多余或
无效的访问控制规则 — a reviewer can only delete what is explained. Seed: 000 Art. 85; 002 Art. 19.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import SEC_GROUP_RULE
from govcloud.policy.support import policy_kwargs

NAME = "openstack-networking-secgrouprule-require-description"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report an ingress rule without a description."""
    if args.resource_type != SEC_GROUP_RULE:
        return
    if args.props.get("direction") == "ingress" and not str(args.props.get("description") or "").strip():
        report_violation(
            f"SecGroupRule '{args.name}' has no description (SEC-7): say which service and which peer it admits.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
