"""Suspending a tenant whose incident threatens the platform, and restoring it after handling (SEC-8, OPS-2).

Against the in-memory Nova of ``fake_cloud``: every server of the stack's state stopped and read back
SHUTOFF, then started and read back ACTIVE; the box test drives the same ``Suspension`` against the real
services (``govcloud suspend`` / ``govcloud resume``).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import pytest
from fake_cloud import FakeConn, stack_on

from govcloud.lifecycle.actions import Action, check
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.gate import record_problems
from govcloud.lifecycle.keyring import load_keyring
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.stacks import StackRequest
from govcloud.lifecycle.state import fold
from govcloud.lifecycle.suspension import Suspension
from govcloud.lifecycle.verify import verify_record
from govcloud.loader import load_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import Desk
    from fake_cloud import FakeEngine

    from govcloud.lifecycle.steps import Step

INC1, INC2 = "INC-REQ-2026-0042-1", "INC-REQ-2026-0042-2"
SUMMARY = {"zh": "门户主机对外扫描", "en": "the portal's hosts scan the platform"}
REPORT = {"ref": "SEC-RPT-2026-031", "zh": "已清除木马", "en": "trojan removed"}


class Clock:
    """One minute later at each call, from Tue 20 Oct 2026 10:00 on."""

    def __init__(self) -> None:
        """Start at 10:00."""
        self.minutes = itertools.count()

    def __call__(self) -> str:
        """The next minute, as ``Desk.act`` takes it."""
        minute = next(self.minutes)
        return f"2026-10-20 {10 + minute // 60:02d}:{minute % 60:02d}"


@pytest.fixture
def live(approved: Desk) -> tuple[Desk, Clock]:
    """The portal built and live since October; the clock of what follows."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    evidence = {"vulnerabilityScan": "VS-1", "penetrationTest": "PT-1", "mlpsTestReport": "MLPS-1"}
    approved.act("live", "王敏", "requester", "2026-10-12 10:00", evidence=evidence)
    return approved, Clock()


def _suspension(
    desk: Desk, clock: Clock, conn: FakeConn, actor: str = "赵磊", role: str = "provider"
) -> Suspension:
    def record(event: str, data: dict[str, Any]) -> dict[str, Any]:
        return desk.act(event, actor, role, clock(), **data)

    def checked(event: str, data: dict[str, Any]) -> object:
        action = Action(event, actor, role, request_id="REQ-2026-0042", data=data)
        return check(action, records=desk.records, keys=desk.keys, catalogue=desk.catalogue)

    target = StackRequest("gov-portal", desk.request, "REQ-2026-0042", "gov-portal", desk.record)
    return Suspension(target, conn, checked, record)


def _open(desk: Desk, clock: Clock, severity: str = "critical") -> None:
    desk.act("incident-opened", "赵磊", "provider", clock(), severity=severity, summary=SUMMARY)


def _close(desk: Desk, clock: Clock, incident: str = INC1) -> None:
    desk.act("incident-closed", "赵磊", "provider", clock(), incident=incident, report=REPORT)


def _statuses(conn: FakeConn) -> list[str]:
    return [server.status for server in conn.compute.servers.values()]


def _suspend(
    desk: Desk, clock: Clock, conn: FakeConn, engine: FakeEngine, incident: str = INC1
) -> tuple[bool, list[Step]]:
    steps: list[Step] = []
    return _suspension(desk, clock, conn).suspend(incident, engine, steps.append), steps


def _resume(desk: Desk, clock: Clock, conn: FakeConn) -> tuple[bool, list[Step]]:
    steps: list[Step] = []
    return _suspension(desk, clock, conn).resume(steps.append), steps


@pytest.fixture
def cloud() -> tuple[FakeConn, FakeEngine]:
    conn = FakeConn()
    return conn, stack_on(conn, "gov-portal", (40, 100, 20))


def test_suspend_stops_every_server_and_records_where_it_came_from(
    live: tuple[Desk, Clock], cloud: tuple[FakeConn, FakeEngine]
) -> None:
    """SEC-8: during an open critical incident, every server of the state is read back SHUTOFF, then recorded."""
    desk, clock = live
    conn, engine = cloud
    _open(desk, clock)
    done, steps = _suspend(desk, clock, conn, engine)
    assert done, [s.detail for s in steps]
    assert [s.name.split(" /")[0] for s in steps] == ["stop", "recorded"]
    assert steps[0].detail == "3 server(s) SHUTOFF"
    assert _statuses(conn) == ["SHUTOFF"] * 3
    entry = read_entries(desk.record)[-1]
    assert (entry["event"], entry["role"], entry["data"]["incident"], entry["data"]["from"]) == (
        "suspended",
        "provider",
        INC1,
        "live",
    )
    assert [s["id"] for s in entry["data"]["servers"]] == list(conn.compute.servers)
    assert {s["status"] for s in entry["data"]["servers"]} == {"SHUTOFF"}
    assert fold(read_entries(desk.record)).stage == "suspended"
    assert verify_record(desk.record, load_keyring(desk.records)).problems == ()
    done, steps = _suspend(desk, clock, conn, engine)  # a rerun has nothing to do
    assert done
    assert steps[0].detail.startswith(
        "nothing to do: suspended since 2026-10-20 10:01:00+08:00 by INC-REQ-2026-0042-1"
    )
    assert conn.compute.stops == 3


