"""Working days in China: weekends, public holidays and the adjusted workdays (调休) in between.

The calendar is ``chinese-calendar``'s data, taken from the State Council's yearly notice (国务院办公厅
关于部分节假日安排的通知). Chosen over ``holidays`` (which also knows the adjusted workdays) because it
refuses a year it has no notice for instead of guessing one: the notice comes out each November, and
for such a year we count Monday to Friday and mark the due date *estimated*, so ``govcloud status``
says so until the package is updated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar

SATURDAY = 5


@dataclass(frozen=True, slots=True)
class DueDate:
    """A deadline, and whether a year without official data made it an estimate."""

    day: date
    estimated: bool


@cache
def is_workday(day: date) -> tuple[bool, bool]:
    """(working day?, estimated?) for one day."""
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < SATURDAY, True


@cache
def add_working_days(start: date, days: int) -> DueDate:
    """The ``days``-th working day after ``start`` (the start day itself does not count)."""
    current, counted, estimated = start, 0, False
    while counted < days:
        current += timedelta(days=1)
        working, guessed = is_workday(current)
        estimated |= guessed
        counted += working
    return DueDate(current, estimated)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``: how long a response took, as deadlines count."""
    return sum(is_workday(start + timedelta(days=n))[0] for n in range(1, (end - start).days + 1))
