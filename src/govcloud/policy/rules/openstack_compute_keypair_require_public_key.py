"""Key pairs import a public key; a generated private key would be stored in the stack's state.

Severity: high. Requirements: SEC-10 (account security), SEC-11 (confidentiality). 等保: GB/T 22239-2019
8.1.4.1 身份鉴别. Seed: 000 Art. 121; 003 Art. 21.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import KEYPAIR
from govcloud.policy.support import policy_kwargs

NAME = "openstack-compute-keypair-require-public-key"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a key pair without ``publicKey``."""
    if args.resource_type != KEYPAIR:
        return
    if not str(args.props.get("publicKey") or "").strip():
        report_violation(
            f"Keypair '{args.name}' has no public_key, so OpenStack generates a private key into state "
            "(SEC-10, SEC-11): import the operator's public key.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
