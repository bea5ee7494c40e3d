"""Where records (in git) and signing keys (never in git) live."""

from __future__ import annotations

import os
from pathlib import Path

from govcloud import paths


def records_dir() -> Path:
    """``GOVCLOUD_RECORDS`` if set, else ``requests/records`` beside the requests (committed)."""
    configured = os.environ.get("GOVCLOUD_RECORDS")
    return Path(configured) if configured else paths.project_root() / "requests" / "records"


def keys_dir() -> Path:
    """``GOVCLOUD_KEYS`` if set, else ``.govcloud/keys`` (gitignored): private SM2 keys stay on the machine."""
    configured = os.environ.get("GOVCLOUD_KEYS")
    return Path(configured) if configured else paths.project_root() / ".govcloud" / "keys"


def record_path(records: Path, request_id: str) -> Path:
    """One record per request."""
    return records / f"{request_id}.jsonl"


def snapshot_path(records: Path, request_id: str, sm3: str) -> Path:
    """A request version, content-addressed by its SM3 digest, so a change can be compared with it."""
    return records / "versions" / request_id / f"{sm3.removeprefix('sm3:')}.json"
