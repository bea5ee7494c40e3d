"""No ``admin_pass`` on servers: the password would sit in state, previews and logs.

Severity: critical. Requirement: SEC-10 (account security, first-login password change, no shared
accounts). 等保: GB/T 22239-2019 8.1.4.1 身份鉴别. Seed: 000 Art. 121, 123.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import INSTANCE
from govcloud.policy.support import policy_kwargs

NAME = "openstack-compute-instance-disallow-admin-pass"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a server with an administrator password set."""
    if args.resource_type != INSTANCE:
        return
    if args.props.get("adminPass"):
        report_violation(
            f"Instance '{args.name}' sets admin_pass (SEC-10): remove it and log in with the key pair.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
