"""Declared traffic flows: from a request's ``spec.network`` to the exact security-group rules.

GB/T 22239-2019 8.1.3.2 asks that a controlled interface deny everything but the communication that is
needed, checked on source, destination, port and protocol (SEC-3, SEC-4). So a tier accepts only the
ports its request declares, from the sources it names; each such flow opens both ends (ingress on the
serving tier, egress on the calling one); outbound goes only to declared destinations and to the
platform's own services; and IPv6 is denied unless a flow names an IPv6 network. The stacks build this
list and nothing else, the policy pack checks every built rule against it, and the inventory tells each
host which ports it serves: one derivation, three readers.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar

from govcloud import controls

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from govcloud.catalogue.model import ProviderService

ZONE = "zone"
"""``from: zone`` names the zone's allowed sources (the internet, or the e-government extranet)."""
BASTION = "bastion"
_DESCRIPTION_LIMIT = 255  # Neutron's column
T = TypeVar("T")


class RuleArguments(TypedDict, Generic[T]):
    """Keyword arguments of one rule; ``T`` is how a group id is held (a string, or a Pulumi Output)."""

    security_group_id: T
    direction: str
    ethertype: str
    protocol: str | None
    port_range_min: int | None
    port_range_max: int | None
    remote_ip_prefix: str | None
    remote_group_id: T | None
    description: str


_APPROVED_KEYS = {
    "security_group_id": "group",
    "direction": "direction",
    "ethertype": "ethertype",
    "protocol": "protocol",
    "port_range_min": "portMin",
    "port_range_max": "portMax",
    "remote_ip_prefix": "remoteIpPrefix",
    "remote_group_id": "remoteGroup",
}
"""A rule argument's name in ``approvedRules``, in the order ``engine.observed.RuleSignature`` reads them."""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One security-group rule as plain data (tested without Pulumi)."""

    tier: str
    direction: str
    port_min: int | None
    port_max: int | None
    protocol: str | None = "tcp"
    remote_ip_prefix: str | None = None
    remote_tier: str | None = None
    description: str = ""

    @property
    def ethertype(self) -> str:
        """Explicit, from the prefix: a remote group is reached over IPv4 (no tenant IPv6)."""
        return controls.ethertype(self.remote_ip_prefix)

    def arguments(self, group_ids: Mapping[str, T]) -> RuleArguments[T]:
        """The rule's arguments, given each tier's group id.

        pulumi-openstack's ``SecGroupRule`` and openstacksdk's ``create_security_group_rule`` take the
        same keywords, so the stack and the direct-provisioning baseline build identical rules.
        """
        return {
            "security_group_id": group_ids[self.tier],
            "direction": self.direction,
            "ethertype": self.ethertype,
            "protocol": self.protocol,
            "port_range_min": self.port_min,
            "port_range_max": self.port_max,
            "remote_ip_prefix": self.remote_ip_prefix,
            "remote_group_id": group_ids[self.remote_tier] if self.remote_tier else None,
            "description": self.description,
        }

    def approved(self, group_names: Mapping[str, str]) -> dict[str, Any]:
        """The rule as the pack's ``approvedRules`` lists it: its arguments, groups named, no description."""
        arguments: Mapping[str, object] = self.arguments(group_names)
        return {approved: arguments[argument] for argument, approved in _APPROVED_KEYS.items()}

    @property
    def key(self) -> str:
        """A stable, readable suffix for the rule's resource name."""
        if self.port_min is None:
            ports = "all"
        elif self.port_min == self.port_max:
            ports = str(self.port_min)
        else:
            ports = f"{self.port_min}-{self.port_max}"
        peer = self.remote_tier or (self.remote_ip_prefix or "any").replace("/", "_").replace(":", "-")
        direction = "in" if self.direction == "ingress" else "out"
        return f"{direction}-{self.protocol or 'any'}-{ports}-{peer}"


