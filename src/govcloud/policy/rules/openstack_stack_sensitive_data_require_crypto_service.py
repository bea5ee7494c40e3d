"""Systems with 敏感 data order the commercial cryptography (SM2/SM3/SM4) service.

Severity: high. Requirement: SEC-6. 密评: GB/T 39786-2021. Seed: 001 Art. 25; 002 provincial Art. 6;
000 Art. 91(3). Decided by ``controls.crypto_service_required`` (shared with admission).
Config: ``classification``, ``services``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, StackValidationArgs, StackValidationPolicy

from govcloud import controls
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-stack-sensitive-data-require-crypto-service"


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report a 敏感 system whose request orders no crypto service."""
    if controls.crypto_service_required(str(setting(args, "classification"))) and "crypto" not in set(
        setting(args, "services")
    ):
        report_violation(
            "The system holds 敏感 data but its request orders no commercial cryptography service (SEC-6): "
            "order sec.crypto and plan SM2/SM3/SM4 in from the start.",
            None,
        )


POLICY = StackValidationPolicy(validate=validate, **policy_kwargs(NAME))