def _major(desk: Desk, clock: Clock) -> None:
    _open(desk, clock, "major")


def _closed(desk: Desk, clock: Clock) -> None:
    _open(desk, clock)
    _close(desk, clock)


def _not_opened(_desk: Desk, _clock: Clock) -> None:
    """No incident at all."""


@pytest.mark.parametrize(
    ("prepare", "en"),
    [
        (
            _not_opened,
            "incident INC-REQ-2026-0042-1 has not been opened: only an open critical incident suspends",
        ),
        (
            _major,
            (
                "incident INC-REQ-2026-0042-1 is major: only a critical incident, one that threatens the "
                "platform, suspends a tenant"
            ),
        ),
        (_closed, "incident INC-REQ-2026-0042-1 is closed already: only an open critical incident suspends"),
    ],
    ids=["not-opened", "major", "closed"],
)
def test_suspension_is_refused_unless_the_incident_is_open_and_critical(
    live: tuple[Desk, Clock],
    cloud: tuple[FakeConn, FakeEngine],
    prepare: Callable[[Desk, Clock], object],
    en: str,
) -> None:
    """SEC-8, OPS-2: only an incident that threatens the platform, still being handled; nothing stopped."""
    desk, clock = live
    conn, engine = cloud
    prepare(desk, clock)
    before = read_entries(desk.record)
    with pytest.raises(RefusedError) as refused:
        _suspend(desk, clock, conn, engine)
    assert refused.value.rule_id == "suspension-incident-critical"
    assert refused.value.requirements == ("SEC-8", "OPS-2")
    assert refused.value.text.en == en
    assert conn.compute.stops == 0
    assert _statuses(conn) == ["ACTIVE"] * 3
    assert read_entries(desk.record) == before


def test_the_tenant_s_requester_cannot_suspend_or_resume(
    live: tuple[Desk, Clock], cloud: tuple[FakeConn, FakeEngine]
) -> None:
    """SEC-8, SEC-4: the provider suspends; the requester's attempt touches nothing."""
    desk, clock = live
    conn, engine = cloud
    _open(desk, clock)
    with pytest.raises(RefusedError, match="record-role-allowed"):
        _suspension(desk, clock, conn, "王敏", "requester").suspend(INC1, engine, lambda _step: None)
    assert conn.compute.stops == 0
    assert _suspend(desk, clock, conn, engine)[0]
    _close(desk, clock)
    with pytest.raises(RefusedError, match="record-role-allowed"):
        _suspension(desk, clock, conn, "王敏", "requester").resume(lambda _step: None)
    assert conn.compute.starts == 0
    assert fold(read_entries(desk.record)).stage == "suspended"


def test_while_suspended_nothing_is_built_or_changed_but_backups_go_on(
    live: tuple[Desk, Clock], cloud: tuple[FakeConn, FakeEngine]
) -> None:
    """SEC-8: the stack's gate refuses pulumi up, a change request is refused, a verified backup is recorded."""
    desk, clock = live
    conn, engine = cloud
    _open(desk, clock)
    assert record_problems(load_path(desk.request).data, desk.records) == []
    assert _suspend(desk, clock, conn, engine)[0]
    (refusal,) = record_problems(load_path(desk.request).data, desk.records)
    assert (refusal.rule_id, refusal.requirements) == ("record-not-suspended", ("SEC-8",))
    assert refusal.message.en == (
        "the system is suspended by incident INC-REQ-2026-0042-1: nothing is built until its service is "
        "restored (govcloud resume)"
    )
    for event, role, actor in (
        ("change-requested", "requester", "王敏"),
        ("rated", "requester", "王敏"),
        ("decommission-requested", "requester", "王敏"),
    ):
        with pytest.raises(RefusedError) as refused:
            desk.act(event, actor, role, clock(), file=event == "change-requested", satisfaction="满意")
        assert refused.value.rule_id == "suspended-until-resumed"
        assert refused.value.text.en == (
            f"REQ-2026-0042 is suspended by incident INC-REQ-2026-0042-1: {event} waits until service is "
            "restored (govcloud resume)"
        )
    clone = {
        "volume_id": "v",
        "volume_name": "d",
        "method": "snapshot-clone",
        "copy_id": "c",
        "verified": True,
    }
    desk.act("backup-verified", "赵磊", "provider", clock(), volumes=[clone])
    _open(desk, clock, "minor")  # the incident process goes on too
    assert [e["event"] for e in read_entries(desk.record)][-3:] == [
        "suspended",
        "backup-verified",
        "incident-opened",
    ]


