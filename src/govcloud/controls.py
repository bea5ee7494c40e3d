"""Compliance predicates shared by request admission and the CrossGuard policy pack.

A rule that applies both to a request (before Pulumi) and to the resources built from it is
decided here once, so the two layers cannot drift apart.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import date

CLASSIFIED = "classified"
SENSITIVE = "sensitive"
INTERNET_FACING = "internet-facing"
EXTRANET_ONLY = "extranet-only"
LEVEL_3 = 3


def is_classified(classification: str) -> bool:
    """SEC-1: nothing 涉密 may be processed on the government cloud."""
    return classification == CLASSIFIED


def level_within_platform(level: int, platform_level: int) -> bool:
    """SEC-2: a system may not be protected at a higher level than the platform hosting it."""
    return level <= platform_level


def encryption_required(level: int, classification: str) -> bool:
    """SEC-11: level-3 systems and systems with 敏感 data keep their volumes encrypted at rest."""
    return level >= LEVEL_3 or classification == SENSITIVE


def crypto_service_required(classification: str) -> bool:
    """SEC-6: 敏感 data is protected with commercial cryptography (SM2/SM3/SM4) planned in from the start."""
    return classification == SENSITIVE


def required_protections(level: int, exposure: str) -> tuple[str, ...]:
    """SEC-3, SEC-10: security services an internet-facing level-3 system must order."""
    if exposure == INTERNET_FACING and level >= LEVEL_3:
        return ("waf", "hids", "bastion")
    return ()


def offsite_backup_expected(level: int) -> bool:
    """SEC-11, OPS-3: 等保 level 3 asks for off-site backup of important data."""
    return level >= LEVEL_3


# --- Network predicates shared by the policy pack and (later) request checks: SEC-3, SEC-10 ---


def in_world_cidrs(cidr: str | None, world_cidrs: tuple[str, ...] | list[str]) -> bool:
    """SEC-3: like ``is_world_cidr`` but against a configured list (the policy pack's ``worldCidrs``).

    A prefix that is no network (a program can send any value) cannot be shown narrow: it counts as
    the world, so the rule fails closed instead of raising.
    """
    if not cidr:
        return True
    try:
        network = _network(cidr)
    except ValueError:
        return True
    return network in {_network(world) for world in world_cidrs}


def cidr_within(cidr: str, allowed: tuple[str, ...] | list[str]) -> bool:
    """SEC-3: ``cidr`` lies entirely inside one of ``allowed`` (an unparsable prefix is never inside)."""
    try:
        network = _network(cidr)
    except ValueError:
        return False
    for candidate in allowed:
        parent = _network(candidate)
        if _contains(parent, network):
            return True
    return False


def ports_touched(
    port_min: int | None, port_max: int | None, ports: tuple[int, ...] | list[int]
) -> tuple[int, ...]:
    """SEC-3, SEC-10: which of ``ports`` a rule's range opens; an absent range opens every port."""
    low = 1 if port_min in (None, 0) else int(port_min)
    high = 65535 if port_max in (None, 0) else int(port_max)
    return tuple(sorted({int(port) for port in ports if low <= int(port) <= high}))


def range_within(port_min: int | None, port_max: int | None, allowed: tuple[int, ...] | list[int]) -> bool:
    """SEC-3: every port of the rule's range is one of ``allowed`` (an absent range is every port)."""
    if port_min in (None, 0) or port_max in (None, 0):
        return False
    wanted = {int(port) for port in allowed}
    return all(port in wanted for port in range(int(port_min), int(port_max) + 1))


def missing_metadata(metadata: object, required: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """LC-2, SEC-7: required metadata keys that are absent or empty on a server or volume."""
    present = metadata if isinstance(metadata, Mapping) else {}
    return tuple(key for key in required if not str(present.get(key) or "").strip())


def server_services_required(level: int, exposure: str) -> tuple[str, ...]:
    """SEC-10, SEC-11, OPS-3: services every server of a system relies on (HIDS at level 3, plus exposure's)."""
    services = ("hids",) if level >= LEVEL_3 else ()
    return tuple(dict.fromkeys((*services, *required_protections(level, exposure))))


def _network(cidr: object) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    if not isinstance(cidr, str):
        message = f"{type(cidr).__name__} is not a CIDR"
        raise ValueError(message)  # noqa: TRY004 - callers treat every non-network alike
    return ipaddress.ip_network(cidr.strip(), strict=False)


def _contains(
    parent: ipaddress.IPv4Network | ipaddress.IPv6Network,
    child: ipaddress.IPv4Network | ipaddress.IPv6Network,
) -> bool:
    """``subnet_of`` across address families is an error; a v6 prefix is never inside a v4 one."""
    if isinstance(parent, ipaddress.IPv4Network) and isinstance(child, ipaddress.IPv4Network):
        return child.subnet_of(parent)
    if isinstance(parent, ipaddress.IPv6Network) and isinstance(child, ipaddress.IPv6Network):
        return child.subnet_of(parent)
    return False


# --- Network exposure (SEC-3, SEC-4), shared by the stack's rule builder and the policy pack ---

ADMIN_PORTS: frozenset[int] = frozenset({22, 3389, 3306, 5432, 1521, 6379, 27017, 9200})
"""SSH, RDP and database/cache/search ports: reachable only from the bastion, never from the world."""

SSH_PORT = 22
INTERNET_SERVICE_PORTS: tuple[int, ...] = (80, 443)
"""The only ports an internet-facing entry tier exposes to the world (SEC-3)."""

WORLD_CIDRS: frozenset[str] = frozenset({"0.0.0.0/0", "::/0"})


def is_world_cidr(cidr: str | None) -> bool:
    """SEC-3: a rule source that matches every address (a missing prefix means "any" in Neutron)."""
    if cidr is None or not cidr.strip():
        return True
    return cidr.strip() in WORLD_CIDRS or cidr.strip().endswith("/0")


def opens_admin_port(port_min: int | None, port_max: int | None) -> bool:
    """SEC-4: whether a port range (None meaning all ports) includes an administration port."""
    return _range_includes(port_min, port_max, ADMIN_PORTS)


MANAGEMENT_PORTS: frozenset[int] = frozenset({22, 23, 3389, 5900, 5985, 5986})
"""Remote management (SSH, telnet, RDP, VNC, WinRM): from the bastion only; between tiers only with a
justification (SEC-4). Database ports are not here: app to db on 5432 is a service flow."""


def opens_management_port(port_min: int | None, port_max: int | None) -> bool:
    """SEC-4: whether a port range (None meaning all ports) includes a remote-management port."""
    return _range_includes(port_min, port_max, MANAGEMENT_PORTS)


def _range_includes(port_min: int | None, port_max: int | None, ports: frozenset[int]) -> bool:
    low = 1 if port_min is None or port_min <= 0 else port_min
    high = 65535 if port_max is None or port_max <= 0 else port_max
    return any(low <= port <= high for port in ports)


def egress_too_wide(cidr: str | None, min_prefix: Mapping[str, int]) -> bool:
    """SEC-3: an egress destination so wide it stands for the internet, not for a named system.

    ``0.0.0.0/1`` and ``128.0.0.0/1`` together are the whole internet as much as ``0.0.0.0/0``, so the
    test is the prefix length (``min_prefix`` has ``ipv4`` and ``ipv6``), not a list of world CIDRs. A
    missing or unreadable prefix means "any address" to Neutron.
    """
    if cidr is None or not cidr.strip():
        return True
    try:
        network = _network(cidr)
    except ValueError:
        return True
    return network.prefixlen < min_prefix[f"ipv{network.version}"]


def ethertype(cidr: str | None) -> str:
    """Neutron's ethertype for a rule to or from ``cidr``: IPv6 only for an IPv6 prefix."""
    return "IPv6" if cidr and ":" in cidr else "IPv4"


_LEAP_YEAR = 2024  # windows are MM-DD; any leap year lets 02-29 be a day


def day_of_year(month_day: str) -> date | None:
    """The day a ``MM-DD`` window bound names (in a leap year), or None when no year has it (02-31).

    The schema's pattern only bounds month and day separately; admission reports what this refuses
    and the cost estimate does not count such a window.
    """
    try:
        return date.fromisoformat(f"{_LEAP_YEAR}-{month_day}")
    except ValueError:
        return None
