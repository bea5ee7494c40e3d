"""Deadlines in working days with the official holiday calendar (LC-3, LC-4, LC-6, LC-8, LC-9).

Pinned against 国务院办公厅关于2026年部分节假日安排的通知 (the State Council General Office notice on
the 2026 holidays): 国庆节 10月1日至7日放假调休，共7天；9月20日（周日）、10月10日（周六）上班.
中秋节 9月25日至27日; 春节 2月15日至23日，2月14日（周六）、2月28日（周六）上班.
The package's data is the source; these dates only check that it matches the notice.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import fold
from govcloud.lifecycle.status import row
from govcloud.lifecycle.workdays import add_working_days, is_workday

if TYPE_CHECKING:
    from conftest import Desk


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 20), True),  # Sunday, adjusted workday before National Day
        (date(2026, 9, 25), False),  # Mid-Autumn Festival, a Friday
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),  # a Wednesday inside the holiday
        (date(2026, 10, 10), True),  # Saturday, adjusted workday
        (date(2026, 10, 11), False),
        (date(2026, 2, 14), True),  # Saturday before the Spring Festival
        (date(2026, 2, 16), False),
    ],
)
def test_calendar_matches_the_2026_notice(day: date, working: bool) -> None:  # noqa: FBT001
    assert is_workday(day) == (working, False)


def test_acceptance_due_across_national_day_lands_on_the_adjusted_saturday() -> None:
    """LC-3: submitted Wed 30 Sep; 3 working days are Thu 8, Fri 9 and Sat 10 October."""
    due = add_working_days(date(2026, 9, 30), 3)
    assert (due.day, due.estimated) == (date(2026, 10, 10), False)
    assert add_working_days(date(2026, 9, 30), 4).day == date(2026, 10, 12)
    assert add_working_days(date(2026, 9, 18), 2).day == date(
        2026, 9, 21
    )  # Fri 18 -> Sun 20 (worked), Mon 21


def test_a_year_without_official_data_is_counted_mon_to_fri_and_flagged() -> None:
    due = add_working_days(date(2031, 3, 6), 3)  # Thursday
    assert (due.day, due.estimated) == (date(2031, 3, 11), True)


def test_status_of_a_submission_shows_due_date_and_overdue(desk: Desk) -> None:
    desk.act("submitted", "王敏", "requester", "2026-09-30 10:00", file=True)
    state = fold(read_entries(desk.record))
    on_time = row(state, date(2026, 10, 10))
    assert (on_time.stage, on_time.due, on_time.requirement, on_time.overdue_days) == (
        "submitted",
        date(2026, 10, 10),
        "LC-3",
        0,
    )
    late = row(state, date(2026, 10, 13))
    assert late.overdue_days == 3
    assert any(flag.startswith("overdue 3 day(s) (LC-3)") for flag in late.flags)


def test_status_cli_json_and_table(approved: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """LC-4: approved Fri 9 Oct; provisioning due in 3 working days: Sat 10 (adjusted), Mon 12, Tue 13."""
    assert (
        main(["status", "--records", str(approved.records), "--today", "2026-10-14", "--format", "json"]) == 0
    )
    (status,) = json.loads(capsys.readouterr().out)
    assert status["stage"] == "approved"
    assert status["due"] == "2026-10-13"
    assert status["overdueDays"] == 1
    assert main(["status", "--records", str(approved.records), "--today", "2026-10-12"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[1].split()[:3] == ["REQ-2026-0042", "approved", "1"]
    assert "2026-10-13" in table[1]
