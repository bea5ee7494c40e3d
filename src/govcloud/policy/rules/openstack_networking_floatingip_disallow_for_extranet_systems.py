"""Only internet-facing systems get floating (public) IPs.

Severity: critical. Requirement: SEC-3 (the extranet is logically isolated from the internet).
等保: GB/T 22239-2019 8.1.3.1 边界防护. Seed: 000 Art. 6; 002 Zhejiang Art. 24. Config: ``exposure``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import FLOATING_IP
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-floatingip-disallow-for-extranet-systems"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report any floating IP of a system that is not internet-facing."""
    if args.resource_type != FLOATING_IP:
        return
    exposure = setting(args, "exposure")
    if exposure != controls.INTERNET_FACING:
        report_violation(
            f"FloatingIp '{args.name}' gives a public address to a {exposure} system (SEC-3): remove it; "
            "internet access needs a request in the public cloud zone.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
