"""Each volume stays within its catalogue type's minimum and maximum size.

Severity: medium. Requirement: CAT-4 (reasonable sizes, as approved). Seed: 002 Art. 10.
Config: ``volumeSizeLimits`` ({type: [min GiB, max GiB]}); a type without limits is not checked here.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import VOLUME
from govcloud.policy.support import as_int, policy_kwargs, setting

NAME = "openstack-blockstorage-volume-limit-size"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a size outside the type's limits."""
    if args.resource_type != VOLUME:
        return
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


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
