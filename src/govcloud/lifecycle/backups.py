"""Backups of a tenant's volumes (SEC-11, OPS-3, LC-9): made, verified through the API, restored in a drill.

Where the platform runs cinder-backup, a copy is a Cinder backup; otherwise it is a Cinder snapshot.
The local box has no cinder-backup service and its fake volume driver keeps no data, so there a copy
is a snapshot, and "verified" means what the API can prove: the copy is ``available``, belongs to the
volume and has its size; the restore drill makes a new volume from it and checks that volume is
``available`` with that size and source. No byte of data is compared, because the box holds none.
A Cinder snapshot dies with its volume (a volume with snapshots cannot even be deleted), so before
a decommission each snapshot is turned into an independent volume (``snapshot-clone``), verified,
and the snapshot released; a volume is deleted only when the record's last ``backup-verified`` entry
names a verified independent copy of it (a Cinder backup or such a clone): ``uncovered`` is what
``govcloud decommission`` and ``govcloud teardown`` ask before a ``pulumi destroy``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from govcloud.lifecycle.clock import CHINA

if TYPE_CHECKING:
    from govcloud.catalogue.model import CatalogueItem

SNAPSHOT = "snapshot"
CINDER_BACKUP = "cinder-backup"
SNAPSHOT_CLONE = "snapshot-clone"
INDEPENDENT = frozenset({CINDER_BACKUP, SNAPSHOT_CLONE})
"""Copies that outlive the volume they were made from."""
WAIT_SECONDS = 300
FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "monthly": 30}


@dataclass(frozen=True, slots=True)
class Copy:
    """One verified copy of one volume, as the ``backup-verified`` entry records it."""

    volume_id: str
    volume_name: str
    method: str
    copy_id: str
    size_gib: int
    created_at: str
    verified: bool


@dataclass(frozen=True, slots=True)
class Drill:
    """OPS-3's restore procedure, step by step: what was requested, done and verified."""

    copy_id: str
    restored_volume_id: str
    requested_at: str
    restored_at: str
    verified: bool
    checks: tuple[str, ...]


def method(admin: Any) -> str:
    """``cinder-backup`` when an enabled, up cinder-backup service exists, else ``snapshot``."""
    for service in admin.block_storage.services():
        if service.binary == CINDER_BACKUP and service.status == "enabled" and service.state == "up":
            return CINDER_BACKUP
    return SNAPSHOT


def detect_method(conn: Any) -> str:
    """``method`` for a connection that may not list services (a tenant): then a snapshot, which works anywhere."""
    from openstack import exceptions  # noqa: PLC0415 - openstacksdk only when a cloud is used

    try:
        return method(conn)
    except exceptions.HttpException:
        return SNAPSHOT


def back_up(conn: Any, volume: Any, how: str, name: str, metadata: dict[str, str] | None = None) -> Copy:
    """Make one copy, wait for it, then read it back from the API to verify it."""
    storage = conn.block_storage
    if how == CINDER_BACKUP:
        made = storage.create_backup(volume_id=volume.id, name=name, force=True)
        made = storage.wait_for_status(made, "available", failures=["error"], interval=1, wait=WAIT_SECONDS)
        seen = storage.get_backup(made.id)
    else:
        made = storage.create_snapshot(volume_id=volume.id, name=name, force=True, metadata=metadata or {})
        made = storage.wait_for_status(made, "available", failures=["error"], interval=1, wait=WAIT_SECONDS)
        seen = storage.get_snapshot(made.id)
    verified = (
        seen.status == "available" and seen.volume_id == volume.id and int(seen.size) == int(volume.size)
    )
    return Copy(volume.id, volume.name, how, seen.id, int(seen.size), str(seen.created_at), verified)


def restore_drill(conn: Any, copy: Copy, name: str) -> Drill:
    """Restore a copy into a new volume, verify it through the API, then delete the drill volume."""
    storage = conn.block_storage
    requested = datetime.now(CHINA).isoformat(timespec="seconds")
    if copy.method == CINDER_BACKUP:
        restored = storage.restore_backup(copy.copy_id, name=name)
        volume = storage.get_volume(
            restored["volume_id"] if isinstance(restored, dict) else restored.volume_id
        )
    elif copy.method == SNAPSHOT_CLONE:
        volume = storage.create_volume(name=name, size=copy.size_gib, source_volume_id=copy.copy_id)
    else:
        volume = storage.create_volume(name=name, size=copy.size_gib, snapshot_id=copy.copy_id)
    try:
        volume = storage.wait_for_status(
            volume, "available", failures=["error"], interval=1, wait=WAIT_SECONDS
        )
        seen = storage.get_volume(volume.id)
        checks = (
            f"status {seen.status} == available",
            f"size {seen.size} GiB >= {copy.size_gib} GiB",
            f"source {seen.snapshot_id or seen.source_volume_id or copy.copy_id} == {copy.copy_id}",
        )
        source = {SNAPSHOT: seen.snapshot_id, SNAPSHOT_CLONE: seen.source_volume_id}.get(copy.method)
        verified = (
            seen.status == "available"
            and int(seen.size) >= copy.size_gib
            and (copy.method == CINDER_BACKUP or source == copy.copy_id)
        )
        restored_at = datetime.now(CHINA).isoformat(timespec="seconds")
    finally:
        storage.delete_volume(volume)
        storage.wait_for_delete(volume, interval=1, wait=WAIT_SECONDS)
    return Drill(copy.copy_id, volume.id, requested, restored_at, verified, checks)


