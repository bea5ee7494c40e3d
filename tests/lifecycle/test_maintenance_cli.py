"""``govcloud maintenance`` as people run it (OPS-1): exit codes 0/1/2, one bilingual line, nothing written.

The commands sign with the real clock, so the windows are placed relative to now: one a month ahead
(notice in time whatever the calendar), one tomorrow (too late for five working days' notice).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main
from govcloud.lifecycle.clock import CHINA

if TYPE_CHECKING:
    from conftest import Desk


def _run(desk: Desk, *argv: str) -> int:
    return desk.cli("maintenance", *argv)


def _plan(desk: Desk, window: str, days_ahead: int, *extra: str) -> int:
    start = (datetime.now(CHINA) + timedelta(days=days_ahead)).replace(
        hour=22, minute=0, second=0, microsecond=0
    )
    span = ["--start", start.isoformat(), "--end", (start + timedelta(hours=4)).isoformat()]
    impact = ["--impact-zh", "数据库版本升级", "--impact-en", "database version upgrade"]
    return _run(
        desk, "plan", window, *span, *impact, "--affects", "all", "--as", "赵磊", "--role", "provider", *extra
    )


def test_plan_approve_announce_then_status_and_verify(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """OPS-1: a window a month ahead, approved and announced: recorded, signed, no flag (exit 0)."""
    assert _plan(desk, "MNT-2026-101", 30) == 0
    assert _run(desk, "approve", "MNT-2026-101", "--as", "刘洋", "--role", "authority") == 0
    assert _run(desk, "announce", "MNT-2026-101", "--as", "赵磊", "--role", "provider") == 0
    out = capsys.readouterr().out
    assert "recorded #3 maintenance-announced of MNT-2026-101 by 赵磊 (provider), sm3:" in out
    assert "late" not in out
    assert main(["maintenance", "status", "--records", str(desk.records), "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["windowId"], row["stage"], row["phase"], row["flags"]) == (
        "MNT-2026-101",
        "announced",
        "upcoming",
        [],
    )
    assert main(["verify", "--records", str(desk.records)]) == 0
    assert "MNT-2026-101.jsonl: ok, 3 entries, head sm3:" in capsys.readouterr().out
    assert main(["verify", "MNT-2026-101", "--records", str(desk.records)]) == 0


def test_short_notice_is_refused_then_recorded_late_and_flagged(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """OPS-1: tomorrow is too late for five working days; --late records it, and status exits 1."""
    assert _plan(desk, "MNT-2026-102", 1) == 0
    assert _run(desk, "approve", "MNT-2026-102", "--as", "刘洋", "--role", "authority") == 0
    capsys.readouterr()
    before = desk.snapshot()
    assert _run(desk, "announce", "MNT-2026-102", "--as", "赵磊", "--role", "provider") == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "govcloud maintenance: --late (OPS-1): 距窗口开始日只有 0 个工作日，须至少 5 个（最迟 "
    )
    assert err.endswith("(the notice is then flagged late) [maintenance-notice-in-time]\n")
    assert "Traceback" not in err
    assert desk.snapshot() == before
    late = ["--late", "紧急安全补丁 / urgent security patch"]
    assert _run(desk, "announce", "MNT-2026-102", *late, "--as", "赵磊", "--role", "provider") == 0
    assert "(notice late / 通知迟发)" in capsys.readouterr().out
    assert main(["maintenance", "status", "--records", str(desk.records)]) == 1
    out = capsys.readouterr().out
    assert (
        "  [maintenance-notice-in-time] (OPS-1) 通知迟发：提前 0 个工作日，须 5 个（紧急安全补丁 / urgent security patch）"
        in out
    )


@pytest.mark.parametrize(
    ("argv", "code", "line"),
    [
        (
            ["approve", "../../etc/MNT", "--as", "刘洋", "--role", "authority"],
            2,
            (
                "govcloud maintenance: MNT-ID (OPS-1): 维护窗口编号须写成 MNT-YYYY-NNN：'../../etc/MNT' / a maintenance "
                "window id is written MNT-YYYY-NNN: '../../etc/MNT' [maintenance-id-valid]\n"
            ),
        ),
        (
            ["approve", "MNT-2026-009", "--as", "刘洋", "--role", "authority"],
            2,
            (
                "govcloud maintenance: MNT-2026-009 (OPS-1): 维护窗口 MNT-2026-009 尚未计划（没有记录） / maintenance window "
                "MNT-2026-009 was never planned (no record) [maintenance-window-present]\n"
            ),
        ),
        (
            ["announce", "MNT-2026-103", "--as", "赵磊", "--role", "provider"],
            1,
            (
                "govcloud maintenance: maintenance-announced (OPS-1): 维护窗口 MNT-2026-103 处于 planned，不能记录 "
                "maintenance-announced（须在 approved 之后） / window MNT-2026-103 is planned: maintenance-announced only "
                "follows approved [maintenance-stage-allows]\n"
            ),
        ),
        (
            ["approve", "MNT-2026-103", "--as", "王敏", "--role", "requester"],
            1,
            (
                "govcloud maintenance: --role (OPS-1, SEC-4): maintenance-approved 只能由 authority 记录，不能由 requester "
                "记录 / maintenance-approved is recorded by authority only, not by requester [maintenance-role-allowed]\n"
            ),
        ),
    ],
)
def test_bad_input_exits_2_and_refusals_1_with_one_bilingual_line(
    desk: Desk, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, line: str
) -> None:
    """OPS-1, SEC-4: the field, the rule id and its requirements; nothing written either way."""
    assert _plan(desk, "MNT-2026-103", 30) == 0
    capsys.readouterr()
    before = desk.snapshot()
    assert _run(desk, *argv) == code
    assert capsys.readouterr().err == line
    assert desk.snapshot() == before


def test_a_bad_plan_and_a_bad_today_are_unusable(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """OPS-1: an end before its start, a --today that is no date: exit 2, one line, no record."""
    span = [
        "--start",
        "2030-01-05T22:00",
        "--end",
        "2030-01-05T21:00",
        "--impact-zh",
        "升级",
        "--impact-en",
        "upgrade",
    ]
    assert (
        _run(desk, "plan", "MNT-2030-001", *span, "--affects", "all", "--as", "赵磊", "--role", "provider")
        == 2
    )
    assert capsys.readouterr().err == (
        "govcloud maintenance: --end (OPS-1): 结束时间 2030-01-05T21:00:00+08:00 须晚于开始时间 / the end "
        "2030-01-05T21:00:00+08:00 is not after the start [maintenance-window-valid]\n"
    )
    assert not (desk.records / "maintenance").exists()
    assert main(["maintenance", "status", "--today", "yesterday", "--records", str(desk.records)]) == 2
    assert "[maintenance-window-valid]" in capsys.readouterr().err
