"""Every server names a key pair, so first login uses a key and never a shared password.

Severity: high. Requirement: SEC-10. 等保: GB/T 22239-2019 8.1.4.1 身份鉴别. Seed: 000 Art. 121, 123.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import INSTANCE
from govcloud.policy.support import policy_kwargs

NAME = "openstack-compute-instance-require-key-pair"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a server without ``keyPair``."""
    if args.resource_type != INSTANCE:
        return
    if not str(args.props.get("keyPair") or "").strip():
        report_violation(
            f"Instance '{args.name}' has no key pair (SEC-10): set key_pair to the operations key pair.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
