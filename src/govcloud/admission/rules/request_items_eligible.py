"""CAT-1, SEC-2, SEC-3: each item states the levels and zones that may use it.

A level above the platform's is refused once by request-level-within-platform; repeating it
for every line would bury the cause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-items-eligible",
    title=Text(
        "条目须适用于本系统的等保级别和网络区域", "Use items open to the system's 等保 level and zone"
    ),
    severity=Severity.ERROR,
    requirements=("CAT-1", "SEC-2", "SEC-3"),
    seed_articles="000 Art. 73(4); 001 Art. 21; 000 Art. 6",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each item not open to the system's level (when that is within the platform's) or zone."""
    judge_level = controls.level_within_platform(ctx.level, ctx.catalogue.platform.mlps_level)
    for path, item_id in ctx.references:
        item = ctx.catalogue.get(item_id)
        if item is None:
            continue
        if judge_level and ctx.level not in item.offering.levels:
            allowed = ", ".join(str(level) for level in sorted(item.offering.levels))
            yield violation(
                path,
                (
                    f"{item_id} 只适用于第 {allowed} 级系统，本系统为第{ctx.level}级",
                    f"{item_id} is for 等保 levels {allowed}; the system is level {ctx.level}",
                ),
                (
                    "改选适用于本级别的条目（如加密类型、带异地副本的备份）",
                    "choose an item open to this level (e.g. an encrypted type, a backup with an off-site copy)",
                ),
            )
        if ctx.zone is not None and ctx.zone not in item.offering.zones:
            allowed = ", ".join(sorted(item.offering.zones))
            yield violation(
                path,
                (
                    f"{item_id} 只能用于 {allowed} 区域，本系统位于 {ctx.zone}",
                    f"{item_id} may be used in zones {allowed}; the system is in {ctx.zone}",
                ),
                (
                    "改选本区域可用的条目，或确认系统所在区域是否正确",
                    "choose an item offered in this zone, or check the system's zone",
                ),
            )
