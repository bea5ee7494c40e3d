"""``govcloud status``: each request's stage, what it waits for, by when (working days), what is overdue.

Deadlines (REQUIREMENTS LC-3..LC-9), each counted in working days from the event that starts the
clock, for the stage the request is in. An emergency build (LC-12) stays flagged until the regular
approval of the same version is recorded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.incidents import open_incidents
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import RequestState, fold
from govcloud.lifecycle.workdays import add_working_days

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from govcloud.lifecycle.workdays import DueDate


@dataclass(frozen=True, slots=True)
class Deadline:
    """What a stage waits for."""

    started_by: str
    working_days: int
    requirement: str
    waits_for: str

    def due(self, started: date) -> DueDate:
        """The last working day the stage may end on, counted from the day its clock started."""
        return add_working_days(started, self.working_days)


DEADLINES: dict[str, Deadline] = {
    "submitted": Deadline("submitted", 3, "LC-3", "acceptance decision / 受理"),
    "accepted": Deadline("accepted", 2, "LC-3", "approval opinion / 审批"),
    "approved": Deadline("approved", 3, "LC-4", "provisioning / 开通"),
    "provisioned": Deadline("provisioned", 30, "LC-6", "go-live / 上线"),
    "change-requested": Deadline("change-requested", 5, "LC-8", "change approval / 变更审批"),
    "change-approved": Deadline("change-approved", 3, "LC-8", "change execution / 变更实施"),
    "decommissioning": Deadline("decommission-requested", 5, "LC-9", "decommission approval / 下线审批"),
    "decommission-approved": Deadline("decommission-approved", 3, "LC-9", "reclaim / 资源回收"),
    "offline": Deadline("decommission-approved", 3, "LC-9", "reclaim / 资源回收"),
}


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One request in ``govcloud status``."""

    request_id: str
    unit: str
    stage: str
    version: int
    waits_for: str
    requirement: str
    due: date | None
    due_estimated: bool
    overdue_days: int
    flags: tuple[str, ...]
    open_incidents: tuple[tuple[str, str], ...] = ()
    """``(id, severity)`` of each incident not closed yet (OPS-2)."""

    def as_json(self) -> dict[str, Any]:
        """The ``--format json`` shape."""
        return {
            "requestId": self.request_id,
            "unit": self.unit,
            "stage": self.stage,
            "version": self.version,
            "waitsFor": self.waits_for,
            "requirement": self.requirement,
            "due": self.due.isoformat() if self.due else None,
            "dueEstimated": self.due_estimated,
            "overdueDays": self.overdue_days,
            "flags": list(self.flags),
            "openIncidents": [{"id": i, "severity": severity} for i, severity in self.open_incidents],
        }


def row(state: RequestState, today: date) -> StatusRow:
    """A request's status on ``today``."""
    deadline = DEADLINES.get(state.stage)
    flags = []
    if state.emergency_pending:
        flags.append("emergency: paperwork pending (LC-12) / 紧急开通，待补手续")
    incidents = tuple(open_incidents(state))
    flags += [f"incident {i} open ({severity}, OPS-2) / 事件处理中" for i, severity in incidents]
    if state.suspension is not None:
        flags.append(f"suspended by {state.suspension.get('incident')} (SEC-8) / 已暂停服务")
    checked = state.configuration
    if checked is not None and checked.get("findings"):
        flags.append(
            f"configuration drift: {checked['findings']} finding(s) on {checked['at'].date().isoformat()} "
            "(LC-8, OPS-2) / 配置与批准不符"
        )
    if deadline is None or deadline.started_by not in state.last:
        return StatusRow(
            state.request_id,
            state.unit,
            state.stage,
            state.version,
            "",
            "",
            None,
            due_estimated=False,
            overdue_days=0,
            flags=tuple(flags),
            open_incidents=incidents,
        )
    due = deadline.due(state.last[deadline.started_by].date())
    overdue = max(0, (today - due.day).days)
    if overdue:
        flags.append(f"overdue {overdue} day(s) ({deadline.requirement}) / 已超期")
    if due.estimated:
        flags.append("due date estimated: no official calendar for that year / 无官方节假日数据，日期为估算")
    return StatusRow(
        state.request_id,
        state.unit,
        state.stage,
        state.version,
        deadline.waits_for,
        deadline.requirement,
        due.day,
        due.estimated,
        overdue,
        tuple(flags),
        incidents,
    )


def status(records: Path, today: date) -> list[StatusRow]:
    """Every request that has a record, by request id."""
    return [row(fold(read_entries(path)), today) for path in record_paths(records)]


def record_paths(records: Path) -> list[Path]:
    """Every request's record in the folder, by request id; the folder must exist."""
    if not records.is_dir():
        raise LifecycleError(
            "record-folder-present",
            "--records",
            Text(f"记录目录 {records} 不存在", f"the records folder {records} does not exist"),
        )
    names = sorted(
        e.name for e in os.scandir(records) if e.name.startswith("REQ-") and e.name.endswith(".jsonl")
    )
    return [records / name for name in names]


def table(rows: list[StatusRow]) -> str:
    """The plain-text table."""
    lines = [f"{'request':<16} {'stage':<22} {'v':>2} {'waits for':<34} {'due':<11} {'req':<5} flags"]
    lines += [
        f"{r.request_id:<16} {r.stage:<22} {r.version:>2} {r.waits_for:<34} "
        f"{(r.due.isoformat() + ('~' if r.due_estimated else '')) if r.due else '-':<11} {r.requirement or '-':<5} "
        f"{'; '.join(r.flags)}"
        for r in rows
    ]
    return "\n".join(lines) + "\n"
