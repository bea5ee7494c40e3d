"""The restore drill for a stack (OPS-3: request, operation, verification), as evidence an auditor can read.

The newest copy the record names as verified, and that the API still shows, is restored into a new
volume (``backups.restore_drill``), which is checked through the API and deleted again. The evidence
says who asked and when, what was restored from which copy, and each check with its verdict.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.lifecycle import backups
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.record import read_entries

if TYPE_CHECKING:
    from govcloud.lifecycle.stacks import StackRequest


def newest_copy(conn: Any, target: StackRequest) -> backups.Copy:
    """The newest recorded, verified copy that still exists and reads back verified."""
    for entry in reversed(read_entries(target.record)):
        if entry["event"] != "backup-verified":
            continue
        for recorded in entry["data"].get("volumes", ()):
            if recorded.get("verified"):
                copy = backups.recheck(conn, recorded)
                if copy is not None and copy.verified:
                    return copy
    raise RefusedError(
        "restore-drill-copy-present",
        f"{target.stack}: {target.request_id}",
        Text(
            "记录中没有仍然存在且经校验的副本可供恢复演练（先运行 govcloud backup run）",
            "the record names no verified copy that still exists to drill with (run govcloud backup run first)",
        ),
    )


def drill(conn: Any, target: StackRequest, requested_by: str) -> dict[str, Any]:
    """Run the drill; the evidence (request, operation, verification)."""
    requested_at = datetime.now(CHINA).isoformat(timespec="seconds")
    copy = newest_copy(conn, target)
    result = backups.restore_drill(conn, copy, f"govcloud-drill-{copy.copy_id}")
    return {
        "stack": target.stack,
        "requestId": target.request_id,
        "request": {"by": requested_by, "at": requested_at},
        "operation": {
            "copy": copy.copy_id,
            "method": copy.method,
            "volume": copy.volume_name,
            "restoredVolume": result.restored_volume_id,
            "restoredAt": result.restored_at,
            "cleanedUp": conn.block_storage.find_volume(result.restored_volume_id) is None,
        },
        "verification": {"checks": list(result.checks), "verified": result.verified},
    }
