"""What a host is made of: the caller's spec, validated once so the rest of the code can trust it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, ip_network
from typing import Any

from govcloud.testing.hosts.names import InvalidNameError, validate_name

USER_RE = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAC_RE = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
MTU_RANGE = range(576, 9001)
KEY_RE = re.compile(r"^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/=]+( [^\n\r]*)?$")
MAX_NICS = 4
BASTION_HOST_INDEX = 10
"""Management traffic comes from the 10th address of the platform's first bastion network."""


@dataclass(frozen=True)
class NeutronPort:
    """The Neutron port a NIC stands in for, when Neutron's own agent carries the host's traffic.

    The names are Neutron's: the agent filters ``tap<port id[:11]>`` with the port's security groups,
    on the bridge ``brq<network id[:11]>``; the NIC carries the port's MAC (the agent drops any other
    source) and the network's MTU.
    """

    id: str
    network_id: str
    mac: str
    mtu: int
    filtered: bool = True
    """Port security on: the agent installs the port's security groups before the tap may carry traffic."""

    @property
    def tap(self) -> str:
        """The device the linuxbridge agent looks for."""
        return f"tap{self.id[:11]}"

    @property
    def bridge(self) -> str:
        """The network's bridge in the agent's namespace."""
        return f"brq{self.network_id[:11]}"

    def validate(self) -> None:
        """Raise ValueError unless ids, MAC and MTU are what Neutron hands out (they name kernel objects)."""
        if not (UUID_RE.fullmatch(self.id) and UUID_RE.fullmatch(self.network_id)):
            msg = f"port {self.id!r} or network {self.network_id!r} is not a Neutron id"
            raise ValueError(msg)
        if not MAC_RE.fullmatch(self.mac) or self.mtu not in MTU_RANGE:
            msg = f"port {self.id}: MAC {self.mac!r} or MTU {self.mtu} is not usable"
            raise ValueError(msg)

    def to_json(self) -> dict[str, Any]:
        """Plain-data form for the state file."""
        return {
            "id": self.id,
            "network_id": self.network_id,
            "mac": self.mac,
            "mtu": self.mtu,
            "filtered": self.filtered,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NeutronPort:
        """Inverse of :meth:`to_json`."""
        return cls(
            str(data["id"]),
            str(data["network_id"]),
            str(data["mac"]),
            int(data["mtu"]),
            bool(data.get("filtered", True)),
        )


@dataclass(frozen=True)
class Datapath:
    """Neutron's datapath: the netns its linuxbridge agent runs in.

    With it, a host's traffic crosses the agent's bridge and iptables, so the security groups bite.
    """

    netns: str

    def to_json(self) -> dict[str, Any]:
        """Plain-data form for the state file."""
        return {"netns": self.netns}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Datapath:
        """Inverse of :meth:`to_json`."""
        return cls(str(data["netns"]))


def bastion_address(bastion_cidrs: tuple[str, ...]) -> IPv4Address:
    """The address management connects from: a host of the platform's first bastion network (SEC-4)."""
    network = ip_network(bastion_cidrs[0])
    address = network[BASTION_HOST_INDEX] if network.num_addresses > BASTION_HOST_INDEX + 1 else network[0]
    if not isinstance(address, IPv4Address):
        msg = f"the bastion network {network} is not IPv4"
        raise TypeError(msg)
    return address


@dataclass(frozen=True)
class Nic:
    """One interface: its tenant network (any text, only hashed) and its address with prefix."""

    network: str
    address: IPv4Interface
    gateway: IPv4Address | None = None
    port: NeutronPort | None = None
    """Set when the host stands in for a Neutron port that Neutron's datapath wires."""

    def fabric_address(self) -> IPv4Interface:
        """Address the network's fabric bridge carries: the gateway, else the subnet's last free address."""
        net = self.address.network
        if self.gateway is not None:
            return IPv4Interface(f"{self.gateway}/{net.prefixlen}")
        last = net.broadcast_address - 1
        pick = last if last != self.address.ip else last - 1
        return IPv4Interface(f"{pick}/{net.prefixlen}")

    def validate(self) -> None:
        """Raise ValueError unless the address is a usable host address and the gateway is on-link."""
        net = self.address.network
        if not self.network or len(self.network) > 255 or "\0" in self.network:  # noqa: PLR2004
            msg = f"invalid network name {self.network!r}"
            raise ValueError(msg)
        if net.prefixlen > 30 or self.address.ip in (net.network_address, net.broadcast_address):  # noqa: PLR2004
            msg = f"{self.address} is not a usable host address (prefix must be /30 or shorter)"
            raise ValueError(msg)
        if self.gateway is not None and (self.gateway not in net or self.gateway == self.address.ip):
            msg = f"gateway {self.gateway} is not another address of {net}"
            raise ValueError(msg)
        if self.port is not None:
            self.port.validate()

    def to_json(self) -> dict[str, Any]:
        """Plain-data form for the state file."""
        return {
            "network": self.network,
            "address": str(self.address),
            "gateway": None if self.gateway is None else str(self.gateway),
            "port": None if self.port is None else self.port.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Nic:
        """Inverse of :meth:`to_json`."""
        gw, port = data.get("gateway"), data.get("port")
        return cls(
            str(data["network"]),
            IPv4Interface(data["address"]),
            None if gw is None else IPv4Address(gw),
            None if port is None else NeutronPort.from_json(port),
        )


@dataclass(frozen=True)
class HostSpec:
    """A host to create. ``name`` keys it in the state dir; ``hostname`` is what it calls itself."""

    name: str
    nics: tuple[Nic, ...]
    hostname: str = ""
    login_user: str = "ops"
    authorized_keys: tuple[str, ...] = ()
    identity_file: str | None = field(default=None, compare=False)
    """Controller-side private key to name in ssh_config; a hint only, not part of the host."""
    datapath: Datapath | None = None
    """Neutron's datapath, when every NIC stands in for a Neutron port (the box's stand-ins)."""
    ssh_source: IPv4Address | None = None
    """Where management connects from, as an operator's bastion would (SEC-4): an address the first
    network's fabric carries and the host answers through its default route. Required with a datapath
    (the security groups admit SSH from the bastion only); without one, None means the fabric's own
    address."""

    @property
    def effective_hostname(self) -> str:
        """The hostname, defaulting to the name."""
        return self.hostname or self.name

    @property
    def address(self) -> IPv4Address:
        """The primary address (first NIC): where ssh connects."""
        return self.nics[0].address.ip

    def validate(self) -> HostSpec:
        """Return self, or raise ValueError naming the first bad field (names come from OpenStack)."""
        validate_name(self.name)
        try:
            validate_name(self.effective_hostname)
        except InvalidNameError as exc:
            msg = f"hostname: {exc}"
            raise ValueError(msg) from exc
        if not USER_RE.fullmatch(self.login_user):
            msg = f"invalid login user {self.login_user!r}"
            raise ValueError(msg)
        if not 1 <= len(self.nics) <= MAX_NICS:
            msg = f"a host needs 1-{MAX_NICS} NICs, got {len(self.nics)}"
            raise ValueError(msg)
        for nic in self.nics:
            nic.validate()
        if any((nic.port is None) == (self.datapath is not None) for nic in self.nics):
            msg = (
                "every NIC stands in for a Neutron port when, and only when, the host uses Neutron's datapath"
            )
            raise ValueError(msg)
        self._validate_ssh_source()
        if len({nic.network for nic in self.nics}) != len(self.nics):
            msg = "two NICs on the same network"
            raise ValueError(msg)
        for key in self.authorized_keys:
            if not KEY_RE.fullmatch(key):
                msg = f"not a one-line OpenSSH public key: {key[:40]!r}"
                raise ValueError(msg)
        return self

    def _validate_ssh_source(self) -> None:
        if self.ssh_source is None:
            if self.datapath is not None:
                msg = "a host on Neutron's datapath needs the bastion address management connects from"
                raise ValueError(msg)
            return
        first = self.nics[0]
        if first.gateway is None:
            msg = f"ssh source {self.ssh_source}: the first NIC has no gateway to answer it through"
            raise ValueError(msg)
        if any(self.ssh_source in nic.address.network for nic in self.nics):
            msg = f"ssh source {self.ssh_source} lies inside one of the host's own networks"
            raise ValueError(msg)

    def to_json(self) -> dict[str, Any]:
        """Plain-data form for the state file."""
        return {
            "name": self.name,
            "hostname": self.hostname,
            "nics": [nic.to_json() for nic in self.nics],
            "login_user": self.login_user,
            "authorized_keys": list(self.authorized_keys),
            "identity_file": self.identity_file,
            "datapath": None if self.datapath is None else self.datapath.to_json(),
            "ssh_source": None if self.ssh_source is None else str(self.ssh_source),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HostSpec:
        """Inverse of :meth:`to_json` (a state file from before ``ssh_source`` kept it in the datapath)."""
        datapath = data.get("datapath") or {}
        source = data.get("ssh_source") or datapath.get("ssh_source")
        return cls(
            name=str(data["name"]),
            nics=tuple(Nic.from_json(n) for n in data["nics"]),
            hostname=str(data.get("hostname") or ""),
            login_user=str(data.get("login_user") or "ops"),
            authorized_keys=tuple(data.get("authorized_keys") or ()),
            identity_file=data.get("identity_file"),
            datapath=Datapath.from_json(datapath) if datapath else None,
            ssh_source=None if source is None else IPv4Address(source),
        )
