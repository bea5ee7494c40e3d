"""LC-11: periodic loads give dated windows; burst loads at least the extra resources; dates exist."""

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
    id="request-workload-schedule-declared",
    title=Text(
        "周期性或突发负载须申报额外资源计划",
        "Declare the schedule of extra resources for periodic or burst loads",
    ),
    severity=Severity.ERROR,
    requirements=("LC-11", "CAT-4"),
    seed_articles="000 Art. 73(2)",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Dates no year has, and a periodic or burst load without its windows."""
    workload = ctx.spec["workload"]
    pattern, schedule = workload["pattern"], workload.get("schedule", [])
    for index, entry in enumerate(schedule):
        for bound in ("start", "end"):
            if bound in entry and controls.day_of_year(entry[bound]) is None:
                yield violation(
                    ("spec", "workload", "schedule", index, bound),
                    (f"{entry[bound]} 不是一年中存在的日期", f"{entry[bound]} is not a day of any year"),
                    ("改为存在的日期（MM-DD）", "give a day that exists (MM-DD)"),
                )
    if pattern == "steady":
        return
    if not schedule:
        yield violation(
            ("spec", "workload", "schedule"),
            (
                f"负载类型为 {pattern}，但未申报额外资源计划",
                f"the load is {pattern} but no schedule of extra resources is given",
            ),
            (
                "在 workload.schedule 中写明时段和所需额外资源",
                "list the windows and the extra resources in workload.schedule",
            ),
        )
    for index, entry in enumerate(schedule):
        if pattern == "periodic" and ("start" not in entry or "end" not in entry):
            yield violation(
                ("spec", "workload", "schedule", index),
                (
                    "周期性负载的每个时段须有起止日期（MM-DD）",
                    "every window of a periodic load needs start and end dates (MM-DD)",
                ),
                ("补充 start 和 end", "add start and end"),
            )
