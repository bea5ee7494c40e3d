"""Backup schedules the requests ordered, run (SEC-11, OPS-3): due copies made and recorded, old ones pruned, gaps reported.

The cloud is ``fake_cloud``'s Cinder; the box runs the same schedule in ``test_decommission_box.py``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from fake_cloud import FakeConn, Thing

from govcloud.cli import main
from govcloud.lifecycle import schedules
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.record import read_entries
from govcloud.provisioning import tags
from govcloud.testing.documents import write_authorisation

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Desk

    from govcloud.catalogue.model import Catalogue

BUILT_AT = datetime(2026, 10, 10, 10, 0, tzinfo=CHINA)


@pytest.fixture
def running(approved: Desk) -> Desk:
    """The portal (orders bak.daily.offsite: daily, 180 days) built on 2026-10-10 10:00."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    return approved


def _cloud(*sizes: int) -> FakeConn:
    conn = FakeConn()
    for index, size in enumerate(sizes, start=1):
        volume = Thing(
            f"gov-portal-web-{index}-data-1", "in-use", size, metadata={tags.REQUEST_ID: "REQ-2026-0042"}
        )
        conn.block_storage.volumes_by_id[volume.id] = volume
    other = Thing("someone-else", "in-use", 10, metadata={tags.REQUEST_ID: "REQ-2026-0001"})
    conn.block_storage.volumes_by_id[other.id] = other
    return conn


def _recorder(desk: Desk, now: datetime) -> Any:
    def record(request_id: str, data: dict[str, Any]) -> dict[str, Any]:
        assert request_id == "REQ-2026-0042"
        return desk.act("backup-verified", "赵磊", "provider", now.strftime("%Y-%m-%d %H:%M"), **data)

    return record


def _run(desk: Desk, catalogue: Catalogue, conn: FakeConn, now: datetime) -> list[schedules.RunResult]:
    conn.block_storage.now = now.astimezone(UTC).replace(tzinfo=None).isoformat()
    orders = schedules.ordered(desk.records, catalogue)
    return schedules.run_due(conn, orders, now, _recorder(desk, now))


def test_the_ordered_schedule_comes_from_the_approved_version(running: Desk, catalogue: Catalogue) -> None:
    (order,) = schedules.ordered(running.records, catalogue)
    assert (order.request_id, order.schedule.item_id, order.offsite) == (
        "REQ-2026-0042",
        "bak.daily.offsite",
        True,
    )
    assert (order.schedule.every, order.schedule.retention) == (timedelta(days=1), timedelta(days=180))
    assert order.since == BUILT_AT


def test_a_due_run_copies_each_volume_records_it_and_is_not_repeated(
    running: Desk, catalogue: Catalogue
) -> None:
    conn = _cloud(100, 200)
    now = BUILT_AT + timedelta(hours=16)  # 02:00 the next night
    (result,) = _run(running, catalogue, conn, now)
    assert result.ok
    assert sorted(c.size_gib for c in result.copies) == [100, 200]
    assert conn.block_storage.snapshots_made == 2  # not the other tenant's volume
    entry = read_entries(running.record)[-1]
    assert entry["event"] == "backup-verified"
    assert entry["data"]["schedule"] == "bak.daily.offsite"
    assert entry["data"]["ok"] is True
    assert {c["copy_id"] for c in entry["data"]["volumes"]} == set(conn.block_storage.snapshots_by_id)
    assert _run(running, catalogue, conn, now + timedelta(hours=3)) == []  # not due again within the day
    assert len(_run(running, catalogue, conn, now + timedelta(days=1))) == 1


def test_copies_past_the_retention_are_pruned(running: Desk, catalogue: Catalogue) -> None:
    conn = _cloud(50)
    first = BUILT_AT + timedelta(hours=16)
    _run(running, catalogue, conn, first)
    (old,) = conn.block_storage.snapshots_by_id
    later = first + timedelta(days=181)
    (result,) = _run(running, catalogue, conn, later)
    assert result.pruned == (old,)
    assert old not in conn.block_storage.snapshots_by_id
    assert len(conn.block_storage.snapshots_by_id) == 1


def test_a_copy_that_does_not_verify_is_recorded_as_a_failed_run(running: Desk, catalogue: Catalogue) -> None:
    conn = _cloud(50)
    conn.block_storage.short_copies = True
    (result,) = _run(running, catalogue, conn, BUILT_AT + timedelta(hours=16))
    assert not result.ok
    assert read_entries(running.record)[-1]["data"]["ok"] is False
    (order,) = schedules.ordered(running.records, catalogue)
    assert order.runs == ()  # a failed run is no run: it is still due
    assert order.status(BUILT_AT + timedelta(days=1, hours=1))["due"] is True


