"""Where the hosts machinery keeps its files; both roots can be moved by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_ROOTFS_DIR = Path("/var/cache/govcloud/rootfs/bookworm")
DEFAULT_HOSTS_DIR = Path("/var/lib/govcloud-hosts")


def rootfs_dir() -> Path:
    """Return the shared read-only base rootfs directory (``GOVCLOUD_ROOTFS_DIR`` overrides)."""
    return Path(os.environ.get("GOVCLOUD_ROOTFS_DIR") or DEFAULT_ROOTFS_DIR)


def hosts_dir() -> Path:
    """Return the default state dir of a host set (``GOVCLOUD_HOSTS_DIR`` overrides)."""
    return Path(os.environ.get("GOVCLOUD_HOSTS_DIR") or DEFAULT_HOSTS_DIR)
