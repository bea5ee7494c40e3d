"""Platform maintenance windows (OPS-1): one signed, chained record per window, and its state.

Maintenance is the platform's, not one request's, so a window has its own record,
``<records>/maintenance/<MNT-YYYY-NNN>.jsonl``, in the request records' format (``govcloud.lifecycle.record``:
SM3 chain, SM2 signatures, checked by ``govcloud verify``), whose entries name the window instead of a
request version. The provider plans a window, the authority approves it, the provider announces it to
the tenants and records it done; either may cancel it before it starts.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.events import EventRule
from govcloud.lifecycle.roles import AUTHORITY, PROVIDER

if TYPE_CHECKING:
    from pathlib import Path

ENTRY_SCHEMA = "maintenance-entry-1.0.json"
FOLDER = "maintenance"
ALL = "all"
"""``affects`` of a window that may touch every system on the platform."""
WINDOW_ID = re.compile(r"^MNT-\d{4}-\d{3,6}$")
_REQUIRES = ("OPS-1",)

PLANNED, APPROVED, ANNOUNCED, DONE, CANCELLED = "planned", "approved", "announced", "done", "cancelled"
OPEN = frozenset({PLANNED, APPROVED, ANNOUNCED})
EVENTS: dict[str, EventRule] = {
    "maintenance-planned": EventRule(frozenset({PROVIDER}), frozenset({"new"}), PLANNED, _REQUIRES),
    "maintenance-approved": EventRule(frozenset({AUTHORITY}), frozenset({PLANNED}), APPROVED, _REQUIRES),
    "maintenance-announced": EventRule(frozenset({PROVIDER}), frozenset({APPROVED}), ANNOUNCED, _REQUIRES),
    "maintenance-done": EventRule(frozenset({PROVIDER}), OPEN, DONE, _REQUIRES),
    "maintenance-cancelled": EventRule(frozenset({PROVIDER, AUTHORITY}), OPEN, CANCELLED, _REQUIRES),
}
"""Who records each event, after which stage. ``done`` follows any open stage: a window worked without
approval or notice is still recorded as it happened, and flagged (``govcloud.lifecycle.maintenance_status``)."""


@dataclass(frozen=True, slots=True)
class WindowRef:
    """What a maintenance entry is about (``govcloud.lifecycle.record.Subject``)."""

    key: ClassVar[str] = "window"
    window_id: str

    def as_json(self) -> dict[str, Any]:
        """As written in an entry."""
        return {"id": self.window_id}


@dataclass(slots=True)
class Window:
    """What a window's record says now."""

    window_id: str
    stage: str = "new"
    start: datetime | None = None
    end: datetime | None = None
    impact: Text = field(default_factory=lambda: Text("", ""))
    affects: tuple[str, ...] = ()
    notice_working_days: int = 0
    """The notice the catalogue required when the window was planned."""
    max_window_hours: int = 0
    notice_by: date | None = None
    """The last day the tenants may be told in time."""
    planner: dict[str, str] = field(default_factory=dict)
    approved_at: datetime | None = None
    announced_at: datetime | None = None
    notice_given: int | None = None
    """Working days of notice the announcement gave."""
    late_reasons: tuple[str, ...] = ()
    ended_at: datetime | None = None
    cancelled_at: datetime | None = None


def fold(window_id: str, entries: list[dict[str, Any]]) -> Window:
    """Replay a window's entries in order."""
    window = Window(window_id)
    for entry in entries:
        at, data = datetime.fromisoformat(entry["at"]), entry["data"]
        event = entry["event"]
        if event == "maintenance-planned":
            window.start, window.end = (
                datetime.fromisoformat(data["start"]),
                datetime.fromisoformat(data["end"]),
            )
            window.impact = Text(data["impact"]["zh"], data["impact"]["en"])
            window.affects = tuple(data["affects"])
            window.notice_working_days = int(data["noticeWorkingDays"])
            window.max_window_hours = int(data["maxWindowHours"])
            window.notice_by = date.fromisoformat(data["noticeBy"])
            window.planner = dict(entry["actor"])
        elif event == "maintenance-approved":
            window.approved_at = at
        elif event == "maintenance-announced":
            window.announced_at = at
            window.notice_given = int(data["noticeWorkingDays"])
            window.late_reasons = tuple(data.get("reasons", ()))
        elif event == "maintenance-done":
            window.ended_at = datetime.fromisoformat(data["endedAt"])
        elif event == "maintenance-cancelled":
            window.cancelled_at = at
        window.stage = EVENTS[event].stage or window.stage
    return window


def check_window_id(window_id: str) -> str:
    """The id when it is ``MNT-YYYY-NNN``; anything else (a path, say) is unusable input."""
    if not WINDOW_ID.match(window_id):
        raise LifecycleError(
            "maintenance-id-valid",
            "MNT-ID",
            Text(
                f"维护窗口编号须写成 MNT-YYYY-NNN：{window_id[:60]!r}",
                f"a maintenance window id is written MNT-YYYY-NNN: {window_id[:60]!r}",
            ),
        )
    return window_id


def window_path(records: Path, window_id: str) -> Path:
    """One record per window, beside the requests' records."""
    return records / FOLDER / f"{check_window_id(window_id)}.jsonl"


def window_paths(records: Path) -> list[Path]:
    """Every window's record, by id (none when the folder does not exist yet)."""
    folder = records / FOLDER
    if not folder.is_dir():
        return []
    names = sorted(
        e.name
        for e in os.scandir(folder)
        if e.name.endswith(".jsonl") and WINDOW_ID.match(e.name.removesuffix(".jsonl")) and e.is_file()
    )
    return [folder / name for name in names]
