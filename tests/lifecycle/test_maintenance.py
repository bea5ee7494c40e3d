"""Platform maintenance windows (OPS-1): planned, approved by another person, announced ahead, done; flags.

The portal (REQ-2026-0042) is built on 10 October 2026; REQ-2026-0043 is only submitted. November's
windows: MNT-2026-001 over ``all`` follows the plan to the letter; MNT-2026-002 is worked without
approval or notice and overruns; MNT-2026-003 is announced late with its reasons; MNT-2026-004 crosses
into December; MNT-2026-005 is cancelled. Working days are the State Council's (National Day, 调休).
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from maintenance_desk import LIU, PLAN, ZHAO, at, build_november, build_platform, mnt

from govcloud.catalogue.model import Catalogue, CatalogueError, load_catalogue
from govcloud.lifecycle.errors import LifecycleError, RefusedError
from govcloud.lifecycle.keyring import enrol, load_keyring
from govcloud.lifecycle.maintenance import ENTRY_SCHEMA, window_path
from govcloud.lifecycle.maintenance_actions import notice_by
from govcloud.lifecycle.maintenance_status import maintenance_status
from govcloud.lifecycle.verify import records_to_verify, verify_record
from govcloud.paths import default_catalogue_path

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Desk


@pytest.fixture
def platform(approved: Desk) -> Desk:
    return build_platform(approved)


@pytest.fixture
def november(platform: Desk) -> Desk:
    return build_november(platform)


def _flags(desk: Desk, when: str) -> dict[str, list[str]]:
    return {s.window.window_id: [f.kind for f in s.flags] for s in maintenance_status(desk.records, at(when))}


def test_the_catalogue_says_how_far_ahead_and_how_long(catalogue: Catalogue, tmp_path: Path) -> None:
    """OPS-1: platform.maintenance is required; without it the catalogue is unusable and says where."""
    assert (
        catalogue.platform.maintenance.notice_working_days,
        catalogue.platform.maintenance.max_window_hours,
    ) == (
        5,
        8,
    )
    document = yaml.safe_load(default_catalogue_path().read_text(encoding="utf-8"))
    broken = copy.deepcopy(document)
    del broken["spec"]["platform"]["maintenance"]
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(path)
    assert any("spec.platform" in detail and "maintenance" in detail for detail in raised.value.details)
    broken = copy.deepcopy(document)
    broken["spec"]["platform"]["maintenance"]["noticeWorkingDays"] = 0
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(path)
    assert any(
        detail.startswith("spec.platform.maintenance.noticeWorkingDays [OPS-1]")
        for detail in raised.value.details
    )


def test_notice_counts_working_days_between_the_notice_and_the_start_day() -> None:
    """OPS-1: the State Council's calendar: National Day's week off and the 10 October working Saturday."""
    assert notice_by(date(2026, 11, 14), 5).isoformat() == "2026-11-08"  # 9-13 November
    assert notice_by(date(2026, 10, 12), 5).isoformat() == "2026-09-28"  # 29, 30 Sep; 8, 9, 10 Oct


def test_a_window_run_to_plan_raises_no_flag_and_its_record_verifies(november: Desk) -> None:
    """OPS-1: planned, approved by the authority, announced five working days ahead, done in time."""
    flags = _flags(november, "2026-11-30 12:00")
    assert flags["MNT-2026-001"] == []
    assert flags["MNT-2026-005"] == []  # cancelled before it started: nothing to flag, ever
    people = load_keyring(november.records)
    checked = records_to_verify(november.records, [])
    assert [path.name for path, schema in checked if schema == ENTRY_SCHEMA] == [
        f"MNT-2026-00{n}.jsonl" for n in range(1, 6)
    ]
    assert all(verify_record(path, people, schema).problems == () for path, schema in checked)
    planned = json.loads(
        window_path(november.records, "MNT-2026-001").read_text(encoding="utf-8").splitlines()[0]
    )
    assert planned["window"] == {"id": "MNT-2026-001"}
    assert "request" not in planned
    assert planned["data"] | {"impact": None} == {
        "start": "2026-11-14T22:00:00+08:00",
        "end": "2026-11-15T02:00:00+08:00",
        "impact": None,
        "affects": ["all"],
        "noticeWorkingDays": 5,
        "maxWindowHours": 8,
        "noticeBy": "2026-11-08",
    }


def test_flags_started_without_approval_or_notice_late_notice_too_long_and_overrun(november: Desk) -> None:
    """OPS-1: each flag appears when what it names has happened, not before."""
    assert _flags(november, "2026-11-21 21:59")["MNT-2026-002"] == []  # not started yet
    assert _flags(november, "2026-11-21 22:00")["MNT-2026-002"] == [
        "maintenance-approved-before-start",
        "maintenance-announced-before-start",
    ]
    status = {s.window.window_id: s for s in maintenance_status(november.records, at("2026-11-30 12:00"))}
    assert [f.kind for f in status["MNT-2026-002"].flags] == [
        "maintenance-approved-before-start",
        "maintenance-announced-before-start",
        "maintenance-window-within-limit",
        "maintenance-ends-on-time",
    ]
    assert [f.text.en for f in status["MNT-2026-002"].flags[2:]] == [
        "the window lasted 9.0 h, longer than the 8 h allowed",
        "overran its planned end by 180 min",
    ]
    late = status["MNT-2026-003"].flags
    assert [(f.kind, f.requirement) for f in late] == [("maintenance-notice-in-time", "OPS-1")]
    assert late[0].text.joined() == (
        "通知迟发：提前 1 个工作日，须 5 个（高危漏洞紧急修补） / notice late: 1 of 5 working days (高危漏洞紧急修补)"
    )
    running = {s.window.window_id: s for s in maintenance_status(november.records, at("2026-12-01 03:00"))}
    assert (running["MNT-2026-004"].phase, [f.kind for f in running["MNT-2026-004"].flags]) == (
        "overrunning",
        ["maintenance-ends-on-time"],
    )
    assert running["MNT-2026-004"].flags[0].text.en == "overran its planned end by 60 min (still going)"


def _refused(desk: Desk, rule_id: str, event: str, who: tuple[str, str], when: str, **data: Any) -> str:
    """Recording ``event`` of MNT-2026-001 is refused by ``rule_id``, and the records folder stays as it was.

    What the refusal says, in both languages, is returned.
    """
    before = desk.snapshot()
    with pytest.raises(LifecycleError) as raised:
        mnt(desk, event, "MNT-2026-001", who, when, **data)
    assert raised.value.rule_id == rule_id
    assert desk.snapshot() == before
    return raised.value.message()


def test_refusals_name_their_rule_and_write_nothing(platform: Desk) -> None:
    """OPS-1, SEC-4: the plan's order, its roles, its separation of duties, the catalogue's limits."""
    d, w = platform, "MNT-2026-001"
    zhou = "周强"
    enrol(d.records, d.keys, {"name": zhou, "email": "zhouqiang@provider.example"}, ("provider", "authority"))
    args = {"start": "2026-11-14T22:00", "end": "2026-11-15T02:00", "affects": ["all"], **PLAN}
    assert _refused(d, "maintenance-role-allowed", "planned", LIU, "2026-11-02 10:00", **args) == (
        "--role (OPS-1, SEC-4): maintenance-planned 只能由 provider 记录，不能由 authority 记录 / "
        "maintenance-planned is recorded by provider only, not by authority [maintenance-role-allowed]"
    )
    long = {**args, "end": "2026-11-15T07:00"}
    assert _refused(d, "maintenance-window-within-limit", "planned", ZHAO, "2026-11-02 10:00", **long) == (
        "--end (OPS-1): 窗口长 9 小时，超过服务目录允许的 8 小时：请分成多个窗口 / the window lasts 9 h, longer than "
        "the catalogue's 8 h: split it [maintenance-window-within-limit]"
    )
    _refused(d, "maintenance-planned-ahead", "planned", ZHAO, "2026-11-14 22:00", **args)
    _refused(d, "maintenance-window-present", "approved", LIU, "2026-11-03 09:00")
    mnt(d, "planned", w, (zhou, "provider"), "2026-11-02 10:00", **args)
    _refused(d, "maintenance-stage-allows", "planned", ZHAO, "2026-11-02 11:00", **args)
    assert _refused(d, "maintenance-stage-allows", "announced", ZHAO, "2026-11-02 11:00") == (
        "maintenance-announced (OPS-1): 维护窗口 MNT-2026-001 处于 planned，不能记录 maintenance-announced"
        "（须在 approved 之后） / window MNT-2026-001 is planned: maintenance-announced only follows approved "
        "[maintenance-stage-allows]"
    )
    approver = (zhou, "authority")
    assert _refused(d, "maintenance-planner-not-approver", "approved", approver, "2026-11-03 09:00") == (
        "--as (OPS-1, SEC-4): 周强 计划了维护窗口 MNT-2026-001，不得再审批它 / "
        "周强 planned window MNT-2026-001 and may not also approve it [maintenance-planner-not-approver]"
    )
    _refused(d, "duties-role-held", "approved", ("赵磊", "authority"), "2026-11-03 09:00")
    _refused(d, "maintenance-planned-ahead", "approved", LIU, "2026-11-14 22:00")
    mnt(d, "approved", w, LIU, "2026-11-03 09:00")
    assert _refused(d, "maintenance-notice-in-time", "announced", ZHAO, "2026-11-09 09:00") == (
        "--late (OPS-1): 距窗口开始日只有 4 个工作日，须至少 5 个（最迟 2026-11-08 通知）：请重新计划窗口，或用 --late "
        "写明迟发理由（将被标记） / only 4 working day(s) before the window's start day, 5 needed (tell the tenants "
        "by 2026-11-08): re-plan the window, or give --late REASON (the notice is then flagged late) "
        "[maintenance-notice-in-time]"
    )
    _refused(d, "maintenance-done-after-start", "done", ZHAO, "2026-11-14 21:00")
    early = {"ended_at": "2026-11-15T01:30"}  # later than the moment it is recorded
    _refused(d, "maintenance-done-after-start", "done", ZHAO, "2026-11-15 01:00", **early)
    _refused(d, "maintenance-reasons-given", "cancelled", LIU, "2026-11-04 09:00")
    mnt(d, "done", w, ZHAO, "2026-11-15 01:00")
    cancel = {"reasons": ["too late"]}
    _refused(d, "maintenance-stage-allows", "cancelled", LIU, "2026-11-15 02:00", **cancel)


@pytest.mark.parametrize(
    ("change", "rule_id", "field"),
    [
        ({"start": "next saturday"}, "maintenance-window-valid", "--start"),
        ({"end": "2026-11-14T21:00"}, "maintenance-window-valid", "--end"),
        ({"impact_en": "  "}, "maintenance-window-valid", "--impact-en"),
        ({"affects": ["all", "REQ-2026-0042"]}, "maintenance-window-valid", "--affects"),
        ({"affects": ["../REQ-2026-0042"]}, "maintenance-window-valid", "--affects"),
        ({"affects": ["REQ-2026-0999"]}, "maintenance-affects-known", "--affects"),
    ],
)
def test_an_unusable_plan_names_its_field_and_writes_nothing(
    platform: Desk, change: dict[str, Any], rule_id: str, field: str
) -> None:
    """OPS-1: unusable input (exit 2), before any refusal is judged."""
    args = {"start": "2026-11-14T22:00", "end": "2026-11-15T02:00", "affects": ["all"], **PLAN, **change}
    before = platform.snapshot()
    with pytest.raises(LifecycleError) as raised:
        mnt(platform, "planned", "MNT-2026-001", ZHAO, "2026-11-02 10:00", **args)
    assert not isinstance(raised.value, RefusedError)
    assert (raised.value.rule_id, raised.value.field, raised.value.exit_code) == (rule_id, field, 2)
    assert platform.snapshot() == before
    with pytest.raises(LifecycleError) as raised:
        mnt(platform, "planned", "../MNT-2026-001", ZHAO, "2026-11-02 10:00", **args)
    assert raised.value.rule_id == "maintenance-id-valid"


def test_an_edited_window_record_fails_verify_and_takes_no_more_entries(november: Desk) -> None:
    """OPS-1, SEC-6: a maintenance record is chained and signed as a request's is."""
    path = window_path(november.records, "MNT-2026-004")
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["data"]["start"] = (
        "2026-12-05T22:00:00+08:00"  # moved after the fact, so it looks announced in time
    )
    path.write_text("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    problems = verify_record(path, load_keyring(november.records), ENTRY_SCHEMA).problems
    assert [(p.rule_id, p.where) for p in problems] == [
        ("record-entry-unaltered", "MNT-2026-004.jsonl:1 #1 maintenance-planned"),
        ("record-signature-valid", "MNT-2026-004.jsonl:1 #1 maintenance-planned"),
        ("record-chain-intact", "MNT-2026-004.jsonl:2 #2 maintenance-approved"),
    ]
    before = november.snapshot()
    with pytest.raises(RefusedError) as raised:
        mnt(november, "done", "MNT-2026-004", ZHAO, "2026-12-06 03:00")
    assert raised.value.rule_id == "record-chain-intact"
    assert november.snapshot() == before
