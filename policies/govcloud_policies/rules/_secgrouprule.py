"""Readings of a security-group rule that several rules share (source, protocol, ports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from govcloud_policies.support import UNKNOWN, as_int, known

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

ANY_PROTOCOLS = ("", "any", "0")
PORTLESS_PROTOCOLS = ("icmp", "ipv6-icmp", "icmpv6", "1", "58")


@dataclass(frozen=True, slots=True)
class Ingress:
    """An ingress rule's source and ports; ``source`` is the prefix Neutron applies ("any" when blank)."""

    source: str
    protocol: str
    port_min: int | None
    port_max: int | None

    @property
    def ports(self) -> str:
        """``22/tcp``, ``8000-8100/tcp`` or ``all ports``, as a message shows them."""
        if self.port_min is None or self.port_max is None:
            return f"all ports/{self.protocol or 'any'}"
        span = str(self.port_min) if self.port_min == self.port_max else f"{self.port_min}-{self.port_max}"
        return f"{span}/{self.protocol or 'any'}"


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
