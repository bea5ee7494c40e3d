"""``govcloud maintenance status``: every window's state and what broke OPS-1, as of a moment.

A flag is a registered rule id (``govcloud.lifecycle.maintenance_rules``): started without the
authority's approval, started without notice to the tenants, notice given late, a window (as worked)
longer than the catalogue allowed when it was planned, overrunning its planned end. A cancelled window
raises none. The monthly report shows the same flags for the windows of its month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.lifecycle.maintenance import CANCELLED, DONE, Window, fold, window_paths
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.rule import Outcome
from govcloud.lifecycle.rules import requirements_of

if TYPE_CHECKING:
    from pathlib import Path

_SECONDS_PER_HOUR = 3600


@dataclass(frozen=True, slots=True)
class Flag:
    """One breach of OPS-1; its kind is registered as a flag (``Outcome.OVERDUE``)."""

    kind: str
    text: Text

    def __post_init__(self) -> None:
        """Fail here for a kind the registry does not hold as a flag."""
        requirements_of(self.kind, Outcome.OVERDUE)

    @property
    def requirement(self) -> str:
        """The kind's requirement IDs."""
        return ", ".join(requirements_of(self.kind, Outcome.OVERDUE))

    def as_json(self) -> dict[str, str]:
        """As the JSON outputs list it."""
        return {"kind": self.kind, "requirement": self.requirement, "zh": self.text.zh, "en": self.text.en}


@dataclass(frozen=True, slots=True)
class WindowStatus:
    """One window as of a moment."""

    window: Window
    phase: str
    flags: tuple[Flag, ...]

    def as_json(self) -> dict[str, Any]:
        """The ``--format json`` shape."""
        w = self.window
        return {
            "windowId": w.window_id,
            "stage": w.stage,
            "phase": self.phase,
            "start": w.start.isoformat() if w.start else None,
            "end": w.end.isoformat() if w.end else None,
            "endedAt": w.ended_at.isoformat() if w.ended_at else None,
            "affects": list(w.affects),
            "impact": {"zh": w.impact.zh, "en": w.impact.en},
            "noticeBy": w.notice_by.isoformat() if w.notice_by else None,
            "noticeWorkingDays": w.notice_given,
            "requiredWorkingDays": w.notice_working_days,
            "flags": [flag.as_json() for flag in self.flags],
        }


def window_status(window: Window, now: datetime) -> WindowStatus:
    """The window's phase and flags at ``now``."""
    start, end = window.start, window.end
    if start is None or end is None or window.stage == CANCELLED:
        return WindowStatus(window, window.stage, ())
    started = now >= start
    if window.stage == DONE:
        phase = DONE
    elif not started:
        phase = "upcoming"
    else:
        phase = "in-window" if now <= end else "overrunning"
    return WindowStatus(window, phase, tuple(_flags(window, start, end, now, started=started)))


def _flags(window: Window, start: datetime, end: datetime, now: datetime, *, started: bool) -> list[Flag]:
    flags = []
    if started and window.approved_at is None:
        flags.append(
            Flag("maintenance-approved-before-start", Text("未经批准即开始", "started without approval"))
        )
    if started and (window.announced_at is None or window.announced_at >= start):
        flags.append(
            Flag("maintenance-announced-before-start", Text("未通知租户即开始", "started without notice"))
        )
    if window.notice_given is not None and window.notice_given < window.notice_working_days:
        reasons = "; ".join(window.late_reasons)
        flags.append(
            Flag(
                "maintenance-notice-in-time",
                Text(
                    f"通知迟发：提前 {window.notice_given} 个工作日，须 {window.notice_working_days} 个（{reasons}）",
                    f"notice late: {window.notice_given} of {window.notice_working_days} working days ({reasons})",
                ),
            )
        )
    reach = worked_until(window, end, now, started=started)
    hours = (reach - start).total_seconds() / _SECONDS_PER_HOUR
    if hours > window.max_window_hours:
        flags.append(
            Flag(
                "maintenance-window-within-limit",
                Text(
                    f"窗口长 {hours:.1f} 小时，超过允许的 {window.max_window_hours} 小时",
                    f"the window lasted {hours:.1f} h, longer than the {window.max_window_hours} h allowed",
                ),
            )
        )
    if reach > end:
        minutes = int((reach - end).total_seconds() // 60)
        still = "" if window.ended_at else "（仍在进行）"
        flags.append(
            Flag(
                "maintenance-ends-on-time",
                Text(
                    f"超出计划结束时间 {minutes} 分钟{still}",
                    f"overran its planned end by {minutes} min{'' if window.ended_at else ' (still going)'}",
                ),
            )
        )
    return flags


def worked_until(window: Window, end: datetime, now: datetime, *, started: bool) -> datetime:
    """When the work ended: as recorded, else its planned end, or now once that has passed."""
    return window.ended_at or (max(end, now) if started else end)


def maintenance_status(records: Path, now: datetime) -> list[WindowStatus]:
    """Every window planned by ``now``, by id, from its entries up to ``now`` (a past day is judged as it was)."""
    found = []
    for path in window_paths(records):
        entries = [e for e in read_entries(path) if datetime.fromisoformat(e["at"]) <= now]
        if entries:
            found.append(window_status(fold(path.name.removesuffix(".jsonl"), entries), now))
    return found


def table(rows: list[WindowStatus]) -> str:
    """The plain-text table: one line a window, its flags after it."""
    lines = [
        f"{'window':<14} {'stage':<10} {'phase':<12} {'start':<20} {'end':<20} {'notice by':<11} affects"
    ]
    for row in rows:
        w = row.window
        lines.append(
            f"{w.window_id:<14} {w.stage:<10} {row.phase:<12} {_at(w.start):<20} {_at(w.end):<20} "
            f"{w.notice_by.isoformat() if w.notice_by else '-':<11} {', '.join(w.affects)}"
        )
        lines += [f"  [{flag.kind}] ({flag.requirement}) {flag.text.joined()}" for flag in row.flags]
    return "\n".join(lines) + "\n"


def _at(moment: datetime | None) -> str:
    return moment.isoformat(timespec="minutes")[:16].replace("T", " ") if moment else "-"
