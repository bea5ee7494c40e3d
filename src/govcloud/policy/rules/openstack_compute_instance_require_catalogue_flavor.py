"""Servers use a flavour the approved request lists.

Severity: high. Requirements: CAT-1 (only catalogue items), CAT-4 (sized as approved). Seed: 000 Art. 73(4);
002 Art. 10. Config: ``approvedFlavors``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import INSTANCE
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-compute-instance-require-catalogue-flavor"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a server whose flavour is not named, or not in ``approvedFlavors``."""
    if args.resource_type != INSTANCE:
        return
    flavor = str(args.props.get("flavorName") or "")
    approved = list(setting(args, "approvedFlavors"))
    if flavor and flavor in approved:
        return
    shown = flavor or f"id {args.props.get('flavorId') or '(none)'}"
    report_violation(
        f"Instance '{args.name}' uses flavour {shown}, which the approved request does not list (CAT-1, CAT-4): "
        f"use one of {', '.join(approved)} by name.",
        None,
    )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
