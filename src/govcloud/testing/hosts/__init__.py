"""Real Linux hosts in network namespaces: VM stand-ins for the local box and test hosts for playbooks.

Each host is an overlay on a shared debootstrap rootfs, with its own netns plugged into a per-network
fabric bridge and an sshd in private mount/pid/uts namespaces. See :mod:`govcloud.testing.hosts.site`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.testing.hosts.site import Host, HostExistsError, Site
from govcloud.testing.hosts.spec import HostSpec, Nic

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Host", "HostExistsError", "HostSpec", "Nic", "Site", "create_host", "destroy_host", "list_hosts"]


def create_host(spec: HostSpec, state_dir: Path | None = None) -> Host:
    """Create and start a host in the default (or given) state dir."""
    return Site(state_dir).create_host(spec)


def destroy_host(name: str, state_dir: Path | None = None) -> bool:
    """Destroy a host; return whether it existed."""
    return Site(state_dir).destroy_host(name)


def list_hosts(state_dir: Path | None = None) -> list[Host]:
    """List the recorded hosts of the default (or given) state dir."""
    return Site(state_dir).list_hosts()
