"""Servers boot an approved, hardened catalogue image (by name, so the approval is reviewable).

Severity: high. Requirements: CAT-1, SEC-10. 等保: GB/T 22239-2019 8.1.4.4 入侵防范 a) 遵循最小安装的原则.
Seed: 000 Art. 73(4), 22. Config: ``approvedImages``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import INSTANCE
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-compute-instance-require-approved-image"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a server whose image is not named, or not in ``approvedImages``."""
    if args.resource_type != INSTANCE:
        return
    image = str(args.props.get("imageName") or "")
    approved = list(setting(args, "approvedImages"))
    if image and image in approved:
        return
    shown = image or f"id {args.props.get('imageId') or '(none)'}"
    report_violation(
        f"Instance '{args.name}' boots image {shown}, which is not an approved catalogue image (CAT-1, SEC-10): "
        f"use one of {', '.join(approved)} by name.",
        None,
    )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