def retain(conn: Any, copy: Copy, name: str, metadata: dict[str, str] | None = None) -> Copy:
    """A copy that survives deleting its volume: a backup already does; a snapshot becomes a verified clone."""
    if copy.method in INDEPENDENT:
        return copy
    storage = conn.block_storage
    clone = storage.create_volume(
        name=name, size=copy.size_gib, snapshot_id=copy.copy_id, metadata=metadata or {}
    )
    clone = storage.wait_for_status(clone, "available", failures=["error"], interval=1, wait=WAIT_SECONDS)
    seen = storage.get_volume(clone.id)
    verified = (
        seen.status == "available" and seen.snapshot_id == copy.copy_id and int(seen.size) >= copy.size_gib
    )
    if verified:
        snapshot = storage.get_snapshot(copy.copy_id)
        storage.delete_snapshot(snapshot)
        storage.wait_for_delete(snapshot, interval=1, wait=WAIT_SECONDS)
    return Copy(
        copy.volume_id,
        copy.volume_name,
        SNAPSHOT_CLONE,
        seen.id,
        int(seen.size),
        str(seen.created_at),
        verified,
    )


def recheck(conn: Any, recorded: dict[str, Any]) -> Copy | None:
    """A recorded copy read back from the API again: still there, ``available``, of its size (None: gone)."""
    storage = conn.block_storage
    if recorded.get("method") == CINDER_BACKUP:
        seen = storage.find_backup(recorded["copy_id"])
    elif recorded.get("method") == SNAPSHOT_CLONE:
        seen = storage.find_volume(recorded["copy_id"])
    else:
        seen = storage.find_snapshot(recorded["copy_id"])
    if seen is None:
        return None
    verified = seen.status == "available" and int(seen.size) >= int(recorded["size_gib"])
    return Copy(
        recorded["volume_id"],
        recorded["volume_name"],
        recorded["method"],
        seen.id,
        int(seen.size),
        str(seen.created_at),
        verified,
    )


def independent(copy: dict[str, Any]) -> bool:
    """A recorded copy that was verified and outlives its volume."""
    return bool(copy.get("verified")) and copy.get("method") in INDEPENDENT


def uncovered(volume_ids: list[str], recorded: list[dict[str, Any]]) -> list[str]:
    """The volumes (of ``volume_ids``) that no verified, independent recorded copy covers."""
    covered = {copy["volume_id"] for copy in recorded if independent(copy)}
    return [volume_id for volume_id in volume_ids if volume_id not in covered]


@dataclass(frozen=True, slots=True)
class Schedule:
    """A backup item as a schedule the provider runs (OPS-3: scope, frequency, method, retention)."""

    item_id: str
    every: timedelta
    retention: timedelta

    @classmethod
    def of(cls, item: CatalogueItem) -> Schedule:
        """From the catalogue item's ``frequency`` and ``retentionDays``."""
        return cls(
            item.id,
            timedelta(days=FREQUENCY_DAYS[item.spec["frequency"]]),
            timedelta(days=int(item.spec["retentionDays"])),
        )

    def due(self, runs: list[datetime], now: datetime) -> bool:
        """Whether a run is due: none yet, or the last is one period old."""
        return not runs or now - max(runs) >= self.every

    def missed(self, runs: list[datetime], since: datetime, now: datetime) -> list[datetime]:
        """Start of each period since ``since`` in which no run happened (reported, OPS-3)."""
        gaps, start = [], since
        while start + self.every <= now:
            if not any(start <= run < start + self.every for run in runs):
                gaps.append(start)
            start += self.every
        return gaps

    def expired(self, copies: list[Copy], now: datetime) -> list[Copy]:
        """Copies older than the retention, to be pruned."""
        return [c for c in copies if now - aware(c.created_at) > self.retention]


def aware(text: str) -> datetime:
    """Cinder writes UTC times without an offset."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def as_json(copies: list[Copy]) -> list[dict[str, Any]]:
    """As a ``backup-verified`` entry's ``volumes``."""
    return [asdict(copy) for copy in copies]