def test_resume_waits_for_the_handling_report_then_restores_the_earlier_stage(
    live: tuple[Desk, Clock], cloud: tuple[FakeConn, FakeEngine]
) -> None:
    """SEC-8, OPS-2: refused while the incident is open; after its report, servers ACTIVE and back to live."""
    desk, clock = live
    conn, engine = cloud
    _open(desk, clock)
    assert _suspend(desk, clock, conn, engine)[0]
    with pytest.raises(RefusedError) as refused:
        _resume(desk, clock, conn)
    assert refused.value.rule_id == "resume-after-handling"
    assert refused.value.text.en == (
        "incident INC-REQ-2026-0042-1 is still open: close it with its handling report first "
        "(govcloud incident close), then resume"
    )
    assert conn.compute.starts == 0
    _close(desk, clock)
    done, steps = _resume(desk, clock, conn)
    assert done, [s.detail for s in steps]
    assert steps[0].detail == "3 server(s) ACTIVE"
    assert _statuses(conn) == ["ACTIVE"] * 3
    entry = read_entries(desk.record)[-1]
    assert (entry["event"], entry["data"]["incident"], entry["data"]["to"]) == ("resumed", INC1, "live")
    state = fold(read_entries(desk.record))
    assert (state.stage, state.suspension) == ("live", None)
    assert record_problems(load_path(desk.request).data, desk.records) == []
    with pytest.raises(RefusedError, match="record-stage-allows"):
        _resume(desk, clock, conn)  # not suspended any more
    assert verify_record(desk.record, load_keyring(desk.records)).problems == ()


def test_a_server_nova_refuses_to_stop_is_named_nothing_is_recorded_and_a_rerun_finishes(
    live: tuple[Desk, Clock], cloud: tuple[FakeConn, FakeEngine]
) -> None:
    """SEC-8: exit 1 naming the server; the rerun stops only what is still running, then records once."""
    desk, clock = live
    conn, engine = cloud
    _open(desk, clock)
    conn.compute.refusing = {"gov-portal-app-2"}
    done, steps = _suspend(desk, clock, conn, engine)
    assert not done
    assert steps[-1].name.startswith("stop")
    assert steps[-1].detail.startswith("云主机 gov-portal-app-2 未能关机：Cannot act on instance")
    assert " / server gov-portal-app-2 did not stop: Cannot act on instance" in steps[-1].detail
    assert read_entries(desk.record)[-1]["event"] == "incident-opened"
    assert conn.compute.stops == 1  # app-1 stopped before app-2 refused
    done, _ = _suspend(desk, clock, conn, engine)
    assert done
    assert conn.compute.stops == 3
    assert [e["event"] for e in read_entries(desk.record)].count("suspended") == 1


def test_a_server_nova_refuses_to_start_keeps_the_suspension_until_a_rerun_starts_it(
    live: tuple[Desk, Clock], cloud: tuple[FakeConn, FakeEngine]
) -> None:
    desk, clock = live
    conn, engine = cloud
    _open(desk, clock)
    assert _suspend(desk, clock, conn, engine)[0]
    _close(desk, clock)
    conn.compute.refusing = {"gov-portal-app-3"}
    done, steps = _resume(desk, clock, conn)
    assert not done
    assert "server gov-portal-app-3 did not start" in steps[-1].detail
    assert fold(read_entries(desk.record)).stage == "suspended"
    done, _ = _resume(desk, clock, conn)
    assert done
    assert conn.compute.starts == 3
    assert fold(read_entries(desk.record)).stage == "live"


def test_a_stack_without_servers_is_not_suspended(live: tuple[Desk, Clock]) -> None:
    """SEC-8: recording a suspension that stopped nothing would be false."""
    desk, clock = live
    conn = FakeConn()
    engine = stack_on(conn, "gov-portal", ())
    _open(desk, clock)
    with pytest.raises(RefusedError, match="suspension-servers-present"):
        _suspend(desk, clock, conn, engine)
    assert read_entries(desk.record)[-1]["event"] == "incident-opened"


def test_a_second_incident_can_suspend_again_after_a_resumption(
    live: tuple[Desk, Clock], cloud: tuple[FakeConn, FakeEngine]
) -> None:
    """SEC-8: each suspension is tied to its own incident; the stage it returns to is the one it left."""
    desk, clock = live
    conn, engine = cloud
    _open(desk, clock)
    assert _suspend(desk, clock, conn, engine)[0]
    _close(desk, clock)
    assert _resume(desk, clock, conn)[0]
    _open(desk, clock)
    with pytest.raises(RefusedError, match="suspension-incident-critical"):
        _suspend(desk, clock, conn, engine, INC1)  # the first is closed
    assert _suspend(desk, clock, conn, engine, INC2)[0]
    assert fold(read_entries(desk.record)).suspension["incident"] == INC2  # type: ignore[index]
