"""Suspending a tenant whose incident threatens the platform, and restoring it after handling (SEC-8, OPS-2).

Against the in-memory Nova of ``fake_cloud``: every server of the stack's state stopped and read back
SHUTOFF, then started and read back ACTIVE; the box test drives the same ``Suspension`` against the real
services (``govcloud suspend`` / ``govcloud resume``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
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


@dataclass
class Scene:
    """The portal live since October, its clock, and the in-memory Nova holding its three servers."""

    desk: Desk
    clock: Clock
    conn: FakeConn
    engine: FakeEngine

    def open(self, severity: str = "critical") -> None:
        """The provider opens the next incident (INC1, then INC2) of ``severity``."""
        self.desk.act("incident-opened", "赵磊", "provider", self.clock(), severity=severity, summary=SUMMARY)

    def close(self, incident: str = INC1) -> None:
        """The provider closes ``incident`` with its handling report."""
        self.desk.act("incident-closed", "赵磊", "provider", self.clock(), incident=incident, report=REPORT)

    def suspension(self, actor: str = "赵磊", role: str = "provider") -> Suspension:
        """The stack's suspension as ``actor`` in ``role`` would run it."""
        desk = self.desk

        def record(event: str, data: dict[str, Any]) -> dict[str, Any]:
            return desk.act(event, actor, role, self.clock(), **data)

        def checked(event: str, data: dict[str, Any]) -> object:
            action = Action(event, actor, role, request_id="REQ-2026-0042", data=data)
            return check(action, records=desk.records, keys=desk.keys, catalogue=desk.catalogue)

        target = StackRequest("gov-portal", desk.request, "REQ-2026-0042", "gov-portal", desk.record)
        return Suspension(target, self.conn, checked, record)

    def suspend(self, incident: str = INC1) -> tuple[bool, list[Step]]:
        """The provider suspends for ``incident``: done, and the steps shown."""
        steps: list[Step] = []
        return self.suspension().suspend(incident, self.engine, steps.append), steps

    def resume(self) -> tuple[bool, list[Step]]:
        """The provider resumes: done, and the steps shown."""
        steps: list[Step] = []
        return self.suspension().resume(steps.append), steps

    def statuses(self) -> list[str]:
        """What Nova says of each server."""
        return [server.status for server in self.conn.compute.servers.values()]

    def events(self) -> list[str]:
        """The record's events, in order."""
        return [entry["event"] for entry in read_entries(self.desk.record)]


def _live(approved: Desk, conn: FakeConn, engine: FakeEngine) -> Scene:
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    evidence = {"vulnerabilityScan": "VS-1", "penetrationTest": "PT-1", "mlpsTestReport": "MLPS-1"}
    approved.act("live", "王敏", "requester", "2026-10-12 10:00", evidence=evidence)
    return Scene(approved, Clock(), conn, engine)


@pytest.fixture
def scene(approved: Desk) -> Scene:
    """The portal built and live since October, its three servers ACTIVE; no incident yet."""
    conn = FakeConn()
    return _live(approved, conn, stack_on(conn, "gov-portal", (40, 100, 20)))


@pytest.fixture
def opened(scene: Scene) -> Scene:
    """A critical incident, INC1, open against the live portal."""
    scene.open()
    return scene


@pytest.fixture
def suspended(opened: Scene) -> Scene:
    """The portal suspended for the open critical incident INC1."""
    done, steps = opened.suspend()
    assert done, [s.detail for s in steps]
    return opened


def test_suspend_stops_every_server_and_records_where_it_came_from(opened: Scene) -> None:
    """SEC-8: during an open critical incident, every server of the state is read back SHUTOFF, then recorded."""
    desk, conn = opened.desk, opened.conn
    done, steps = opened.suspend()
    assert done, [s.detail for s in steps]
    assert [s.name.split(" /")[0] for s in steps] == ["stop", "recorded"]
    assert steps[0].detail == "3 server(s) SHUTOFF"
    assert opened.statuses() == ["SHUTOFF"] * 3
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
    done, steps = opened.suspend()  # a rerun has nothing to do
    assert done
    assert steps[0].detail.startswith(
        "nothing to do: suspended since 2026-10-20 10:01:00+08:00 by INC-REQ-2026-0042-1"
    )
    assert conn.compute.stops == 3


def _major(scene: Scene) -> None:
    scene.open("major")


def _closed(scene: Scene) -> None:
    scene.open()
    scene.close()


def _not_opened(_scene: Scene) -> None:
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
    scene: Scene, prepare: Callable[[Scene], object], en: str
) -> None:
    """SEC-8, OPS-2: only an incident that threatens the platform, still being handled; nothing stopped."""
    prepare(scene)
    before = read_entries(scene.desk.record)
    with pytest.raises(RefusedError) as refused:
        scene.suspend()
    assert refused.value.rule_id == "suspension-incident-critical"
    assert refused.value.requirements == ("SEC-8", "OPS-2")
    assert refused.value.text.en == en
    assert scene.conn.compute.stops == 0
    assert scene.statuses() == ["ACTIVE"] * 3
    assert read_entries(scene.desk.record) == before


