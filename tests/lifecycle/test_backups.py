"""Backup schedules from the catalogue and, on the local OpenStack box, backup + restore drill (SEC-11, OPS-3, LC-9)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from govcloud.lifecycle import backups
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.record import read_entries

if TYPE_CHECKING:
    from conftest import Desk

    from govcloud.catalogue.model import Catalogue
    from govcloud.testing.box.pytest_fixtures import OpenStackBox

NOW = datetime(2026, 10, 20, 12, 0, tzinfo=CHINA)


def test_schedule_follows_the_catalogue_item(catalogue: Catalogue) -> None:
    daily = backups.Schedule.of(catalogue.items["bak.daily.offsite"])
    weekly = backups.Schedule.of(catalogue.items["bak.weekly"])
    assert (daily.every, daily.retention) == (timedelta(days=1), timedelta(days=180))
    assert (weekly.every, weekly.retention) == (timedelta(days=7), timedelta(days=90))
    assert daily.due([], NOW)
    assert not daily.due([NOW - timedelta(hours=3)], NOW)
    assert weekly.due([NOW - timedelta(days=7)], NOW)


def test_missed_runs_are_reported(catalogue: Catalogue) -> None:
    daily = backups.Schedule.of(catalogue.items["bak.daily.offsite"])
    since = datetime(2026, 10, 15, 1, 0, tzinfo=CHINA)
    runs = [since + timedelta(days=d, hours=1) for d in (0, 1, 3)]  # none on the 17th and the 19th
    assert daily.missed(runs, since, NOW) == [since + timedelta(days=2), since + timedelta(days=4)]


def test_expired_copies_follow_the_retention(catalogue: Catalogue) -> None:
    weekly = backups.Schedule.of(catalogue.items["bak.weekly"])
    old = backups.Copy("v", "v", backups.SNAPSHOT, "s1", 1, "2026-07-01T00:00:00.000000", verified=True)
    new = backups.Copy("v", "v", backups.SNAPSHOT, "s2", 1, "2026-10-01T00:00:00.000000", verified=True)
    assert weekly.expired([old, new], NOW) == [old]


def _clean(storage: Any, prefix: str) -> None:
    """Delete every snapshot, then every volume, this test made (named ``lc-test-...``)."""
    for snapshot in [s for s in storage.snapshots() if (s.name or "").startswith(prefix)]:
        storage.delete_snapshot(snapshot)
        storage.wait_for_delete(snapshot, interval=1, wait=120)
    for volume in [v for v in storage.volumes() if (v.name or "").startswith(prefix)]:
        storage.delete_volume(volume)
        storage.wait_for_delete(volume, interval=1, wait=120)


@pytest.mark.slow
@pytest.mark.box
@pytest.mark.root
def test_backup_restore_drill_and_guarded_delete_on_the_box(
    openstack_box: OpenStackBox, approved: Desk
) -> None:
    """The box: snapshots (it has no cinder-backup), verified via the API; no delete before a verified backup."""
    conn = openstack_box.connect()
    admin = openstack_box.connect(openstack_box.admin_cloud)
    prefix = f"lc-test-{uuid.uuid4().hex[:8]}"
    assert backups.method(admin) == backups.SNAPSHOT
    storage = conn.block_storage
    volume = storage.create_volume(name=f"{prefix}-data", size=1)
    copies: list[backups.Copy] = []
    try:
        volume = storage.wait_for_status(volume, "available", failures=["error"], interval=1, wait=120)
        approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
        approved.act("decommission-requested", "王敏", "requester", "2026-10-12 10:00")
        approved.act("decommission-approved", "刘洋", "authority", "2026-10-13 10:00", file=True)
        assert backups.uncovered([volume.id], []) == [volume.id]
        copies.append(backups.back_up(conn, volume, backups.SNAPSHOT, f"{prefix}-bak"))
        assert copies[0].verified
        approved.act(
            "backup-verified",
            "赵磊",
            "provider",
            "2026-10-14 10:00",
            method=backups.SNAPSHOT,
            volumes=backups.as_json(copies),
        )
        drill = backups.restore_drill(conn, copies[0], f"{prefix}-drill")
        assert drill.verified, drill.checks
        assert storage.find_volume(drill.restored_volume_id) is None  # the drill cleans up after itself
        assert backups.uncovered([volume.id], backups.as_json(copies)) == [volume.id]  # dies with its volume
        copies.append(backups.retain(conn, copies[0], f"{prefix}-retained"))
        assert copies[1].method == backups.SNAPSHOT_CLONE
        assert copies[1].verified
        approved.act(
            "backup-verified",
            "赵磊",
            "provider",
            "2026-10-14 10:30",
            method=backups.SNAPSHOT_CLONE,
            volumes=backups.as_json(copies[1:]),
        )
        last = next(e for e in reversed(read_entries(approved.record)) if e["event"] == "backup-verified")
        assert backups.uncovered([volume.id], last["data"]["volumes"]) == []
        storage.delete_volume(volume)
        storage.wait_for_delete(volume, interval=1, wait=120)
        assert storage.get_volume(copies[1].copy_id).status == "available"  # the retained copy outlives it
        approved.act("offline", "赵磊", "provider", "2026-10-14 11:00")
    finally:
        _clean(storage, prefix)
    leftovers = [v.name for v in storage.volumes() if v.name and v.name.startswith(prefix)]
    assert leftovers == []
