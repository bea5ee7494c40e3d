"""Ports keep port security (anti-spoofing and security groups) on.

Severity: high. Requirement: SEC-3. 等保: GB/T 22239-2019 8.1.3.2 访问控制. Seed: 000 Art. 6.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import PORT
from govcloud.policy.support import policy_kwargs

NAME = "openstack-networking-port-require-port-security"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report ``portSecurityEnabled: false`` and ``noSecurityGroups: true``."""
    if args.resource_type != PORT:
        return
    if args.props.get("portSecurityEnabled") is False:
        report_violation(
            f"Port '{args.name}' disables port security (SEC-3): remove port_security_enabled=False.", None
        )
    if args.props.get("noSecurityGroups") is True:
        report_violation(
            f"Port '{args.name}' has no_security_groups=True (SEC-3): attach the tier's security group.", None
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
