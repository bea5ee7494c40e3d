"""The fabric: per tenant network, one netns holding a bridge that carries the network's gateway.

Why one netns per network rather than one for all: OpenStack tenants reuse CIDRs (every project may
have its 10.0.0.0/24), and two bridges with the same subnet in one netns would make the address the
controller dials ambiguous. The controller itself never gets a tenant address: ssh reaches a host with
``ProxyCommand ip netns exec <fabric> nc %h %p``. All links are created directly inside their
namespaces, so the root namespace never sees a tenant interface, address or route.
"""

from __future__ import annotations

import json
from ipaddress import IPv4Interface
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.hosts._run import CommandError, ok, run

if TYPE_CHECKING:
    from govcloud.hosts.spec import Nic

BRIDGE = "br0"
NETNS_DIR = Path("/run/netns")


def netns_exists(name: str) -> bool:
    """Return whether a named netns exists (``ip netns add`` creates /run/netns/NAME)."""
    return (NETNS_DIR / name).exists()


def add_netns(name: str) -> None:
    """Create a named netns with loopback up."""
    run(["ip", "netns", "add", name])
    run(["ip", "-n", name, "link", "set", "lo", "up"])


def kill_netns_processes(name: str) -> None:
    """SIGKILL whatever still runs in a netns (e.g. a ProxyCommand nc), so deleting it frees it."""
    if not netns_exists(name):
        return
    pids = run(["ip", "netns", "pids", name], check=False).split()
    if pids:
        ok(["kill", "-KILL", *pids])


def delete_netns(name: str) -> None:
    """Kill its processes and delete a netns; veths inside vanish with it. Idempotent."""
    if netns_exists(name):
        kill_netns_processes(name)
        ok(["ip", "netns", "del", name])


def ensure_fabric(fabric: str, nic: Nic, record: Path) -> None:
    """Create the network's fabric netns and bridge if missing; refuse a conflicting subnet."""
    wanted = nic.fabric_address()
    if record.exists() and netns_exists(fabric):
        have = IPv4Interface(json.loads(record.read_text(encoding="utf-8"))["fabric_address"])
        if have.network != wanted.network:
            msg = f"network {nic.network!r} already has subnet {have.network}, not {wanted.network}"
            raise ValueError(msg)
        return
    delete_netns(fabric)
    add_netns(fabric)
    try:
        run(["ip", "-n", fabric, "link", "add", BRIDGE, "type", "bridge"])
        run(["ip", "-n", fabric, "addr", "add", str(wanted), "dev", BRIDGE])
        run(["ip", "-n", fabric, "link", "set", BRIDGE, "up"])
    except CommandError:
        delete_netns(fabric)
        raise
    record.parent.mkdir(parents=True, exist_ok=True)
    data = {"network": nic.network, "fabric_netns": fabric, "fabric_address": str(wanted)}
    record.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def attach(  # noqa: PLR0913 - each argument is one distinct kernel object name
    fabric: str, veth: str, host_ns: str, ifname: str, nic: Nic, *, default_route: bool
) -> None:
    """Plug a host into its network: veth pair fabric<->host, address, optional default route."""
    run(
        ["ip", "link", "add", veth, "netns", fabric, "type", "veth", "peer", "name", ifname, "netns", host_ns]
    )
    run(["ip", "-n", fabric, "link", "set", veth, "master", BRIDGE, "up"])
    run(["ip", "-n", host_ns, "addr", "add", str(nic.address), "dev", ifname])
    run(["ip", "-n", host_ns, "link", "set", ifname, "up"])
    if default_route and nic.gateway is not None:
        run(["ip", "-n", host_ns, "route", "add", "default", "via", str(nic.gateway)])


def tcp_open(fabric: str, address: str, port: int = 22) -> bool:
    """Return whether ``address:port`` accepts a TCP connection as seen from the fabric netns."""
    return ok(["ip", "netns", "exec", fabric, "nc", "-z", "-w", "1", address, str(port)])
