"""The monthly report's maintenance section (OPS-1): the month's windows, hours per affected system, flags.

7x24 operation allows only planned maintenance (and force majeure), so the report shows how much of the
month each system spent in planned windows and how much beyond them (a window overrunning its end),
with every OPS-1 flag of those windows as of the report's day. A window that ``affects`` ``all``
counts for every system built (``govcloud.lifecycle.events.BUILT``) when it starts; a cancelled
window counts for none. Hours are the window's overlap with the month, to the hundredth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any

from govcloud.lifecycle.events import BUILT
from govcloud.lifecycle.maintenance import ALL, CANCELLED
from govcloud.lifecycle.maintenance_status import WindowStatus, maintenance_status, worked_until
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import fold
from govcloud.lifecycle.status import record_paths

if TYPE_CHECKING:
    from pathlib import Path

_SECONDS_PER_HOUR = 3600


@dataclass(frozen=True, slots=True)
class WindowHours:
    """One window of the month: its status, hours in the month (planned, beyond its end), systems touched."""

    status: WindowStatus
    planned_hours: float
    overrun_hours: float
    systems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SystemHours:
    """One affected system's maintenance in the month."""

    request_id: str
    unit: str
    windows: tuple[str, ...]
    planned_hours: float
    overrun_hours: float


@dataclass(frozen=True, slots=True)
class MaintenanceSection:
    """What the report shows about maintenance."""

    month_hours: float
    windows: tuple[WindowHours, ...]
    systems: tuple[SystemHours, ...]

    @property
    def flag_count(self) -> int:
        """Flags raised by the month's windows."""
        return sum(len(w.status.flags) for w in self.windows)

    def as_json(self) -> dict[str, Any]:
        """The report's ``maintenance`` key."""
        return {
            "requirement": "OPS-1",
            "monthHours": self.month_hours,
            "windows": [
                {
                    **w.status.as_json(),
                    "plannedHours": w.planned_hours,
                    "overrunHours": w.overrun_hours,
                    "systems": list(w.systems),
                }
                for w in self.windows
            ],
            "systems": [
                {
                    "requestId": s.request_id,
                    "unit": s.unit,
                    "windows": list(s.windows),
                    "plannedHours": s.planned_hours,
                    "overrunHours": s.overrun_hours,
                    "plannedShare": round(s.planned_hours / self.month_hours, 4),
                }
                for s in self.systems
            ],
            "flags": [
                {"windowId": w.status.window.window_id, **flag.as_json()}
                for w in self.windows
                for flag in w.status.flags
            ],
        }

    def csv_rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """(section, tenant, request, subject, detail, requirement) of each window, system's hours and flag.

        A window's row gives its phase and span; an hours row the system (tenant, request), the window
        (subject) and the hours (detail), planned or beyond the window's end; a flag row the window and the flag.
        """
        rows = []
        for w in self.windows:
            window = w.status.window
            span = f"{window.start} - {window.end}; affects {' '.join(window.affects)}"
            rows.append(("maintenance-window", "", window.window_id, w.status.phase, span, "OPS-1"))
        units = {s.request_id: s.unit for s in self.systems}
        for w in self.windows:
            window_id = w.status.window.window_id
            for request_id in w.systems:
                unit = units[request_id]
                rows.append(
                    ("maintenance-planned-hours", unit, request_id, window_id, f"{w.planned_hours}", "OPS-1")
                )
                if w.overrun_hours:
                    rows.append(
                        (
                            "maintenance-overrun-hours",
                            unit,
                            request_id,
                            window_id,
                            f"{w.overrun_hours}",
                            "OPS-1",
                        )
                    )
        rows += [
            (
                "maintenance-flag",
                "",
                w.status.window.window_id,
                flag.kind,
                flag.text.joined(),
                flag.requirement,
            )
            for w in self.windows
            for flag in w.status.flags
        ]
        return rows