def test_the_tenant_s_requester_cannot_suspend_or_resume(opened: Scene) -> None:
    """SEC-8, SEC-4: the provider suspends; the requester's attempt touches nothing."""
    with pytest.raises(RefusedError, match="record-role-allowed"):
        opened.suspension("王敏", "requester").suspend(INC1, opened.engine, lambda _step: None)
    assert opened.conn.compute.stops == 0
    assert opened.suspend()[0]
    opened.close()
    with pytest.raises(RefusedError, match="record-role-allowed"):
        opened.suspension("王敏", "requester").resume(lambda _step: None)
    assert opened.conn.compute.starts == 0
    assert fold(read_entries(opened.desk.record)).stage == "suspended"


def test_while_suspended_nothing_is_built_or_changed_but_backups_go_on(
    opened: Scene, verified_copy: dict[str, object]
) -> None:
    """SEC-8: the stack's gate refuses pulumi up, a change request is refused, a verified backup is recorded."""
    desk = opened.desk
    assert record_problems(load_path(desk.request).data, desk.records) == []
    assert opened.suspend()[0]
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
            desk.act(
                event, actor, role, opened.clock(), file=event == "change-requested", satisfaction="满意"
            )
        assert refused.value.rule_id == "suspended-until-resumed"
        assert refused.value.text.en == (
            f"REQ-2026-0042 is suspended by incident INC-REQ-2026-0042-1: {event} waits until service is "
            "restored (govcloud resume)"
        )
    desk.act("backup-verified", "赵磊", "provider", opened.clock(), volumes=[verified_copy])
    opened.open("minor")  # the incident process goes on too
    assert opened.events()[-3:] == ["suspended", "backup-verified", "incident-opened"]


def test_resume_waits_for_the_handling_report_then_restores_the_earlier_stage(suspended: Scene) -> None:
    """SEC-8, OPS-2: refused while the incident is open; after its report, servers ACTIVE and back to live."""
    desk = suspended.desk
    with pytest.raises(RefusedError) as refused:
        suspended.resume()
    assert refused.value.rule_id == "resume-after-handling"
    assert refused.value.text.en == (
        "incident INC-REQ-2026-0042-1 is still open: close it with its handling report first "
        "(govcloud incident close), then resume"
    )
    assert suspended.conn.compute.starts == 0
    suspended.close()
    done, steps = suspended.resume()
    assert done, [s.detail for s in steps]
    assert steps[0].detail == "3 server(s) ACTIVE"
    assert suspended.statuses() == ["ACTIVE"] * 3
    entry = read_entries(desk.record)[-1]
    assert (entry["event"], entry["data"]["incident"], entry["data"]["to"]) == ("resumed", INC1, "live")
    state = fold(read_entries(desk.record))
    assert (state.stage, state.suspension) == ("live", None)
    assert record_problems(load_path(desk.request).data, desk.records) == []
    with pytest.raises(RefusedError, match="record-stage-allows"):
        suspended.resume()  # not suspended any more
    assert verify_record(desk.record, load_keyring(desk.records)).problems == ()


def test_a_server_nova_refuses_to_stop_is_named_nothing_is_recorded_and_a_rerun_finishes(
    opened: Scene,
) -> None:
    """SEC-8: exit 1 naming the server; the rerun stops only what is still running, then records once."""
    opened.conn.compute.refusing = {"gov-portal-app-2"}
    done, steps = opened.suspend()
    assert not done
    assert steps[-1].name.startswith("stop")
    assert steps[-1].detail.startswith("云主机 gov-portal-app-2 未能关机：Cannot act on instance")
    assert " / server gov-portal-app-2 did not stop: Cannot act on instance" in steps[-1].detail
    assert opened.events()[-1] == "incident-opened"
    assert opened.conn.compute.stops == 1  # app-1 stopped before app-2 refused
    done, _ = opened.suspend()
    assert done
    assert opened.conn.compute.stops == 3
    assert opened.events().count("suspended") == 1


def test_a_server_nova_refuses_to_start_keeps_the_suspension_until_a_rerun_starts_it(
    suspended: Scene,
) -> None:
    suspended.close()
    suspended.conn.compute.refusing = {"gov-portal-app-3"}
    done, steps = suspended.resume()
    assert not done
    assert "server gov-portal-app-3 did not start" in steps[-1].detail
    assert fold(read_entries(suspended.desk.record)).stage == "suspended"
    done, _ = suspended.resume()
    assert done
    assert suspended.conn.compute.starts == 3
    assert fold(read_entries(suspended.desk.record)).stage == "live"


def test_a_stack_without_servers_is_not_suspended(approved: Desk) -> None:
    """SEC-8: recording a suspension that stopped nothing would be false."""
    conn = FakeConn()
    empty = _live(approved, conn, stack_on(conn, "gov-portal", ()))
    empty.open()
    with pytest.raises(RefusedError, match="suspension-servers-present"):
        empty.suspend()
    assert empty.events()[-1] == "incident-opened"


def test_a_second_incident_can_suspend_again_after_a_resumption(suspended: Scene) -> None:
    """SEC-8: each suspension is tied to its own incident; the stage it returns to is the one it left."""
    suspended.close()
    assert suspended.resume()[0]
    suspended.open()
    with pytest.raises(RefusedError, match="suspension-incident-critical"):
        suspended.suspend(INC1)  # the first is closed
    assert suspended.suspend(INC2)[0]
    assert fold(read_entries(suspended.desk.record)).suspension["incident"] == INC2  # type: ignore[index]
