"""The provider's part of LC-9: offline, every volume copied and verified, destroyed, reclaimed.

Steps, each read back through the API before the next starts:

1. **offline**: every server in the stack's state is stopped through Nova and read back ``SHUTOFF``,
   so nothing writes to the volumes while they are copied (a copy of a running server's disk is only
   crash-consistent); recorded ``offline`` with the servers;
2. **backup**: every volume in the state gets a copy that outlives it (``govcloud.lifecycle.backups``:
   a Cinder backup where cinder-backup runs; else a snapshot turned into a volume, ``snapshot-clone``,
   which is what the box does), verified; recorded ``backup-verified`` naming every copy;
3. **snapshots released**: Cinder cannot delete a volume that has snapshots, so the scheduled copies
   (``govcloud backup run``), which die with their volume anyway, are deleted, and the record names them;
4. **destroy**: the real ``pulumi destroy``, only while every volume in the state has a verified,
   independent copy in the record's last ``backup-verified`` entry;
5. **reclaimed**: OpenStack holds nothing of the system but the copies; recorded ``reclaimed``.

A failing step stops the run and says which (exit 1); the record keeps what the steps before it
recorded. Running again resumes: stopped servers stay stopped, and a copy already made (recorded, or
found by its name ``govcloud-decom-<volume id>``) is verified again, not made again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from govcloud.bilingual import Text
from govcloud.engine import observed
from govcloud.engine.runner import StackRunError, StackRunner, summary
from govcloud.lifecycle import backups
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.server_power import stop_servers
from govcloud.lifecycle.stacks import server_ids, volume_ids
from govcloud.lifecycle.steps import Step, StepFailedError, run_steps

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from govcloud.lifecycle.stacks import StackRequest

COPY_PREFIX = "govcloud-decom-"
COPY_OF = "govcloud:copy-of"
RESUMABLE = frozenset({"decommission-approved", "offline"})


class StackEngine(Protocol):
    """What decommissioning needs of the engine: the stack's state and a real destroy."""

    def deployment(self) -> dict[str, Any]:
        """``pulumi stack export``'s deployment."""
        ...

    def destroy(self) -> str:
        """``pulumi destroy``; what it did, in the engine's words."""
        ...


@dataclass(frozen=True)
class EngineStack:
    """The real engine for one stack (``govcloud.engine.runner``), as ``govcloud teardown`` runs it."""

    runner: StackRunner
    event_log: Path

    @classmethod
    def of(cls, root: Path, stack: str, environ: Mapping[str, str]) -> EngineStack:
        """The stack of the project at ``root``; the destroy's events go to ``reports/<stack>/``."""
        return cls(StackRunner(root, stack, environ), root / "reports" / stack / "destroy.events.jsonl")

    def deployment(self) -> dict[str, Any]:
        """The state, the stack created in the backend first if need be."""
        self.runner.ensure()
        deployment: dict[str, Any] = self.runner.state().get("deployment") or {}
        return deployment

    def destroy(self) -> str:
        """``pulumi destroy``; a failure is a failed step naming the engine's own error."""
        try:
            self.runner.operation("destroy", event_log=self.event_log)
        except StackRunError as error:
            raise StepFailedError(
                Text(f"pulumi destroy 失败：{error}", f"pulumi destroy failed: {error}")
            ) from error
        done = summary(self.event_log)
        return done.describe() if done else "destroyed"


