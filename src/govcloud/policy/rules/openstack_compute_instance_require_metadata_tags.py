"""Servers carry the govcloud.* metadata: request id and digest, unit, system, level, zone, items.

Severity: high. Requirements: LC-2 (a resource traces back to its approved application), SEC-7
(resource-use records). 等保: GB/T 22239-2019 8.1.10.6 集中管控 (asset identification). Seed: 001 Art. 12;
000 Art. 85. Config: ``requiredMetadata``, ``requestId``, ``requestDigest``. Remediation (enforcement
level ``remediate``): fills the keys the approved request determines; documented in docs/rules.md.
"""

from __future__ import annotations

from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import INSTANCE
from govcloud.policy.rules import _metadata
from govcloud.policy.support import policy_kwargs

NAME = "openstack-compute-instance-require-metadata-tags"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report missing keys and a request id/digest that is not the approved one."""
    if args.resource_type != INSTANCE:
        return
    for problem in _metadata.problems(args):
        report_violation(
            f"Instance '{args.name}' {problem} (LC-2, SEC-7): write tags.server_metadata(plan, server).", None
        )


def remediate(args: ResourceValidationArgs) -> dict[str, Any] | None:
    """Fill request-determined keys; see ``_metadata.filled``."""
    if args.resource_type != INSTANCE:
        return None
    return _metadata.filled(args)


# The SDK types remediate as async-only, but its Remediate also takes a plain mapping (policy.py).
POLICY = ResourceValidationPolicy(validate=validate, remediate=remediate, **policy_kwargs(NAME))  # type: ignore[arg-type]
