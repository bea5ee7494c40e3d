"""Decommission (LC-9, SEC-11, SEC-4): offline, every volume copied and verified, destroyed, reclaimed.

Against an in-memory Nova/Cinder/engine (``fake_cloud``) that keeps Cinder's rules; the same code runs
against the box in ``test_decommission_box.py``.
"""

from __future__ import annotations

import itertools
import json
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from fake_cloud import FakeConn, stack_on

from govcloud.lifecycle import backups
from govcloud.lifecycle.decommission import Decommission
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.keyring import load_keyring
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.stacks import StackRequest
from govcloud.lifecycle.state import fold
from govcloud.lifecycle.status import row
from govcloud.lifecycle.verify import verify_record

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Desk
    from fake_cloud import FakeEngine

    from govcloud.lifecycle.steps import Step


def _target(desk: Desk) -> StackRequest:
    return StackRequest("gov-portal", desk.request, "REQ-2026-0042", "gov-portal", desk.record)


def _recorder(desk: Desk) -> Any:
    """Record as the provider engineer, one minute apart from 2026-10-14 10:00 on."""
    minutes = itertools.count()

    def record(event: str, data: dict[str, Any]) -> dict[str, Any]:
        at = f"2026-10-14 10:{next(minutes):02d}"
        return desk.act(event, "赵磊", "provider", at, **data)

    return record


def _run(desk: Desk, conn: FakeConn, engine: FakeEngine) -> tuple[bool, list[Step], Decommission]:
    run = Decommission(_target(desk), engine, conn, _recorder(desk), observe=engine.observe)
    steps: list[Step] = []
    return run.run(steps.append), steps, run


def _events(desk: Desk) -> list[str]:
    return [entry["event"] for entry in read_entries(desk.record)]


@pytest.fixture
def approved_for_decommission(approved: Desk) -> Desk:
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    approved.act("decommission-requested", "王敏", "requester", "2026-10-12 10:00", reasons=["merged"])
    approved.act("decommission-approved", "刘洋", "authority", "2026-10-13 10:00")
    return approved


