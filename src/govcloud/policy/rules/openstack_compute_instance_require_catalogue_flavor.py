"""Servers use a flavour the approved request lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import INSTANCE
from govcloud.policy.support import unlisted

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-compute-instance-require-catalogue-flavor",
    kind=RESOURCE,
    resource_types=(INSTANCE,),
    description="Require servers to use a flavour from the approved catalogue items (CAT-1, CAT-4).",
    title=Text("云主机规格必须来自已批准的目录条目", "Servers use approved catalogue flavours"),
    severity="high",
    seed_articles="000 Art. 73(4); 002 Art. 10",
    mlps_clause="—",
    remediation=Text("使用申请中批准的规格", "use the flavour the approved request lists"),
    config_keys=("approvedFlavors",),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a server whose flavour is not named, or not in ``approvedFlavors``."""
    found = unlisted(
        args, "flavorName", "approvedFlavors", blank=f"id {args.props.get('flavorId') or '(none)'}"
    )
    if found is None:
        return
    shown, approved = found
    report_violation(
        f"Instance '{args.name}' uses flavour {shown}, which the approved request does not list (CAT-1, CAT-4): "
        f"use one of {', '.join(approved)} by name.",
        None,
    )
