"""Volumes use a volume type the approved request lists (never the cloud's unnamed default).

Severity: high. Requirement: CAT-1. Seed: 000 Art. 73(4). Config: ``approvedVolumeTypes``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import VOLUME
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-blockstorage-volume-require-catalogue-type"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a volume without a type, or with a type outside ``approvedVolumeTypes``."""
    if args.resource_type != VOLUME:
        return
    volume_type = str(args.props.get("volumeType") or "")
    approved = list(setting(args, "approvedVolumeTypes"))
    if volume_type not in approved:
        report_violation(
            f"Volume '{args.name}' uses volume type {volume_type or '(cloud default)'}, which the approved request "
            f"does not list (CAT-1): use one of {', '.join(approved)}.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
