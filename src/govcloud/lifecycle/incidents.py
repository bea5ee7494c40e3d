"""The incident process (OPS-2) and the suspension it may lead to (SEC-8), as the record's entries check them.

An incident is opened by the provider on a built system with a severity and a bilingual summary, gets the
id ``INC-<request id>-<n>`` (the n-th of the request), and is closed once, with the handling report (its
document reference and a bilingual summary). Only a ``critical`` incident, one that threatens the platform,
lets the provider suspend the tenant; service is restored only once that incident is closed, so a
resumption always follows a handling report. The cloud side (servers stopped, then started) is
``govcloud.lifecycle.suspension``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError, RefusedError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from govcloud.lifecycle.state import RequestState

SEVERITIES = {
    "critical": Text("严重：威胁平台", "critical: threatens the platform"),
    "major": Text("较大", "major"),
    "minor": Text("一般", "minor"),
}
CRITICAL = "critical"
_ID = re.compile(r"^INC-(REQ-\d{4}-\d{4,6})-([1-9]\d*)$")


def incident_id(request_id: str, number: int) -> str:
    """The n-th incident of a request."""
    return f"INC-{request_id}-{number}"


def event_data(event: str, state: RequestState, data: dict[str, Any]) -> dict[str, Any]:
    """What an incident or suspension event adds to its entry, once its own conditions are met."""
    if event == "incident-opened":
        _check_texts(data.get("summary"), "--summary")
        severity = data.get("severity")
        if severity not in SEVERITIES:
            raise LifecycleError(
                "incident-details-given",
                "--severity",
                Text(
                    f"严重程度须为 {'、'.join(SEVERITIES)} 之一：{severity!r}",
                    f"the severity is one of {', '.join(SEVERITIES)}: {severity!r}",
                ),
            )
        return {"incident": incident_id(state.request_id, len(state.incidents) + 1)}
    if event == "incident-closed":
        report = data.get("report")
        if not isinstance(report, dict) or not str(report.get("ref", "")).strip():
            raise LifecycleError(
                "incident-details-given",
                "--report",
                Text(
                    "关闭事件须给出处置报告的文号", "closing an incident names its handling report (--report)"
                ),
            )
        _check_texts(report, "--summary")
        _open_incident(state, data.get("incident"), "incident-open")
        return {}
    if event == "suspended":
        incident = _open_incident(state, data.get("incident"), "suspension-incident-critical")
        if state.incidents[incident].get("severity") != CRITICAL:
            raise RefusedError(
                "suspension-incident-critical",
                "--incident",
                Text(
                    f"事件 {incident} 的严重程度为 {state.incidents[incident].get('severity')}：只有威胁平台的"
                    "严重（critical）事件才可暂停服务",
                    f"incident {incident} is {state.incidents[incident].get('severity')}: only a critical "
                    "incident, one that threatens the platform, suspends a tenant",
                ),
            )
        return {"from": state.stage}
    if event == "resumed":
        suspension = state.suspension or {}
        incident = str(suspension.get("incident"))
        if "closedAt" not in state.incidents.get(incident, {}):
            raise RefusedError(
                "resume-after-handling",
                "--incident",
                Text(
                    f"事件 {incident} 仍在处理中：须先以处置报告关闭（govcloud incident close），再恢复服务",
                    f"incident {incident} is still open: close it with its handling report first "
                    "(govcloud incident close), then resume",
                ),
            )
        return {"incident": incident, "to": suspension.get("from")}
    return {}


def _check_texts(texts: Any, option: str) -> None:
    """A summary in both languages (``--summary-zh``, ``--summary-en``)."""
    for language in ("zh", "en"):
        if not isinstance(texts, dict) or not str(texts.get(language, "")).strip():
            raise LifecycleError(
                "incident-details-given",
                f"{option}-{language}",
                Text(
                    f"须给出{'中文' if language == 'zh' else '英文'}摘要（{option}-{language}）",
                    f"a summary in {'Chinese' if language == 'zh' else 'English'} is needed ({option}-{language})",
                ),
            )


def _open_incident(state: RequestState, given: Any, refused_as: str) -> str:
    """The id of an open incident of this request; unusable when malformed, refused when not open."""
    match = _ID.match(str(given or ""))
    if match is None or match.group(1) != state.request_id:
        raise LifecycleError(
            "incident-id-usable",
            "INCIDENT",
            Text(
                f"事件编号 {given!r} 不是 INC-{state.request_id}-<序号>",
                f"the incident id {given!r} is not INC-{state.request_id}-<n>",
            ),
        )
    incident = str(given)
    known = state.incidents.get(incident)
    if known is None or "closedAt" in known:
        why = ("尚未开启", "has not been opened") if known is None else ("已经关闭", "is closed already")
        zh, en = f"事件 {incident} {why[0]}", f"incident {incident} {why[1]}"
        if refused_as == "incident-open":
            raise RefusedError("incident-open", "INCIDENT", Text(zh, en))
        raise RefusedError(
            "suspension-incident-critical",
            "--incident",
            Text(f"{zh}：只有处理中的严重事件才可暂停服务", f"{en}: only an open critical incident suspends"),
        )
    return incident


def open_incidents(state: RequestState) -> list[tuple[str, str]]:
    """``(id, severity)`` of every incident of the request not closed yet, in opening order."""
    return [(i, str(d.get("severity"))) for i, d in state.incidents.items() if "closedAt" not in d]


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident as the monthly report lists it."""

    request_id: str
    unit: str
    id: str
    severity: str
    opened: datetime
    closed: datetime | None
    summary: Text
    report_ref: str

    @property
    def hours_to_close(self) -> float | None:
        """Hours from opening to closing, to the minute; ``None`` while open."""
        return None if self.closed is None else round((self.closed - self.opened).total_seconds() / 3600, 2)

    def as_json(self) -> dict[str, Any]:
        """The monthly report's JSON shape."""
        return {
            "requestId": self.request_id,
            "unit": self.unit,
            "incident": self.id,
            "severity": self.severity,
            "opened": self.opened.isoformat(),
            "closed": self.closed.isoformat() if self.closed else None,
            "hoursToClose": self.hours_to_close,
            "summary": self.summary._asdict(),
            "report": self.report_ref or None,
            "requirement": "OPS-2",
        }


def month_incidents(states: Iterable[RequestState], start: datetime, end: datetime) -> list[Incident]:
    """Every incident open at some time in ``[start, end)``: opened before its end, not closed before its start."""
    found = []
    for state in states:
        for incident, data in state.incidents.items():
            opened, closed = data.get("openedAt"), data.get("closedAt")
            if opened is None or opened >= end or (closed is not None and closed < start):
                continue
            summary = data.get("summary") or {}
            report = data.get("report") or {}
            found.append(
                Incident(
                    state.request_id,
                    state.unit,
                    incident,
                    str(data.get("severity")),
                    opened,
                    closed,
                    Text(str(summary.get("zh", "")), str(summary.get("en", ""))),
                    str(report.get("ref", "")),
                )
            )
    return sorted(found, key=lambda i: (i.opened, i.id))
