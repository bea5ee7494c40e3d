"""Per-box random passwords and the fixed volume-encryption key, kept 0600 in the state dir."""

from __future__ import annotations

import json
import os
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

# One password per account the box creates; service users authenticate to keystone with theirs.
ACCOUNTS: tuple[str, ...] = (
    "db",
    "rabbit",
    "admin",
    "tenant",
    "placement",
    "glance",
    "nova",
    "neutron",
    "cinder",
)


def write_private(path: Path, text: str) -> None:
    """Write a file that only root may read, without a window where it is world-readable."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)


def load_or_create_passwords(path: Path) -> dict[str, str]:
    """Return the box's passwords, generating missing ones once (first `up`)."""
    existing: dict[str, str] = {}
    if path.exists():
        existing = json.loads(path.read_text(encoding="utf-8"))
    missing = [name for name in ACCOUNTS if name not in existing]
    if missing:
        for name in missing:
            # URL-safe: the db and rabbit passwords end up inside connection URLs.
            existing[name] = secrets.token_urlsafe(24)
        write_private(path, json.dumps(existing, indent=2, sort_keys=True) + "\n")
    return existing


def load_or_create_fixed_key(path: Path) -> str:
    """Return the 256-bit hex key ConfKeyManager hands out for every encrypted volume."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_hex(32)
    write_private(path, key + "\n")
    return key
