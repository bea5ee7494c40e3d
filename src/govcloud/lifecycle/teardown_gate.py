"""What ``govcloud teardown`` asks the record before a ``pulumi destroy`` (LC-9, SEC-11).

A stack whose request has a lifecycle record is destroyed only when the record's last
``backup-verified`` entry names a verified copy, independent of its volume, of every volume: of each
volume the request plans (checked before the engine starts, so a refusal needs no cloud) and of each
volume in the stack's state (checked after ``pulumi stack`` is ready, before ``destroy``). Teardown
changes no record: ``govcloud decommission`` is the command that records offline, backups and reclaim.

A stack with no record at all (a test stack, an example that predates records) is destroyed only with
``--no-record REASON``: the override is appended to ``.govcloud/teardowns.jsonl`` (who, when, which
stack and request, why), so a destroy that bypassed the record still leaves a trace.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.lifecycle import backups
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.errors import RefusedError
from govcloud.loader import load_path
from govcloud.provisioning.plan import build_plan

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue
    from govcloud.lifecycle.stacks import StackRequest

OVERRIDE_LOG = "teardowns.jsonl"


def planned_volumes(target: StackRequest, catalogue: Catalogue) -> list[str] | None:
    """The volume names the request's plan builds (None: the request no longer yields a plan)."""
    try:
        plan = build_plan(load_path(target.request_file).data, catalogue)
    except (KeyError, TypeError, ValueError):
        return None
    return [volume.name for server in plan.servers for volume in server.volumes]


def before_engine(target: StackRequest, catalogue: Catalogue, no_record: str | None) -> None:
    """Refuse before anything runs: no record and no override, or planned volumes without a copy."""
    if not target.has_record:
        if no_record is None or not no_record.strip():
            raise RefusedError(
                "teardown-record-consulted",
                f"{target.stack}: {target.request_id}",
                Text(
                    f"{target.request_id} 没有生命周期记录：无法确认云硬盘已备份。请用 govcloud decommission，"
                    "或对测试栈给出 --no-record 理由（将被记录）",
                    f"{target.request_id} has no lifecycle record, so nothing shows its volumes are backed "
                    "up: use govcloud decommission, or for a test stack give --no-record REASON (logged)",
                ),
            )
        return
    copies = target.state().backup_copies
    names = planned_volumes(target, catalogue)
    covered = {str(copy.get("volume_name")) for copy in copies if backups.independent(copy)}
    missing = [name for name in names if name not in covered] if names is not None else []
    if missing or (names is None and not any(backups.independent(c) for c in copies)):
        _refuse(target, missing or ["(the request's volumes)"])


def before_destroy(target: StackRequest, volume_ids: list[str]) -> None:
    """Refuse when a volume in the stack's state lacks a verified, independent recorded copy."""
    if target.has_record:
        missing = backups.uncovered(volume_ids, target.state().backup_copies)
        if missing:
            _refuse(target, missing)


def _refuse(target: StackRequest, missing: list[str]) -> None:
    raise RefusedError(
        "teardown-backup-verified",
        f"{target.stack}: {target.request_id}",
        Text(
            f"记录的最后一次 backup-verified 没有这些云硬盘经校验、独立于原盘的副本，拒绝销毁：{', '.join(missing)}"
            "（请用 govcloud decommission）",
            "the record's last backup-verified entry holds no verified copy independent of these volumes, "
            f"so nothing is destroyed: {', '.join(missing)} (use govcloud decommission)",
        ),
    )


def log_override(root: Path, target: StackRequest, reason: str) -> dict[str, Any]:
    """Append the ``--no-record`` override to ``.govcloud/teardowns.jsonl``; the line written."""
    entry = {
        "at": datetime.now(CHINA).isoformat(timespec="seconds"),
        "user": getpass.getuser(),
        "stack": target.stack,
        "request": target.request_id,
        "reason": reason.strip(),
        "rule": "teardown-record-consulted",
    }
    path = root / ".govcloud" / OVERRIDE_LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return entry


def admit(root: Path, stacks: list[str], no_record: str | None) -> dict[str, StackRequest]:
    """Every stack's request, once each passes ``before_engine``; raises on the first refusal."""
    from govcloud.catalogue.model import load_default  # noqa: PLC0415 - the catalogue only when tearing down
    from govcloud.lifecycle.paths import records_dir  # noqa: PLC0415
    from govcloud.lifecycle.stacks import stack_request  # noqa: PLC0415

    catalogue, records = load_default(), records_dir()
    targets = {stack: stack_request(root, stack, records) for stack in stacks}
    for target in targets.values():
        before_engine(target, catalogue, no_record)
    return targets


def log_overrides(root: Path, targets: dict[str, StackRequest], no_record: str | None) -> None:
    """Log the override of each admitted stack that has no record (``admit`` let it through on the reason)."""
    for target in targets.values():
        if not target.has_record and no_record is not None:
            log_override(root, target, no_record)