@dataclass
class Decommission:
    """One stack's decommission by a provider engineer; ``record(event, data)`` appends a signed entry."""

    target: StackRequest
    engine: StackEngine
    conn: Any
    record: Callable[[str, dict[str, Any]], dict[str, Any]]
    copy_method: str = backups.SNAPSHOT
    observe: Callable[[Any, str], set[str]] = lambda conn, system: observed.observe(conn, system).ids
    """Ids of what the cloud holds of a system (``govcloud.engine.observed``)."""
    steps: list[Step] = field(default_factory=list)
    copies: list[backups.Copy] = field(default_factory=list)
    released: list[str] = field(default_factory=list)

    def run(self, report: Callable[[Step], None]) -> bool:
        """Every step in order, reporting each as it ends; stop at the first that fails."""
        stage = self.target.state().stage
        if stage == "reclaimed":
            report(Step("reclaimed / 已回收", 0.0, ok=True, detail="nothing to do: already reclaimed"))
            return True
        if stage not in RESUMABLE:
            raise RefusedError(
                "decommission-approved-first",
                "stage",
                Text(
                    f"{self.target.request_id} 处于 {stage} 阶段：须先由申请人申请下线、主管部门批准"
                    "（govcloud decommission --role requester / authority）",
                    f"{self.target.request_id} is in stage {stage}: the requester asks for the "
                    "decommission and the authority approves it first (govcloud decommission --role "
                    "requester, then --role authority)",
                ),
            )
        steps = (
            ("offline / 下线", self.offline),
            ("backup / 备份校验", self.backup),
            ("snapshots released / 释放快照", self.release_snapshots),
            ("destroy / 销毁", self.destroy),
            ("reclaimed / 回收", self.reclaimed),
        )
        return run_steps(steps, self.steps, report)

    def offline(self) -> str:
        """Stop every server of the state and read each back SHUTOFF; record ``offline`` once."""
        seen = stop_servers(self.conn.compute, server_ids(self.engine.deployment()))
        if self.target.state().stage == "decommission-approved":
            self.record(
                "offline", {"servers": [{"id": s.id, "name": s.name, "status": s.status} for s in seen]}
            )
        return f"{len(seen)} server(s) SHUTOFF"

    def backup(self) -> str:
        """A verified, independent copy of every volume of the state, reused where one exists already."""
        storage = self.conn.block_storage
        state = self.target.state()
        fresh = (
            state.backup_verified_at is not None
            and state.backup_verified_at >= state.last["decommission-approved"]
        )
        recorded = {c["volume_id"]: c for c in state.backup_copies if backups.independent(c)} if fresh else {}
        made = reused = 0
        self.copies = []
        for volume_id in volume_ids(self.engine.deployment()):
            volume = storage.get_volume(volume_id)
            copy = backups.recheck(self.conn, recorded[volume_id]) if volume_id in recorded else None
            copy = copy if copy is not None and copy.verified else self._leftover(volume)
            if copy is None:
                copy, made = self._copy(volume), made + 1
            else:
                reused += 1
            if not copy.verified:
                raise StepFailedError(
                    Text(
                        f"云硬盘 {volume.name} 的副本 {copy.copy_id} 未通过校验",
                        f"the copy {copy.copy_id} of volume {volume.name} did not verify",
                    )
                )
            self.copies.append(copy)
        entry = backups.as_json(self.copies)
        if not fresh or made or _changed(state.backup_copies, entry):
            self.record(
                "backup-verified", {"method": self.copy_method, "purpose": "decommission", "volumes": entry}
            )
        return (
            f"{len(self.copies)} volume(s): {made} copied, {reused} already copied; verified through the API"
        )

    def _copy(self, volume: Any) -> backups.Copy:
        name = COPY_PREFIX + volume.id
        copy = backups.back_up(self.conn, volume, self.copy_method, name, {COPY_OF: volume.id})
        if not copy.verified:
            return copy
        return backups.retain(self.conn, copy, name + "-copy", {COPY_OF: volume.id})

    def _leftover(self, volume: Any) -> backups.Copy | None:
        """A copy an interrupted run made but did not record: its clone, or its snapshot to clone."""
        storage = self.conn.block_storage
        name = COPY_PREFIX + volume.id
        for clone in storage.volumes(name=name + "-copy"):
            if clone.status == "available" and (clone.metadata or {}).get(COPY_OF) == volume.id:
                found = backups.recheck(
                    self.conn,
                    {"volume_id": volume.id, "volume_name": volume.name, "method": backups.SNAPSHOT_CLONE}
                    | {"copy_id": clone.id, "size_gib": volume.size},
                )
                for snapshot in storage.snapshots(name=name, volume_id=volume.id):
                    storage.delete_snapshot(snapshot)
                    storage.wait_for_delete(snapshot, interval=1, wait=backups.WAIT_SECONDS)
                return found
        for snapshot in storage.snapshots(name=name, volume_id=volume.id):
            if snapshot.status == "available":
                made = backups.Copy(
                    volume.id,
                    volume.name,
                    backups.SNAPSHOT,
                    snapshot.id,
                    int(snapshot.size),
                    "",
                    verified=True,
                )
                return backups.retain(self.conn, made, name + "-copy", {COPY_OF: volume.id})
        return None

    def release_snapshots(self) -> str:
        """Delete the snapshots left on the state's volumes (Cinder deletes no volume that has any)."""
        storage = self.conn.block_storage
        for volume_id in volume_ids(self.engine.deployment()):
            for snapshot in list(storage.snapshots(volume_id=volume_id)):
                storage.delete_snapshot(snapshot)
                storage.wait_for_delete(snapshot, interval=1, wait=backups.WAIT_SECONDS)
                self.released.append(snapshot.id)
        return f"{len(self.released)} snapshot(s) released"

    def destroy(self) -> str:
        """``pulumi destroy``, once the record covers every volume of the state (LC-9, SEC-11)."""
        missing = backups.uncovered(volume_ids(self.engine.deployment()), self.target.state().backup_copies)
        if missing:
            raise StepFailedError(
                Text(
                    f"[decommission-backup-verified] (LC-9, SEC-11) 没有经校验的独立副本，拒绝销毁：{missing}",
                    f"[decommission-backup-verified] (LC-9, SEC-11) refusing to destroy volumes without a "
                    f"verified independent copy: {missing}",
                )
            )
        return self.engine.destroy()

    def reclaimed(self) -> str:
        """Nothing of the stack is left (state and cloud, the copies aside); record ``reclaimed``."""
        left = [r.get("type") for r in self.engine.deployment().get("resources") or () if r.get("id")]
        if left:
            raise StepFailedError(Text(f"栈状态中仍有资源：{left}", f"the stack's state still holds {left}"))
        copy_ids = {copy.copy_id for copy in self.copies}
        remaining = self.observe(self.conn, self.target.system) - copy_ids
        if remaining:
            raise StepFailedError(
                Text(
                    f"OpenStack 中仍有该系统的资源：{sorted(remaining)}",
                    f"OpenStack still holds the system's {sorted(remaining)}",
                )
            )
        self.record(
            "reclaimed",
            {"copies": sorted(copy_ids), "releasedSnapshots": self.released, "stack": self.target.stack},
        )
        return f"recorded; {len(copy_ids)} copy(ies) kept for the tenant's hand-over"


def _changed(recorded: list[dict[str, Any]], now: list[dict[str, Any]]) -> bool:
    """Whether the copies differ from the last entry's (ids and verdicts; times are the API's)."""

    def key(copies: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
        return {(c["volume_id"], c["copy_id"], c["method"], c["verified"]) for c in copies}

    return key(recorded) != key(now)