@dataclass(frozen=True, slots=True)
class Flow:
    """One declared flow, read from the request: who talks to whom, on what, and why."""

    tier: str
    """The tier whose group gets the rule: the serving tier for ingress, the calling tier for egress."""
    direction: str
    peer: str
    """A tier, ``zone``, or (egress) a destination CIDR."""
    protocol: str
    spans: tuple[tuple[int | None, int | None], ...]
    reason: str

    @property
    def label(self) -> str:
        """``8080/tcp``, ``30000-30100/tcp``, ``icmp``, as descriptions and messages show it."""
        return ", ".join(span_label(span, self.protocol) for span in self.spans)


def span_label(span: tuple[int | None, int | None], protocol: str | None) -> str:
    """``443/tcp``, ``8000-8010/tcp``, or the protocol alone when it has no ports."""
    low, high = span
    if low is None:
        return protocol or "any"
    return f"{low}/{protocol}" if low == high else f"{low}-{high}/{protocol}"


def spans(entry: Mapping[str, Any]) -> tuple[tuple[int | None, int | None], ...]:
    """The port spans of a flow: one per listed port, the range, or no ports (ICMP).

    Neutron stores 1-65535 as "no range", so a full range is written that way: declaring 1-65535
    would read back as a change and a second ``pulumi up`` would replace the rule.
    """
    if "portRange" in entry:
        low, high = int(entry["portRange"]["min"]), int(entry["portRange"]["max"])
        return ((None, None),) if (low, high) == (1, 65535) else ((low, high),)
    if "ports" in entry:
        return tuple((int(port), int(port)) for port in entry["ports"])
    return ((None, None),)


def width(span: tuple[int | None, int | None]) -> int:
    """How many ports a span opens (all of them when it has no bounds)."""
    low, high = span
    return 65535 if low is None or high is None else high - low + 1


def normal_cidr(cidr: str) -> str:
    """The network as Neutron stores it (host bits cleared, IPv6 compressed), so ``up`` converges."""
    return str(ipaddress.ip_network(cidr.strip(), strict=False))


def declared_flows(network: Mapping[str, Any]) -> list[Flow]:
    """Every flow of ``spec.network`` in document order: ingress per tier, then egress."""
    flows = [
        Flow(
            tier=str(tier),
            direction="ingress",
            peer=str(entry["from"]),
            protocol=str(entry["protocol"]),
            spans=spans(entry),
            reason=str(entry["reason"]["en"]),
        )
        for tier, declared in network.get("tiers", {}).items()
        for entry in declared.get("ingress", ())
    ]
    flows.extend(
        Flow(
            tier=str(entry["tier"]),
            direction="egress",
            peer=str(entry["to"]),
            protocol=str(entry["protocol"]),
            spans=spans(entry),
            reason=str(entry["reason"]["en"]),
        )
        for entry in network.get("egress", ())
    )
    return flows


def rule_specs(  # noqa: PLR0913 - the flows, then the platform facts each rule is built from, by keyword
    flows: Iterable[Flow],
    *,
    tiers: Sequence[str],
    internet_facing: bool,
    zone_cidrs: Sequence[str],
    bastion_cidrs: Sequence[str],
    provider_services: Sequence[ProviderService],
) -> list[RuleSpec]:
    """Every rule of every tier's group, in a stable order, without duplicates.

    Per tier: SSH from the bastion (SEC-4), the platform's services outbound; then per declared flow,
    both ends of it. Flows naming a tier without servers build nothing (admission refuses them).
    """
    _check_sources(internet_facing=internet_facing, zone_cidrs=zone_cidrs, bastion_cidrs=bastion_cidrs)
    known = set(tiers)
    specs: list[RuleSpec] = []
    for tier in tiers:
        specs.extend(
            RuleSpec(
                tier,
                "ingress",
                controls.SSH_PORT,
                controls.SSH_PORT,
                remote_ip_prefix=normal_cidr(cidr),
                description=f"SEC-4 {tier}: SSH from the bastion only",
            )
            for cidr in bastion_cidrs
        )
        specs.extend(
            RuleSpec(
                tier,
                "egress",
                port,
                port,
                protocol=service.protocol,
                remote_ip_prefix=normal_cidr(service.cidr),
                description=_describe(f"SEC-3 {tier} to the platform's {service.id}", service.name.en),
            )
            for service in provider_services
            for port in service.ports
        )
    for flow in flows:
        if flow.tier not in known or (flow.direction == "ingress" and flow.peer not in {*known, ZONE}):
            continue
        specs.extend(_flow_specs(flow, zone_cidrs))
    return list(dict.fromkeys(specs))


