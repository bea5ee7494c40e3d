"""Record one maintenance window event after every check that applies to it; nothing is written when one fails.

Order, as for a request's events (``govcloud.lifecycle.actions``): the window id is well formed; the
actor is enrolled, holds the role and the role records the event (SEC-4); the record verifies; the event
may follow the window's stage; then the event's own conditions (OPS-1): a plan is made before its start,
no longer than the catalogue allows; the planner does not approve; the approval comes before the start;
the notice gives the catalogue's working days or, late, says why (and is flagged); done after the start.

A late notice is recorded, not refused, when it gives its reasons: refusing would not stop the
work (an urgent security fix cannot wait), it would only leave the tenants' notice out of the record.
Without reasons it is refused, naming the last day it would have been in time, so the provider either
re-plans the window or puts the breach on the record for the authority and the monthly report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NoReturn

from govcloud.bilingual import Text
from govcloud.identity import same_person
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.duties import check_duties, require_role
from govcloud.lifecycle.errors import LifecycleError, RefusedError
from govcloud.lifecycle.keyring import find_person, load_keyring, private_key
from govcloud.lifecycle.maintenance import ALL, ENTRY_SCHEMA, EVENTS, Window, WindowRef, fold, window_path
from govcloud.lifecycle.paths import record_path
from govcloud.lifecycle.record import Event, Signer, append, read_entries
from govcloud.lifecycle.verify import refuse_unless_intact
from govcloud.lifecycle.workdays import working_days_between

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue

_REQUEST_ID = re.compile(r"^REQ-\d{4}-\d{4,6}$")
_SECONDS_PER_HOUR = 3600


@dataclass(frozen=True, slots=True)
class MaintenanceAction:
    """What a ``govcloud maintenance`` command asks for; ``data`` holds the options as given (text)."""

    event: str
    window_id: str
    actor: str
    role: str
    data: dict[str, Any] = field(default_factory=dict)


def record_maintenance(
    action: MaintenanceAction, *, records: Path, keys: Path, catalogue: Catalogue, now: datetime
) -> dict[str, Any]:
    """Check and append; the new entry."""
    path = window_path(records, action.window_id)
    rule = EVENTS[action.event]
    people = load_keyring(records)
    person = find_person(people, action.actor)
    signer = Signer(person, action.role, private_key(keys, person))
    require_role(action.event, rule.roles, action.role, "maintenance-role-allowed")
    check_duties(action.event, action.role, person, [], [])  # the role is one the person holds
    if action.event != "maintenance-planned" and not path.exists():
        raise LifecycleError(
            "maintenance-window-present",
            action.window_id,
            Text(
                f"维护窗口 {action.window_id} 尚未计划（没有记录）",
                f"maintenance window {action.window_id} was never planned (no record)",
            ),
        )
    refuse_unless_intact(path, people, ENTRY_SCHEMA)
    window = fold(action.window_id, read_entries(path))
    if window.stage not in rule.after:
        raise RefusedError(
            "maintenance-stage-allows",
            action.event,
            Text(
                f"维护窗口 {action.window_id} 处于 {window.stage}，不能记录 {action.event}"
                f"（须在 {'/'.join(sorted(rule.after))} 之后）",
                f"window {action.window_id} is {window.stage}: {action.event} only follows "
                f"{' or '.join(sorted(rule.after))}",
            ),
        )
    if action.event == "maintenance-approved" and same_person(person.identity, window.planner):
        raise RefusedError(
            "maintenance-planner-not-approver",
            "--as",
            Text(
                f"{person.name} 计划了维护窗口 {action.window_id}，不得再审批它",
                f"{person.name} planned window {action.window_id} and may not also approve it",
            ),
        )
    data = _event_data(action, window, records, catalogue, now)
    return append(path, signer, Event(action.event, WindowRef(action.window_id), now, data))


def _event_data(
    action: MaintenanceAction, window: Window, records: Path, catalogue: Catalogue, now: datetime
) -> dict[str, Any]:
    """What the entry records, once the event's own conditions hold."""
    given = action.data
    if action.event == "maintenance-planned":
        return _plan(given, records, catalogue, now)
    if window.start is None:  # a planned window always has its start: fold reads it from the first entry
        raise AssertionError(action.window_id)
    if action.event in ("maintenance-approved", "maintenance-cancelled") and now >= window.start:
        raise RefusedError(
            "maintenance-planned-ahead",
            action.event,
            Text(
                f"维护窗口已于 {window.start.isoformat()} 开始，不能再{_VERBS[action.event].zh}",
                f"the window started at {window.start.isoformat()}: it can no longer be "
                f"{_VERBS[action.event].en}",
            ),
        )
    if action.event == "maintenance-cancelled":
        return {"reasons": _reasons(given, "--reason", "取消维护窗口", "cancelling a window")}
    if action.event == "maintenance-announced":
        return _notice(given, window, now)
    if action.event == "maintenance-done":
        return _done(given, window, now)
    return {}


_VERBS = {
    "maintenance-approved": Text("审批", "approved"),
    "maintenance-cancelled": Text("取消", "cancelled"),
}


