"""LC-10: the old system stays as the rollback path for at least one calendar month after cut-over."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-migration-keeps-old-system",
    title=Text("迁移上云须保留原系统至少一个月", "Keep the old system at least one month after a migration"),
    severity=Severity.ERROR,
    requirements=("LC-10",),
    seed_articles="000 Art. 73(3)",
)

_ONE_MONTH_DAYS = 28


def check(ctx: RequestContext) -> Iterator[Violation]:
    """The retention date, when it is less than a calendar month after the cut-over."""
    migration = ctx.spec.get("migration")
    if migration is None:
        return
    cutover = date.fromisoformat(migration["cutover"])
    until = date.fromisoformat(migration["retainOldSystemUntil"])
    if not _at_least_one_month(cutover, until):
        yield violation(
            ("spec", "migration", "retainOldSystemUntil"),
            (
                f"原系统仅保留到 {until}，不足割接（{cutover}）后一个月",
                f"the old system is kept only until {until}, less than one month after the cut-over on {cutover}",
            ),
            (
                "原系统至少保留一个月作为回退手段",
                "keep the old system for at least one month as the rollback path",
            ),
        )


def _at_least_one_month(start: date, end: date) -> bool:
    """Calendar month: 01-31 -> 02-28 counts; day clamped to the target month's length."""
    if (end - start).days < _ONE_MONTH_DAYS:
        return False
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)  # noqa: PLR2004 - December
    for day in (start.day, 30, 29, 28):
        try:
            return end >= date(year, month, day)
        except ValueError:
            continue
    return False
