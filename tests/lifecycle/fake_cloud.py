"""An in-memory stand-in for the parts of openstacksdk (Nova, Cinder) and of the engine decommissioning uses.

It keeps the rules that matter to LC-9 and SEC-8: a stopped server reads back SHUTOFF and a started one
ACTIVE (or Nova refuses, 409), a copy reads back with its size and source, a volume with snapshots
cannot be deleted (Cinder's own rule), and a destroy deletes exactly the state's resources. The box
tests run the same code against the real services.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

_ids = itertools.count(1)


@dataclass
class Thing:
    """A server, volume or snapshot as openstacksdk returns it (the attributes read)."""

    name: str
    status: str
    size: int = 0
    volume_id: str | None = None
    snapshot_id: str | None = None
    source_volume_id: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    id: str = field(default_factory=lambda: f"id-{next(_ids):04d}")
    created_at: str = "2026-10-14T02:00:00.000000"


class InUseError(Exception):
    """Cinder's 400: a volume with snapshots cannot be deleted."""


class ConflictError(Exception):
    """Nova's 409: the server has a task running and refuses the action."""


@dataclass
class FakeCompute:
    """Nova: servers that stop and start."""

    servers: dict[str, Thing] = field(default_factory=dict)
    stops: int = 0
    starts: int = 0
    refusing: set[str] = field(default_factory=set)
    """Names of servers whose next stop or start Nova refuses (409), once each."""

    def _conflict(self, server: Thing) -> None:
        if server.name in self.refusing:
            self.refusing.discard(server.name)
            raise ConflictError(f"Cannot act on instance {server.id} while it is in task_state powering-off")

    def start_server(self, server: Thing) -> None:
        """As ``start_server`` does."""
        self._conflict(server)
        self.starts += 1
        server.status = "ACTIVE"

    def find_server(self, server_id: str) -> Thing | None:
        """As ``find_server`` does."""
        return self.servers.get(server_id)

    def get_server(self, server_id: str) -> Thing:
        """As ``get_server`` does."""
        return self.servers[server_id]

    def stop_server(self, server: Thing) -> None:
        """As ``stop_server`` does."""
        self._conflict(server)
        self.stops += 1
        server.status = "SHUTOFF"

    def wait_for_server(self, server: Thing, **_: Any) -> Thing:
        """As ``wait_for_server`` does."""
        return server