def test_decommission_before_the_request_and_approval_is_refused(approved: Desk) -> None:
    """SEC-4, LC-9: the provider cannot decommission a live system on its own say-so."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    conn = FakeConn()
    engine = stack_on(conn, "gov-portal", (40,))
    with pytest.raises(RefusedError, match="decommission-approved-first"):
        _run(approved, conn, engine)
    assert engine.destroys == 0
    assert conn.compute.stops == 0
    assert _events(approved)[-1] == "provisioned"


def test_decommission_stops_copies_verifies_destroys_and_records(approved_for_decommission: Desk) -> None:
    """LC-9, LC-13: offline, copied and verified, then destroyed: nothing of the tenant's data is left.

    The copies, named in the record, are what is migrated out and handed over.
    """
    desk = approved_for_decommission
    conn = FakeConn()
    engine = stack_on(conn, "gov-portal", (40, 100))
    volumes = [r["id"] for r in engine.resources if r["type"].endswith("Volume")]
    scheduled = conn.block_storage.create_snapshot(volume_id=volumes[0], name="bak.weekly-1", metadata={})
    done, steps, run = _run(desk, conn, engine)
    assert done, [s.detail for s in steps if not s.ok]
    assert [s.name.split(" /")[0] for s in steps] == [
        "offline",
        "backup",
        "snapshots released",
        "destroy",
        "reclaimed",
    ]
    assert _events(desk)[-4:] == ["decommission-approved", "offline", "backup-verified", "reclaimed"]
    entries = read_entries(desk.record)
    copies = next(e for e in entries if e["event"] == "backup-verified")["data"]["volumes"]
    assert {c["volume_id"] for c in copies} == set(volumes)
    assert all(c["verified"] and c["method"] == backups.SNAPSHOT_CLONE for c in copies)
    for copy in copies:  # each copy outlives its volume, with its size
        kept = conn.block_storage.get_volume(copy["copy_id"])
        assert kept.size == copy["size_gib"]
        assert kept.metadata["govcloud:copy-of"] == copy["volume_id"]
    assert not set(volumes) & set(conn.block_storage.volumes_by_id)
    assert conn.compute.servers == {}
    reclaimed = entries[-1]["data"]
    assert reclaimed["releasedSnapshots"] == [scheduled.id]
    assert sorted(reclaimed["copies"]) == sorted(c["copy_id"] for c in copies)
    assert verify_record(desk.record, load_keyring(desk.records)).problems == ()
    assert run.copies
    assert all(c.verified for c in run.copies)


def test_a_failed_destroy_keeps_the_record_and_a_rerun_resumes_without_new_copies(
    approved_for_decommission: Desk,
) -> None:
    desk = approved_for_decommission
    conn = FakeConn()
    engine = stack_on(conn, "gov-portal", (40, 40))
    engine.fail_destroys = 1
    done, steps, _ = _run(desk, conn, engine)
    assert not done
    assert steps[-1].name.startswith("destroy")
    assert not steps[-1].ok
    assert "pulumi destroy failed" in steps[-1].detail
    assert "引擎失败" in steps[-1].detail
    assert _events(desk)[-2:] == ["offline", "backup-verified"]
    made = (conn.block_storage.snapshots_made, conn.block_storage.clones_made)
    assert made == (2, 2)
    done, steps, _ = _run(desk, conn, engine)
    assert done, [s.detail for s in steps if not s.ok]
    assert (conn.block_storage.snapshots_made, conn.block_storage.clones_made) == made
    assert "0 copied, 2 already copied" in steps[1].detail
    assert _events(desk)[-3:] == [
        "offline",
        "backup-verified",
        "reclaimed",
    ]  # no second offline or backup entry
    done, steps, _ = _run(desk, conn, engine)  # a third run has nothing left to do
    assert done
    assert steps[0].detail.startswith("nothing to do")


def test_a_copy_that_does_not_verify_stops_before_anything_is_destroyed(
    approved_for_decommission: Desk,
) -> None:
    desk = approved_for_decommission
    conn = FakeConn()
    conn.block_storage.short_copies = True
    engine = stack_on(conn, "gov-portal", (40,))
    done, steps, _ = _run(desk, conn, engine)
    assert not done
    assert steps[-1].name.startswith("backup")
    assert "did not verify" in steps[-1].detail
    assert "backup-verified" not in _events(desk)
    assert engine.destroys == 0
    assert len(engine.resources) == 2


def test_reclaim_without_an_independent_verified_copy_is_refused(approved_for_decommission: Desk) -> None:
    """LC-9, SEC-11: a snapshot dies with its volume, so it does not let the system be reclaimed."""
    desk = approved_for_decommission
    desk.act("offline", "赵磊", "provider", "2026-10-14 09:00")
    with pytest.raises(RefusedError, match="decommission-backup-verified"):
        desk.act("reclaimed", "赵磊", "provider", "2026-10-14 09:10")
    snapshot = {"volume_id": "v1", "volume_name": "d", "method": "snapshot", "copy_id": "s1"}
    desk.act(
        "backup-verified", "赵磊", "provider", "2026-10-14 09:20", volumes=[snapshot | {"verified": True}]
    )
    with pytest.raises(RefusedError, match="decommission-backup-verified"):
        desk.act("reclaimed", "赵磊", "provider", "2026-10-14 09:30")
    clone = snapshot | {"method": backups.SNAPSHOT_CLONE, "copy_id": "c1", "verified": True}
    desk.act("backup-verified", "赵磊", "provider", "2026-10-14 09:40", volumes=[clone])
    desk.act("reclaimed", "赵磊", "provider", "2026-10-14 09:50")


def test_decommission_cli_each_party_records_its_step(
    approved: Desk, stack_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    stack = ["decommission", "lc-test"]
    assert approved.cli(*stack, "--as", "刘洋", "--role", "authority") == 1  # nothing requested yet
    assert "record-stage-allows" in capsys.readouterr().err
    assert approved.cli(*stack, "--as", "赵磊", "--role", "requester") == 1  # not the provider's duty
    assert approved.cli(*stack, "--as", "王敏", "--role", "requester", "--reason", "merged") == 0
    assert approved.cli(*stack, "--as", "王敏", "--role", "authority") == 1  # SEC-4
    assert approved.cli(*stack, "--as", "刘洋", "--role", "authority") == 0
    entries = read_entries(approved.record)
    assert [e["event"] for e in entries[-2:]] == ["decommission-requested", "decommission-approved"]
    assert entries[-2]["data"]["reasons"] == ["merged"]
    capsys.readouterr()
    assert approved.cli(*stack, "--as", "赵磊", "--role", "provider") == 3  # no engine in this project
    err = capsys.readouterr().err
    assert err.startswith(f"govcloud decommission: {stack_project / 'bin'}: Pulumi 引擎尚未构建（缺少 "), err
    assert " / the Pulumi engine is not built (" in err
    assert err.endswith("): run tools/engine/build.sh [engine-built]\n"), err


def test_decommission_cli_bad_stack_is_unusable(
    approved: Desk, stack_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert approved.cli("decommission", "../etc", "--as", "王敏", "--role", "requester") == 2
    assert capsys.readouterr().err == (
        "govcloud decommission: stack: 没有名为 '../etc' 的栈（需要 Pulumi.<栈>.yaml） / no stack '../etc': "
        f"a stack is a plain name with a Pulumi.<stack>.yaml in {stack_project} [stack-known]\n"
    )
    assert json.dumps(_events(approved)).count("decommission") == 0


def test_status_tracks_the_reclaim_in_three_working_days(approved_for_decommission: Desk) -> None:
    """LC-9: approved Tue 13 Oct 2026, so reclaim is due Fri 16 Oct; flagged overdue after, cleared by reclaim."""
    desk = approved_for_decommission
    desk.act("offline", "赵磊", "provider", "2026-10-14 09:00")
    waiting = row(fold(read_entries(desk.record)), date(2026, 10, 16))
    assert (waiting.stage, waiting.due, waiting.requirement, waiting.overdue_days) == (
        "offline",
        date(2026, 10, 16),
        "LC-9",
        0,
    )
    late = row(fold(read_entries(desk.record)), date(2026, 10, 19))
    assert late.overdue_days == 3
    assert any("overdue 3 day(s) (LC-9)" in flag for flag in late.flags)
    conn = FakeConn()
    engine = stack_on(conn, "gov-portal", (40,))
    done, _, _ = _run(desk, conn, engine)
    assert done
    reclaimed = row(fold(read_entries(desk.record)), date(2026, 10, 19))
    assert (reclaimed.stage, reclaimed.due, reclaimed.flags) == ("reclaimed", None, ())
