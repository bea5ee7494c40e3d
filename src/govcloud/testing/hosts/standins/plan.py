"""Pure reconciler logic: OpenStack state in, host specs and actions out (no API, no kernel).

Kept free of openstacksdk so it is unit-tested with plain fakes; :mod:`.nova` adapts SDK objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, ip_network
from typing import TYPE_CHECKING

from govcloud.testing.hosts.names import digest, sanitise_hostname
from govcloud.testing.hosts.spec import MAX_NICS, Datapath, HostSpec, NeutronPort, Nic

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

PREFIX = "vm-"


@dataclass(frozen=True)
class ServerView:
    """What the reconciler needs of a Nova server."""

    id: str
    name: str
    status: str
    key_name: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class PortView:
    """What the reconciler needs of a Neutron port: owner, network and fixed IPs (subnet_id, ip)."""

    id: str
    device_id: str
    network_id: str
    fixed_ips: tuple[tuple[str, str], ...]
    created_at: str = ""
    mac: str = ""
    mtu: int = 1500
    """The port's network's MTU (1450 on the box's VXLAN networks)."""
    port_security: bool = True


@dataclass(frozen=True)
class SubnetView:
    """What the reconciler needs of a Neutron subnet."""

    id: str
    cidr: str
    gateway_ip: str | None = None


@dataclass(frozen=True)
class Desired:
    """The hosts OpenStack asks for, which server each stands in for, and what could not be mapped."""

    specs: dict[str, HostSpec] = field(default_factory=dict)
    servers: dict[str, ServerView] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Action:
    """One step: ``create`` a spec, ``destroy`` a name, or ``replace`` (destroy then create)."""

    kind: str
    name: str
    spec: HostSpec | None = None


def host_name(server_id: str) -> str:
    """Host key of a server: a hash of its id, so free-text names never reach the kernel or disk."""
    return f"{PREFIX}{digest(server_id, length=12)}"


def _nics(
    server: ServerView,
    ports: Iterable[PortView],
    subnets: Mapping[str, SubnetView],
    *,
    neutron_wired: bool,
) -> list[Nic]:
    nics: list[Nic] = []
    for port in sorted((p for p in ports if p.device_id == server.id), key=lambda p: (p.created_at, p.id)):
        for subnet_id, ip in port.fixed_ips:
            subnet = subnets.get(subnet_id)
            if subnet is None:
                continue
            net = ip_network(subnet.cidr, strict=False)
            if not isinstance(net, IPv4Network):
                continue
            gateway = IPv4Address(subnet.gateway_ip) if subnet.gateway_ip else None
            wired = (
                NeutronPort(port.id, port.network_id, port.mac, port.mtu, port.port_security)
                if neutron_wired
                else None
            )
            nics.append(
                Nic(f"{port.network_id}/{subnet_id}", IPv4Interface(f"{ip}/{net.prefixlen}"), gateway, wired)
            )
            break  # one address per port: the first IPv4 one
    return nics


def desired_hosts(  # noqa: PLR0913 - OpenStack's four views, then the two host settings by keyword
    servers: Iterable[ServerView],
    ports: Iterable[PortView],
    subnets: Iterable[SubnetView],
    public_keys: Mapping[tuple[str, str], str],
    login_user: str = "ops",
    *,
    datapath: Datapath | None = None,
    ssh_source: IPv4Address | None = None,
) -> Desired:
    """Map every ACTIVE server with an IPv4 port to a host spec; say why any other is left out.

    ``public_keys`` maps (user_id, key_name) to the keypair's public key. With ``datapath``, every NIC
    stands in for its Neutron port and Neutron's agent wires and filters it; management then connects
    from ``ssh_source``, a bastion address.
    """
    by_subnet = {s.id: s for s in subnets}
    port_list = list(ports)
    out = Desired()
    for server in sorted(servers, key=lambda s: s.id):
        if server.status != "ACTIVE":
            continue
        name = host_name(server.id)
        nics = _nics(server, port_list, by_subnet, neutron_wired=datapath is not None)
        if not nics:
            out.problems.append(f"server {server.id} ({server.name!r}): no IPv4 fixed IP, no stand-in")
            continue
        if len(nics) > MAX_NICS:
            out.problems.append(f"server {server.id}: {len(nics)} NICs, only the first {MAX_NICS} stood in")
            nics = nics[:MAX_NICS]
        keys: tuple[str, ...] = ()
        if server.key_name and server.user_id:
            key = public_keys.get((server.user_id, server.key_name))
            if key:
                keys = (key.strip(),)
            else:
                out.problems.append(f"server {server.id}: keypair {server.key_name!r} not readable")
        spec = HostSpec(
            name=name,
            nics=tuple(nics),
            hostname=sanitise_hostname(server.name, fallback=name),
            login_user=login_user,
            authorized_keys=keys,
            datapath=datapath,
            ssh_source=ssh_source,
        )
        try:
            spec.validate()
        except ValueError as exc:
            out.problems.append(f"server {server.id}: {exc}")
            continue
        out.specs[name] = spec
        out.servers[name] = server
    return out


def plan(desired: Mapping[str, HostSpec], actual: Mapping[str, HostSpec], running: set[str]) -> list[Action]:
    """Return the actions turning ``actual`` into ``desired``; a dead or changed host is replaced."""
    actions = [Action("destroy", name) for name in sorted(actual) if name not in desired]
    for name, spec in sorted(desired.items()):
        if name not in actual:
            actions.append(Action("create", name, spec))
        elif actual[name] != spec or name not in running:
            actions.append(Action("replace", name, spec))
    return actions
