"""A request's state, folded from its record: stage, versions, approvals, open clocks, units in use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from govcloud.lifecycle.events import APPROVALS, EVENTS, RUNNING


@dataclass(slots=True)
class RequestState:
    """What the record says now."""

    request_id: str = ""
    stage: str = "new"
    version: int = 0
    sm3: str = ""
    sha256: str = ""
    unit: str = ""
    approved_sha256: set[str] = field(default_factory=set)
    """Digests the authority approved (normal or emergency); the gate lets only these be built."""
    emergency_pending: set[str] = field(default_factory=set)
    """Digests built on emergency consent whose regular approval has not followed yet (LC-12)."""
    last: dict[str, datetime] = field(default_factory=dict)
    """When each event kind last happened."""
    backup_verified_at: datetime | None = None
    backup_copies: list[dict[str, Any]] = field(default_factory=list)
    """The copies the last ``backup-verified`` entry names (``govcloud.lifecycle.backups.Copy`` fields)."""
    units: list[tuple[datetime, dict[str, float]]] = field(default_factory=list)
    """Resource units in use from each time on (provisioned / change-applied; empty after reclaim)."""
    review: dict[str, Any] | None = None
    """The latest ``utilisation-reviewed`` entry's data with its ``seq`` (EVAL-2 reads it before a scale-up)."""
    change_request: dict[str, Any] = field(default_factory=dict)
    """The latest ``change-requested`` entry's data: its diff, scale-up reasons and optimisation evidence."""
    incidents: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Each incident by id (OPS-2): the opening entry's data with ``openedAt``, then ``closedAt`` and ``report``."""
    configuration: dict[str, Any] | None = None
    """The latest ``configuration-checked`` entry's data with its time ``at`` (LC-8, OPS-2: ``govcloud drift``)."""
    suspension: dict[str, Any] | None = None
    """The ``suspended`` entry's data while the system is suspended (SEC-8): incident, ``from`` stage, servers."""
    entries: int = 0


def fold(entries: list[dict[str, Any]]) -> RequestState:
    """Replay a record's entries in order."""
    state = RequestState()
    for entry in entries:
        apply(state, entry)
    return state


def apply(state: RequestState, entry: dict[str, Any]) -> None:
    """One entry's effect on the state."""
    event = entry["event"]
    at = datetime.fromisoformat(entry["at"])
    request = entry["request"]
    state.entries += 1
    state.request_id = request["id"]
    state.version, state.sm3, state.sha256 = request["version"], request["sm3"], request["sha256"]
    data = entry["data"]
    state.unit = data.get("unit", state.unit)
    state.last[event] = at
    if event in APPROVALS:
        state.approved_sha256.add(request["sha256"])
    if event == "emergency-approved":
        state.emergency_pending.add(request["sha256"])
    elif event in ("approved", "change-approved"):
        state.emergency_pending.discard(request["sha256"])
    if event == "backup-verified":
        state.backup_verified_at = at
        state.backup_copies = list(data.get("volumes", ()))
    if "units" in data:
        state.units.append((at, dict(data["units"])))
    if event == "reclaimed":
        state.units.append((at, {}))
    if event == "utilisation-reviewed":
        state.review = {**data, "seq": entry["seq"]}
    if event == "change-requested":
        state.change_request = dict(data)
    _apply_operations(state, event, data, at)
    stage = EVENTS[event].stage
    if stage is not None and not (event == "approved" and state.stage in RUNNING):
        state.stage = stage


def _apply_operations(state: RequestState, event: str, data: dict[str, Any], at: datetime) -> None:
    """The operations' entries: incidents, suspensions, configuration checks (OPS-2, SEC-8, LC-8).

    An incident is opened and closed; a suspension begins, or ends back in its earlier stage; the latest
    configuration check is kept for ``govcloud status``.
    """
    if event == "configuration-checked":
        state.configuration = {**data, "at": at}
    if event == "incident-opened":
        state.incidents[str(data.get("incident"))] = {**data, "openedAt": at}
    if event == "incident-closed":
        state.incidents.setdefault(str(data.get("incident")), {}).update(
            closedAt=at, report=data.get("report")
        )
    if event == "resumed" and state.suspension is not None:
        state.stage, state.suspension = str(state.suspension.get("from", state.stage)), None
    if event == "suspended":
        state.suspension = {**data, "at": at}
