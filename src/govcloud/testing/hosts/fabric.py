"""The fabric: per tenant network, one netns holding a bridge that carries the network's gateway.

In datapath mode (the box's stand-ins) the fabric's bridge is linked into Neutron's own bridge for
the network, in the netns where the linuxbridge agent runs, and hosts plug into that bridge as
``tap<port>`` devices: Neutron's iptables firewall then filters every packet between hosts and from
the fabric, exactly as the security groups say.

Why one netns per network rather than one for all: OpenStack tenants reuse CIDRs (every project may
have its 10.0.0.0/24), and two bridges with the same subnet in one netns would make the address the
controller dials ambiguous. The controller itself never gets a tenant address: ssh reaches a host with
``ProxyCommand ip netns exec <fabric> nc %h %p``. All links are created directly inside their
namespaces, so the root namespace never sees a tenant interface, address or route.
"""

from __future__ import annotations

import json
import time
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.testing.hosts._run import CommandError, ok, run

if TYPE_CHECKING:
    from govcloud.testing.hosts.spec import Datapath, NeutronPort, Nic

BRIDGE = "br0"
FILTER_TIMEOUT = 60.0
"""How long a new tap may wait for the agent (it polls every 2 s; a busy box takes longer)."""
UPLINK = "uplink"
"""The fabric's end of its link into Neutron's bridge (datapath mode)."""
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


def link_datapath(fabric: str, datapath: Datapath, port: NeutronPort, veth: str) -> None:
    """Join the fabric to the network's bridge in Neutron's netns, once.

    The bridge is created if the agent has not made it yet (the agent adopts an existing one and adds
    its VXLAN device).
    """
    dp = datapath.netns
    if not ok(["ip", "-n", dp, "link", "show", port.bridge]):
        run(["ip", "-n", dp, "link", "add", port.bridge, "type", "bridge"])
    run(["ip", "-n", dp, "link", "set", port.bridge, "mtu", str(port.mtu), "up"])
    if not ok(["ip", "-n", fabric, "link", "show", UPLINK]):
        run(["ip", "link", "add", veth, "netns", dp, "type", "veth", "peer", "name", UPLINK, "netns", fabric])
        run(["ip", "-n", dp, "link", "set", veth, "master", port.bridge, "mtu", str(port.mtu), "up"])
        run(["ip", "-n", fabric, "link", "set", UPLINK, "master", BRIDGE, "mtu", str(port.mtu), "up"])


def carry_source(fabric: str, source: IPv4Address) -> None:
    """Put the management source on the fabric's loopback, once: the fabric becomes the bastion.

    Management traffic then comes from a bastion address, so the security groups' and the host
    firewall's "SSH from the bastion" rules are what let the controller in (SEC-4); the host answers
    through its default route, the fabric's bridge.
    """
    address = f"{source}/32"
    if address not in run(["ip", "-n", fabric, "-o", "addr", "show", "dev", "lo"]):
        run(["ip", "-n", fabric, "addr", "add", address, "dev", "lo"])


def attach_port(datapath: Datapath, host_ns: str, ifname: str, nic: Nic, *, default_route: bool) -> None:
    """Plug a host in as Nova's VIF driver would: ``tap<port>`` on the network's bridge, the port's MAC.

    The linuxbridge agent then finds the tap, asks Neutron for the port and applies its security
    groups with iptables in its own netns; it never bridges a compute port itself (Nova does that).
    """
    port = nic.port
    if port is None:
        msg = f"{ifname}: no Neutron port to stand in for"
        raise ValueError(msg)
    dp = datapath.netns
    run(
        ["ip", "link", "add", port.tap, "netns", dp, "type", "veth", "peer", "name", ifname, "netns", host_ns]
    )
    run(["ip", "-n", host_ns, "link", "set", ifname, "address", port.mac, "mtu", str(port.mtu)])
    run(["ip", "-n", dp, "link", "set", port.tap, "mtu", str(port.mtu), "up"])
    run(["ip", "-n", host_ns, "addr", "add", str(nic.address), "dev", ifname])
    run(["ip", "-n", host_ns, "link", "set", ifname, "up"])
    if default_route and nic.gateway is not None:
        run(["ip", "-n", host_ns, "route", "add", "default", "via", str(nic.gateway)])
    if port.filtered:
        _wait_filtered(dp, port.tap)
    run(["ip", "-n", dp, "link", "set", port.tap, "master", port.bridge])


def _wait_filtered(netns: str, tap: str) -> None:
    """Wait until the agent has installed the tap's firewall: its conntrack zone and its chains.

    Only then does the tap join the bridge, as Nova waits for ``network-vif-plugged``: a connection
    begun before the zone exists would be tracked in the wrong zone and dropped as INVALID later.
    """
    deadline = time.monotonic() + FILTER_TIMEOUT
    while time.monotonic() < deadline:
        raw = run(["ip", "netns", "exec", netns, "iptables-save", "-t", "raw"], check=False)
        rules = run(["ip", "netns", "exec", netns, "iptables-save", "-t", "filter"], check=False)
        if f"--physdev-in {tap} " in raw and f"--physdev-out {tap} " in rules:
            return
        time.sleep(0.2)
    msg = f"Neutron's agent installed no security groups on {tap} in {FILTER_TIMEOUT:.0f}s (is it running?)"
    raise RuntimeError(msg)


def tcp_open(fabric: str, address: str, port: int = 22, source: str | None = None) -> bool:
    """Return whether ``address:port`` accepts a TCP connection as seen from the fabric netns."""
    bind = ["-s", source] if source else []
    return ok(["ip", "netns", "exec", fabric, "nc", "-z", "-w", "1", *bind, address, str(port)])