def _flow_specs(flow: Flow, zone_cidrs: Sequence[str]) -> list[RuleSpec]:
    out: list[RuleSpec] = []
    for low, high in flow.spans:
        summary = _summary(flow, span_label((low, high), flow.protocol))
        rule = RuleSpec(
            flow.tier,
            flow.direction,
            low,
            high,
            protocol=flow.protocol,
            description=_describe(summary, flow.reason),
        )
        if flow.direction == "egress":
            out.append(replace(rule, remote_ip_prefix=normal_cidr(flow.peer)))
        elif flow.peer == ZONE:
            out.extend(replace(rule, remote_ip_prefix=normal_cidr(cidr)) for cidr in zone_cidrs)
        else:  # between tiers: ingress on the serving tier, egress on the calling one
            out.append(replace(rule, remote_tier=flow.peer))
            out.append(replace(rule, tier=flow.peer, direction="egress", remote_tier=flow.tier))
    return out


def _summary(flow: Flow, label: str) -> str:
    """What a flow's rules are for, ahead of the request's own reason in their description."""
    if flow.direction == "egress":
        return f"SEC-3 {flow.tier} to {normal_cidr(flow.peer)} {label}"
    if flow.peer == ZONE:
        return f"SEC-3 {flow.tier} accepts {label} from the zone"
    return f"SEC-4 {flow.peer} to {flow.tier} {label}"


def _describe(summary: str, reason: str) -> str:
    """``<summary>: <reason>``, cut to Neutron's 255 characters."""
    text = f"{summary}: {reason}" if reason else summary
    return text if len(text) <= _DESCRIPTION_LIMIT else text[: _DESCRIPTION_LIMIT - 1] + "…"


def _check_sources(*, internet_facing: bool, zone_cidrs: Sequence[str], bastion_cidrs: Sequence[str]) -> None:
    """Refuse a world-wide bastion (SEC-4) or a world-wide source for a non-internet system (SEC-3).

    Admission and the catalogue schema already exclude both; this is the stack's last guard.
    """
    for cidr in bastion_cidrs:
        if controls.is_world_cidr(cidr):
            msg = f"SEC-4: bastion CIDR {cidr!r} is the whole internet; SSH must come from the bastion only"
            raise ValueError(msg)
    for cidr in zone_cidrs:
        if controls.is_world_cidr(cidr) and not internet_facing:
            msg = f"SEC-3: a system that is not internet-facing may not accept traffic from {cidr}"
            raise ValueError(msg)


def declared_ingress(flows: Iterable[Flow], tier: str) -> list[dict[str, Any]]:
    """What a host of ``tier`` serves, for the inventory (``govcloud_declared_ingress``) and the audit.

    SSH from the bastion first, then each declared port with its source (a tier, or ``zone``).
    """
    served: list[dict[str, Any]] = [{"port": controls.SSH_PORT, "protocol": "tcp", "from": BASTION}]
    for flow in flows:
        if flow.direction != "ingress" or flow.tier != tier or flow.protocol == "icmp":
            continue
        for low, high in flow.spans:
            if low is None or high is None:
                served.append({"protocol": flow.protocol, "from": flow.peer})
                continue
            served.extend(
                {"port": port, "protocol": flow.protocol, "from": flow.peer} for port in range(low, high + 1)
            )
    unique: list[dict[str, Any]] = []
    for entry in served:
        if entry not in unique:
            unique.append(entry)
    return unique
