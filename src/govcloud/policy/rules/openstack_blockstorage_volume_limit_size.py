"""Each volume stays within its catalogue type's minimum and maximum size.

A volume type without configured limits is not checked here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import VOLUME
from govcloud.policy.support import as_int, setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-blockstorage-volume-limit-size",
    kind=RESOURCE,
    resource_types=(VOLUME,),
    description="Keep each volume within its catalogue type's size limits (CAT-4).",
    title=Text("云硬盘容量须在目录限制内", "Volume sizes within catalogue limits"),
    severity="medium",
    seed_articles="002 Art. 10",
    mlps_clause="—",
    remediation=Text(
        "按目录的最小/最大容量调整 size", "resize to within the catalogue's minimum and maximum"
    ),
    config_keys=("volumeSizeLimits",),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a size outside the type's limits."""
    limits = setting(args, "volumeSizeLimits").get(str(args.props.get("volumeType") or ""))
    size = as_int(args.props.get("size"))
    if not limits or size is None:
        return
    low, high = int(limits[0]), int(limits[1])
    if not low <= size <= high:
        report_violation(
            f"Volume '{args.name}' is {size} GiB, outside {low}-{high} GiB for its type (CAT-4): resize it "
            "within the catalogue limits.",
            None,
        )
