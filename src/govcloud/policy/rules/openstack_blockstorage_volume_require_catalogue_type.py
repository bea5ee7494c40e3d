"""Volumes use a volume type the approved request lists (never the cloud's unnamed default)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import VOLUME
from govcloud.policy.support import unlisted

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-blockstorage-volume-require-catalogue-type",
    kind=RESOURCE,
    resource_types=(VOLUME,),
    description="Require volumes to use a volume type from the approved catalogue items (CAT-1).",
    title=Text("云硬盘类型必须来自已批准的目录条目", "Volumes use approved catalogue types"),
    severity="high",
    seed_articles="000 Art. 73(4)",
    mlps_clause="—",
    remediation=Text("使用申请中批准的云硬盘类型", "use a volume type the approved request lists"),
    config_keys=("approvedVolumeTypes",),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a volume without a type, or with a type outside ``approvedVolumeTypes``."""
    found = unlisted(args, "volumeType", "approvedVolumeTypes", blank="(cloud default)")
    if found is not None:
        shown, approved = found
        report_violation(
            f"Volume '{args.name}' uses volume type {shown}, which the approved request "
            f"does not list (CAT-1): use one of {', '.join(approved)}.",
            None,
        )