def maintenance_section(
    records: Path, start: datetime, end: datetime, moment: datetime
) -> MaintenanceSection:
    """The windows overlapping [``start``, ``end``), judged at ``moment``."""
    requests = [read_entries(path) for path in record_paths(records)]
    windows = []
    for status in maintenance_status(records, moment):
        window = status.window
        if window.stage == CANCELLED or window.start is None or window.end is None:
            continue
        reach = worked_until(window, window.end, moment, started=moment >= window.start)
        if window.start >= end or reach <= start:
            continue
        touched = window.affects if window.affects != (ALL,) else _built_at(requests, window.start)
        planned = _overlap(window.start, window.end, start, end)
        windows.append(WindowHours(status, planned, _overlap(window.end, reach, start, end), touched))
    units = {entries[0]["request"]["id"]: fold(entries).unit for entries in requests if entries}
    by_system: dict[str, list[WindowHours]] = {}
    for w in windows:
        for request_id in w.systems:
            by_system.setdefault(request_id, []).append(w)
    systems = tuple(
        SystemHours(
            request_id,
            units.get(request_id, ""),
            tuple(w.status.window.window_id for w in mine),
            round(sum(w.planned_hours for w in mine), 2),
            round(sum(w.overrun_hours for w in mine), 2),
        )
        for request_id, mine in sorted(by_system.items())
    )
    return MaintenanceSection(
        round((end - start).total_seconds() / _SECONDS_PER_HOUR, 2), tuple(windows), systems
    )


def _built_at(requests: list[list[dict[str, Any]]], moment: datetime) -> tuple[str, ...]:
    """The systems whose resources exist at ``moment``: what a window over ``all`` touches."""
    return tuple(
        entries[0]["request"]["id"]
        for entries in requests
        if entries and fold([e for e in entries if datetime.fromisoformat(e["at"]) <= moment]).stage in BUILT
    )


def _overlap(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> float:
    seconds = (min(a_end, b_end) - max(a_start, b_start)).total_seconds()
    return round(max(0.0, seconds) / _SECONDS_PER_HOUR, 2)


def section_html(section: MaintenanceSection) -> str:
    """The report page's maintenance section; numbers a checker reads back carry ``data-`` attributes."""
    windows = "".join(
        f'<tr data-window="{escape(w.status.window.window_id)}" data-planned-hours="{w.planned_hours}">'
        f"<td>{escape(w.status.window.window_id)}</td><td>{w.status.phase}</td><td>{w.status.window.start}</td>"
        f"<td>{w.status.window.end}</td><td>{escape(', '.join(w.status.window.affects))}</td>"
        f'<td>{escape(w.status.window.impact.joined())}</td><td class="n">{w.planned_hours}</td></tr>'
        for w in section.windows
    )
    systems = "".join(
        f'<tr data-system="{escape(s.request_id)}" data-planned-hours="{s.planned_hours}" '
        f'data-overrun-hours="{s.overrun_hours}"><td>{escape(s.unit)}</td><td>{escape(s.request_id)}</td>'
        f'<td>{escape(", ".join(s.windows))}</td><td class="n">{s.planned_hours}</td>'
        f'<td class="n">{s.overrun_hours}</td><td class="n">{s.planned_hours / section.month_hours:.2%}</td></tr>'
        for s in section.systems
    )
    flags = "".join(
        f'<tr data-flag="{flag.kind}"><td>{escape(w.status.window.window_id)}</td><td>{flag.kind}</td>'
        f"<td>{escape(flag.text.joined())}</td><td>{flag.requirement}</td></tr>"
        for w in section.windows
        for flag in w.status.flags
    )
    return f"""<h2>计划维护与 7x24 运行 / Planned maintenance and 7x24 operation (OPS-1)</h2>
<table data-maintenance-windows="{len(section.windows)}"><thead><tr><th>window</th><th>phase</th><th>start</th>
<th>end</th><th>affects</th><th>impact</th><th>planned hours in month</th></tr></thead><tbody>{windows}</tbody></table>
<table data-maintenance-systems="{len(section.systems)}"><thead><tr><th>unit</th><th>system</th><th>windows</th>
<th>planned hours</th><th>beyond the window (h)</th><th>share of the month ({section.month_hours:g} h)</th></tr></thead>
<tbody>{systems}</tbody></table>
<table data-maintenance-flags="{section.flag_count}"><thead><tr><th>window</th><th>flag</th><th>detail</th>
<th>req</th></tr></thead><tbody>{flags}</tbody></table>
"""