def _plan(given: dict[str, Any], records: Path, catalogue: Catalogue, now: datetime) -> dict[str, Any]:
    start, end = _moment(given.get("start"), "--start"), _moment(given.get("end"), "--end")
    if end <= start:
        _invalid(
            "--end",
            f"结束时间 {end.isoformat()} 须晚于开始时间",
            f"the end {end.isoformat()} is not after the start",
        )
    impact = {lang: str(given.get(f"impact_{lang}") or "").strip() for lang in ("zh", "en")}
    for lang, text in impact.items():
        if not text:
            _invalid(
                f"--impact-{lang}", "须说明维护对租户的影响", "say how the maintenance affects the tenants"
            )
    affects = _affects(list(given.get("affects") or ()), records)
    rules = catalogue.platform.maintenance
    if start <= now:
        raise RefusedError(
            "maintenance-planned-ahead",
            "--start",
            Text(
                f"维护窗口须在开始（{start.isoformat()}）之前计划",
                f"a window is planned before it starts ({start.isoformat()})",
            ),
        )
    hours = (end - start).total_seconds() / _SECONDS_PER_HOUR
    if hours > rules.max_window_hours:
        raise RefusedError(
            "maintenance-window-within-limit",
            "--end",
            Text(
                f"窗口长 {hours:g} 小时，超过服务目录允许的 {rules.max_window_hours} 小时：请分成多个窗口",
                f"the window lasts {hours:g} h, longer than the catalogue's {rules.max_window_hours} h: "
                "split it",
            ),
        )
    return {
        "start": start.isoformat(timespec="seconds"),
        "end": end.isoformat(timespec="seconds"),
        "impact": impact,
        "affects": affects,
        "noticeWorkingDays": rules.notice_working_days,
        "maxWindowHours": rules.max_window_hours,
        "noticeBy": notice_by(start.date(), rules.notice_working_days).isoformat(),
    }


def _affects(named: list[str], records: Path) -> list[str]:
    """``["all"]`` or request ids that have records."""
    if not named or (ALL in named and len(named) > 1):
        _invalid("--affects", "须为 all 或一个或多个申请编号", "give all, or one or more request ids")
    if named == [ALL]:
        return named
    for request_id in named:
        if not _REQUEST_ID.match(request_id):
            _invalid(
                "--affects", f"不是申请编号：{request_id[:60]!r}", f"not a request id: {request_id[:60]!r}"
            )
        if not record_path(records, request_id).is_file():
            raise LifecycleError(
                "maintenance-affects-known",
                "--affects",
                Text(f"{request_id} 没有生命周期记录", f"{request_id} has no lifecycle record"),
            )
    return sorted(set(named))


def _notice(given: dict[str, Any], window: Window, now: datetime) -> dict[str, Any]:
    """OPS-1: the working days of notice the announcement gives; a late one needs its reasons."""
    start = window.start or now
    days = notice_days(now.date(), start.date())
    data: dict[str, Any] = {"noticeWorkingDays": days, "requiredWorkingDays": window.notice_working_days}
    if days >= window.notice_working_days:
        return data
    if not given.get("late_reasons"):
        raise RefusedError(
            "maintenance-notice-in-time",
            "--late",
            Text(
                f"距窗口开始日只有 {days} 个工作日，须至少 {window.notice_working_days} 个"
                f"（最迟 {window.notice_by} 通知）：请重新计划窗口，或用 --late 写明迟发理由（将被标记）",
                f"only {days} working day(s) before the window's start day, {window.notice_working_days} "
                f"needed (tell the tenants by {window.notice_by}): re-plan the window, or give --late REASON "
                "(the notice is then flagged late)",
            ),
        )
    return {
        **data,
        "late": True,
        "reasons": _reasons(given, "--late", "迟发的通知", "a late notice", "late_reasons"),
    }


def _done(given: dict[str, Any], window: Window, now: datetime) -> dict[str, Any]:
    start, end = window.start or now, window.end or now
    ended = _moment(given["ended_at"], "--ended-at") if given.get("ended_at") else now
    if now < start or not start <= ended <= now:
        raise RefusedError(
            "maintenance-done-after-start",
            "--ended-at",
            Text(
                f"窗口 {start.isoformat()} 开始；完成时间 {ended.isoformat()} 须介于开始与现在之间",
                f"the window starts {start.isoformat()}; its end {ended.isoformat()} must lie between the "
                "start and now",
            ),
        )
    overran = max(0, int((ended - end).total_seconds() // 60))
    return {"endedAt": ended.isoformat(timespec="seconds"), "overranMinutes": overran}


def notice_days(told: date, start: date) -> int:
    """Working days after the day tenants are told and before the window's start day (neither counts)."""
    return working_days_between(told, start - timedelta(days=1))


def notice_by(start: date, required: int) -> date:
    """The last day the tenants may be told so that ``required`` working days lie before the start day."""
    day = start - timedelta(days=1)
    while notice_days(day, start) < required:
        day -= timedelta(days=1)
    return day


def _moment(text: object, option: str) -> datetime:
    """An ISO date-time; one without an offset is China time."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        _invalid(option, f"不是 ISO 时间：{str(text)[:60]!r}", f"not an ISO date-time: {str(text)[:60]!r}")
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


def _reasons(given: dict[str, Any], option: str, zh: str, en: str, key: str = "reasons") -> list[str]:
    reasons = [str(r).strip() for r in given.get(key) or () if str(r).strip()]
    if not reasons:
        raise LifecycleError(
            "maintenance-reasons-given", option, Text(f"{zh}须写明理由", f"{en} needs its reasons ({option})")
        )
    return reasons


def _invalid(option: str, zh: str, en: str) -> NoReturn:
    raise LifecycleError("maintenance-window-valid", option, Text(zh, en))