@dataclass
class FakeStorage:
    """Cinder: volumes, snapshots, clones from snapshots."""

    volumes_by_id: dict[str, Thing] = field(default_factory=dict)
    snapshots_by_id: dict[str, Thing] = field(default_factory=dict)
    snapshots_made: int = 0
    clones_made: int = 0
    short_copies: bool = False
    """Make every copy 1 GiB short (a copy that must fail verification)."""
    now: str = "2026-10-14T02:00:00.000000"
    """``created_at`` of what is made next (Cinder's UTC time without an offset)."""

    def services(self) -> list[Any]:
        """As ``services`` does."""
        return []

    def get_volume(self, volume_id: str) -> Thing:
        """As ``get_volume`` does."""
        return self.volumes_by_id[volume_id]

    def find_volume(self, volume_id: str) -> Thing | None:
        """As ``find_volume`` does."""
        return self.volumes_by_id.get(volume_id)

    def volumes(self, name: str | None = None, **_: Any) -> list[Thing]:
        """As ``volumes`` does."""
        return [v for v in self.volumes_by_id.values() if name is None or v.name == name]

    def create_snapshot(self, *, volume_id: str, name: str, metadata: dict[str, str], **_: Any) -> Thing:
        """As ``create_snapshot`` does."""
        self.snapshots_made += 1
        size = self.volumes_by_id[volume_id].size - self.short_copies
        snap = Thing(
            name, "available", size, volume_id=volume_id, metadata=dict(metadata), created_at=self.now
        )
        self.snapshots_by_id[snap.id] = snap
        return snap

    def get_snapshot(self, snapshot_id: str) -> Thing:
        """As ``get_snapshot`` does."""
        return self.snapshots_by_id[snapshot_id]

    def find_snapshot(self, snapshot_id: str) -> Thing | None:
        """As ``find_snapshot`` does."""
        return self.snapshots_by_id.get(snapshot_id)

    def snapshots(self, name: str | None = None, volume_id: str | None = None, **_: Any) -> list[Thing]:
        """As ``snapshots`` does."""
        return [
            s
            for s in self.snapshots_by_id.values()
            if (name is None or s.name == name) and (volume_id is None or s.volume_id == volume_id)
        ]

    def delete_snapshot(self, snapshot: Thing | str) -> None:
        """As ``delete_snapshot`` does."""
        del self.snapshots_by_id[snapshot if isinstance(snapshot, str) else snapshot.id]

    def create_volume(self, *, name: str, size: int, snapshot_id: str, metadata: dict[str, str]) -> Thing:
        """As ``create_volume`` does."""
        self.clones_made += 1
        clone = Thing(name, "available", size, snapshot_id=snapshot_id, metadata=dict(metadata))
        self.volumes_by_id[clone.id] = clone
        return clone

    def delete_volume(self, volume: Thing) -> None:
        """As ``delete_volume`` does."""
        if any(s.volume_id == volume.id for s in self.snapshots_by_id.values()):
            raise InUseError(volume.name)
        del self.volumes_by_id[volume.id]

    def wait_for_status(self, thing: Thing, *_: Any, **__: Any) -> Thing:
        """As ``wait_for_status`` does."""
        return thing

    def wait_for_delete(self, thing: Thing, **_: Any) -> Thing:
        """As ``wait_for_delete`` does."""
        return thing


@dataclass
class FakeConn:
    """An openstacksdk connection with the two services."""

    compute: FakeCompute = field(default_factory=FakeCompute)
    block_storage: FakeStorage = field(default_factory=FakeStorage)


@dataclass
class FakeEngine:
    """A stack's state over the fake cloud; ``destroy`` deletes what the state holds, as the engine does."""

    conn: FakeConn
    resources: list[dict[str, Any]] = field(default_factory=list)
    fail_destroys: int = 0
    destroys: int = 0

    def deployment(self) -> dict[str, Any]:
        """As ``deployment`` does."""
        return {"resources": list(self.resources)}

    def destroy(self) -> str:
        """As ``destroy`` does."""
        from govcloud.bilingual import Text  # noqa: PLC0415
        from govcloud.lifecycle.steps import StepFailedError  # noqa: PLC0415

        self.destroys += 1
        if self.fail_destroys:
            self.fail_destroys -= 1
            raise StepFailedError(Text("引擎失败", "pulumi destroy failed: injected"))
        for resource in self.resources:
            if resource["type"].endswith("volume:Volume"):
                self.conn.block_storage.delete_volume(self.conn.block_storage.get_volume(resource["id"]))
            else:
                self.conn.compute.servers.pop(resource["id"], None)
        deleted = len(self.resources)
        self.resources = []
        return f"{deleted} delete"

    def observe(self, _conn: Any, _system: str) -> set[str]:
        """As ``observe`` does."""
        return {r["id"] for r in self.resources} | set(self.conn.compute.servers)


def stack_on(conn: FakeConn, system: str, volume_sizes: tuple[int, ...]) -> FakeEngine:
    """One server per volume, each running with its data volume attached."""
    engine = FakeEngine(conn)
    for index, size in enumerate(volume_sizes, start=1):
        server = Thing(f"{system}-app-{index}", "ACTIVE")
        volume = Thing(f"{system}-app-{index}-data-1", "in-use", size)
        conn.compute.servers[server.id] = server
        conn.block_storage.volumes_by_id[volume.id] = volume
        engine.resources += [
            {"type": "openstack:compute/instance:Instance", "id": server.id},
            {"type": "openstack:blockstorage/volume:Volume", "id": volume.id},
        ]
    return engine
