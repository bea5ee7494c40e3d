"""Readings of a security-group rule that several rules share (source, protocol, ports)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govcloud import controls, flows
from govcloud.policy.support import UNKNOWN, as_int, as_list, as_mapping, known

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

ANY_PROTOCOLS = ("", "any", "0")
PORTLESS_PROTOCOLS = ("icmp", "ipv6-icmp", "icmpv6", "1", "58")


@dataclass(frozen=True, slots=True)
class _PortRange:
    """What a rule opens: its protocol and port range, as messages and width checks read them."""

    protocol: str | None
    port_min: int | None
    port_max: int | None

    @property
    def ports(self) -> str:
        """``22/tcp``, ``8000-8100/tcp`` or ``all ports/tcp``, as a message shows them."""
        return ports_label(self.protocol, self.port_min, self.port_max)

    @property
    def width(self) -> int:
        """Ports opened (all of them when the rule has no range)."""
        return flows.width((self.port_min, self.port_max))

    def too_broad(self, *, any_protocol: bool, widest: int) -> str | None:
        """What the rule opens too much of: ``"protocols"``, ``"ports"`` (wider than ``widest``) or None.

        ICMP has no ports: only its protocol can be too broad.
        """
        if any_protocol:
            return "protocols"
        if self.protocol not in PORTLESS_PROTOCOLS and self.width > widest:
            return "ports"
        return None


@dataclass(frozen=True, slots=True)
class Ingress(_PortRange):
    """An ingress rule's source and ports; ``source`` is the prefix Neutron applies ("any" when blank)."""

    source: str


def ports_label(protocol: str | None, port_min: int | None, port_max: int | None) -> str:
    """``22/tcp``, ``8000-8100/tcp`` or ``all ports/tcp``: how every rule's message names its ports."""
    if port_min is None or port_max is None:
        return f"all ports/{protocol or 'any'}"
    span = str(port_min) if port_min == port_max else f"{port_min}-{port_max}"
    return f"{span}/{protocol or 'any'}"


def ingress_from_address(props: Mapping[str, Any]) -> Ingress | None:
    """The rule as an address-based ingress, or None for egress and group/address-group sources.

    A group id unknown during preview is another resource's output: a group source, never a prefix.
    """
    if props.get("direction") != "ingress":
        return None
    group, address_group = known(props, "remoteGroupId"), known(props, "remoteAddressGroupId")
    if group is UNKNOWN or address_group is UNKNOWN or group or address_group:
        return None
    prefix = props.get("remoteIpPrefix") or ""
    if not prefix:
        prefix = "::/0" if str(props.get("ethertype") or "IPv4") == "IPv6" else "0.0.0.0/0"
    return Ingress(
        source=str(prefix),
        protocol=str(props.get("protocol") or "").lower(),
        port_min=as_int(props.get("portRangeMin")),
        port_max=as_int(props.get("portRangeMax")),
    )


def ported_ingress(props: Mapping[str, Any]) -> Ingress | None:
    """An address-based ingress that opens ports (not ICMP), or None: what the port rules judge."""
    rule = ingress_from_address(props)
    return None if rule is None or rule.protocol in PORTLESS_PROTOCOLS else rule


def world_ingress(props: Mapping[str, Any], world_cidrs: list[str]) -> Ingress | None:
    """A :func:`ported_ingress` from a prefix that means the world, or None."""
    rule = ported_ingress(props)
    return rule if rule is not None and controls.in_world_cidrs(rule.source, world_cidrs) else None


@dataclass(frozen=True, slots=True)
class Reading(_PortRange):
    """Every field of a rule that is known at preview, normalised as Neutron stores it.

    ``to_group`` is True when the remote is a security group (its id may still be unknown: another
    resource's output is a group, never an address), so a preview can judge the rule all the same.
    """

    direction: str
    ethertype: str
    remote_ip_prefix: str | None
    to_group: bool

    def fields(self) -> tuple[Any, ...]:
        """What the rule is, without its groups: the key an approved rule is matched on."""
        return (
            self.direction,
            self.ethertype,
            self.protocol,
            self.port_min,
            self.port_max,
            self.remote_ip_prefix,
        )


def read(props: Mapping[str, Any]) -> Reading:
    """The rule's known fields; unknown or missing values read as Neutron would default them."""
    group = known(props, "remoteGroupId")
    prefix = known(props, "remoteIpPrefix")
    return Reading(
        direction=str(known(props, "direction") or ""),
        ethertype=str(known(props, "ethertype") or "IPv4"),
        protocol=_protocol(known(props, "protocol")),
        port_min=as_int(known(props, "portRangeMin")),
        port_max=as_int(known(props, "portRangeMax")),
        remote_ip_prefix=normal_prefix(prefix),
        to_group=group is UNKNOWN or bool(group),
    )


def _protocol(value: Any) -> str | None:
    if value is UNKNOWN or not isinstance(value, str) or value.lower() in ANY_PROTOCOLS:
        return None
    return value.lower()


def normal_prefix(value: Any) -> str | None:
    """A prefix as Neutron stores it (host bits cleared); None for none, unknown or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False))
    except ValueError:
        return value.strip()


def approved_key(entry: Any) -> tuple[Any, ...]:
    """One ``approvedRules`` entry of the pack config as a :meth:`Reading.fields` key."""
    rule = as_mapping(entry)
    return (
        rule.get("direction"),
        rule.get("ethertype") or "IPv4",
        _protocol(rule.get("protocol")),
        as_int(rule.get("portMin")),
        as_int(rule.get("portMax")),
        normal_prefix(rule.get("remoteIpPrefix")),
    )


def approved_fields(approved: Iterable[Any]) -> set[tuple[Any, ...]]:
    """The ``approvedRules`` of the pack config as :meth:`Reading.fields` keys (groups left out)."""
    return {approved_key(entry) for entry in as_list(approved)}
