"""CAT-4: per-request maximums (summed over lines of one item) and per-volume sizes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation
    from govcloud.loader import PathKey


RULE = RuleInfo(
    id="request-quantities-within-limits",
    title=Text("数量和容量须在目录限额内", "Keep quantities and sizes within the catalogue's limits"),
    severity=Severity.ERROR,
    requirements=("CAT-4",),
    seed_articles="002 Art. 10",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Items ordered above their per-request maximum, and sizes missing or out of range."""
    totals: dict[str, int] = {}
    first_line: dict[str, PathKey] = {}
    for line in ctx.lines:
        if line.item is None:
            continue
        totals[line.item.id] = totals.get(line.item.id, 0) + line.count
        first_line.setdefault(line.item.id, (*line.path, "count"))
        if line.item.offering.unit == "gib" and line.item.kind == "BackupService":
            yield from _size_violations((*line.path, "sizeGiB"), line.data.get("sizeGiB"), line.item)
    for item_id, total in totals.items():
        item = ctx.catalogue.items[item_id]
        limit = item.offering.max_per_request
        if limit is not None and total > limit:
            yield violation(
                first_line[item_id],
                (
                    f"{item_id} 共申请 {total}，超过单次申请上限 {limit}",
                    f"{total} of {item_id} ordered; a request may order at most {limit}",
                ),
                (
                    "按测算依据压缩数量，或分期申请并说明理由",
                    "reduce the quantity to what the sizing basis supports, or phase the order with a justification",
                ),
            )
    for volume in ctx.volumes:
        if volume.item is not None and volume.item.kind == "VolumeType":
            yield from _size_violations((*volume.path, "sizeGiB"), volume.data["sizeGiB"], volume.item)


def _size_violations(path: PathKey, size: Any, item: Any) -> Iterator[Violation]:
    if size is None:
        yield violation(
            path,
            (f"{item.id} 按容量计费，须填写 sizeGiB", f"{item.id} is priced by capacity; give sizeGiB"),
            ("按数据量和保留期测算容量后填写", "size it from the data volume and retention period"),
        )
        return
    low, high = item.offering.min_size_gib, item.offering.max_size_gib
    if (low is not None and size < low) or (high is not None and size > high):
        yield violation(
            path,
            (
                f"{item.id} 单个容量须在 {low}–{high} GiB 之间，申请为 {size} GiB",
                f"one {item.id} must be {low}-{high} GiB; {size} GiB requested",
            ),
            (
                "调整容量，超出上限时拆分为多块",
                "adjust the size; split it into several volumes above the maximum",
            ),
        )