def test_missed_runs_are_reported_as_table_and_json(
    running: Desk, catalogue: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    """OPS-3: days with no good run since the build, through ``govcloud backup status``."""
    conn = _cloud(50)
    for day in (0, 1, 3):  # none in the periods starting 12 and 14 October
        _run(running, catalogue, conn, BUILT_AT + timedelta(days=day, hours=16))
    argv = ["backup", "status", "--records", str(running.records), "--now", "2026-10-15T12:00:00+08:00"]
    assert main([*argv, "--format", "json"]) == 1
    (row,) = json.loads(capsys.readouterr().out)
    assert row["missed"] == ["2026-10-12T10:00:00+08:00", "2026-10-14T10:00:00+08:00"]
    assert row["lastRun"] == "2026-10-14T02:00:00+08:00"
    assert row["offsiteOrdered"] is True
    assert main(argv) == 1
    table = capsys.readouterr().out
    assert "REQ-2026-0042" in table
    assert "2 (first 2026-10-12)" in table
    assert "本平台无异地副本" in table


def test_nothing_runs_for_a_system_not_built_or_reclaimed(approved: Desk, catalogue: Catalogue) -> None:
    conn = _cloud(50)
    assert _run(approved, catalogue, conn, BUILT_AT) == []  # approved, not built
    assert conn.block_storage.snapshots_made == 0


def test_backup_status_bad_time_is_unusable(running: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["backup", "status", "--records", str(running.records), "--now", "2026-10-15 12:00"])
    assert exited.value.code == 2
    assert "--now" in capsys.readouterr().err


def test_backup_run_without_cloud_credentials_is_unusable(
    running: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("OS_CLOUD", raising=False)
    monkeypatch.delenv("OS_AUTH_URL", raising=False)
    before = running.record.read_bytes()
    argv = ["backup", "run", "--as", "赵磊", "--role", "provider", "--records", str(running.records)]
    assert main([*argv, "--keys", str(running.keys)]) == 2
    assert capsys.readouterr().err == (
        'govcloud backup: OS_CLOUD (LC-9, OPS-3): 没有云平台凭据：请先设置 OS_CLOUD（本机：eval "$(govcloud box env '
        '--cloud govcloud-tenant)"） / no cloud credentials: set OS_CLOUD first (here: eval "$(govcloud box env '
        '--cloud govcloud-tenant)") [cloud-credentials-given]\n'
    )
    assert running.record.read_bytes() == before


def _cli_run(desk: Desk, conn: FakeConn, monkeypatch: pytest.MonkeyPatch, now: str, *extra: str) -> int:
    """``govcloud backup run`` at ``now`` against the fake cloud."""
    monkeypatch.setattr("govcloud.lifecycle.cloud.connect", lambda: conn)
    conn.block_storage.now = datetime.fromisoformat(now).astimezone(UTC).replace(tzinfo=None).isoformat()
    argv = ["backup", "run", "--as", "赵磊", "--role", "provider", "--records", str(desk.records)]
    return main([*argv, "--keys", str(desk.keys), "--now", now, *extra])


def test_backup_run_copies_under_the_approved_requests_authorisation(
    running: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SEC-5: the approved version's providerAccess allows ``backup``; the entry names the document."""
    conn = _cloud(50)
    assert _cli_run(running, conn, monkeypatch, "2026-11-10T02:00:00+08:00") == 0
    assert conn.block_storage.snapshots_made == 1
    entry = read_entries(running.record)[-1]
    assert entry["event"] == "backup-verified"
    assert entry["data"]["authorisation"] == "市府办授〔2026〕12号"


def test_backup_run_reads_no_volume_once_the_authorisation_lapsed(
    running: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """SEC-5: expired on 2027-11-30, the schedule is refused (exit 1) until the tenant renews it in writing."""
    conn = _cloud(50)
    before = running.record.read_bytes()
    assert _cli_run(running, conn, monkeypatch, "2027-12-05T02:00:00+08:00") == 1
    err = capsys.readouterr().err
    assert "govcloud backup: REQ-2026-0042: gov-portal: 未获使用单位书面授权，拒绝 backup" in err
    assert "[provider-access-authorised] (SEC-5) 市府办授〔2026〕12号 已于 2027-11-30 到期" in err
    assert conn.block_storage.snapshots_made == 0, "no volume of the tenant was read"
    assert running.record.read_bytes() == before
    renewal = write_authorisation(tmp_path / "renewal.yaml", "gov-portal", "REQ-2026-0042", ["backup"])
    document = yaml.safe_load(renewal.read_text(encoding="utf-8"))
    document["spec"].update(signed="2027-11-20", validUntil="2028-11-30")
    renewal.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert (
        _cli_run(running, conn, monkeypatch, "2027-12-05T02:00:00+08:00", "--authorisation", str(renewal))
        == 0
    )
    assert read_entries(running.record)[-1]["data"]["authorisation"] == "TEST-AUTH-gov-portal"


def test_backups_go_on_while_a_change_waits_for_approval(
    running: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SEC-11, SEC-5: a submitted change does not stop the copies; the approved version still authorises them."""
    text = running.request.read_text(encoding="utf-8")
    running.request.write_text(text.replace("双机冗余 /", "双机冗余（复核）/"), encoding="utf-8")
    running.act("change-requested", "王敏", "requester", "2026-11-09 10:00", file=True)
    (order,) = schedules.ordered(running.records, catalogue=running.catalogue)
    assert (order.stage, order.schedule.item_id) == ("change-requested", "bak.daily.offsite")
    assert order.authorisation is not None
    assert order.authorisation.document_no == "市府办授〔2026〕12号"
    conn = _cloud(50)
    assert _cli_run(running, conn, monkeypatch, "2026-11-10T02:00:00+08:00") == 0
    assert conn.block_storage.snapshots_made == 1
