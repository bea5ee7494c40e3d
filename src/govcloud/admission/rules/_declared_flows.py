"""The traffic flows a request declares (``spec.network``), each with where it sits in the document.

Four flow rules read the same ingress and egress entries; walking them here keeps the paths they
report the same.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from govcloud import flows

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from govcloud.admission.context import RequestContext
    from govcloud.loader import PathKey

TIERS = ("spec", "network", "tiers")
EGRESS = ("spec", "network", "egress")


def ingress_flows(ctx: RequestContext) -> Iterator[tuple[PathKey, str, Mapping[str, Any]]]:
    """Every ingress flow with its path and serving tier."""
    for tier, declared in ctx.spec["network"]["tiers"].items():
        for index, entry in enumerate(declared["ingress"]):
            yield (*TIERS, tier, "ingress", index), str(tier), entry


def egress_flows(ctx: RequestContext) -> Iterator[tuple[PathKey, Mapping[str, Any]]]:
    """Every egress flow with its path."""
    for index, entry in enumerate(ctx.spec["network"].get("egress", ())):
        yield (*EGRESS, index), entry


def all_flows(ctx: RequestContext) -> list[tuple[PathKey, Mapping[str, Any]]]:
    """Ingress then egress flows, with their paths."""
    return [*((path, entry) for path, _tier, entry in ingress_flows(ctx)), *egress_flows(ctx)]


def port_spans(entry: Mapping[str, Any]) -> list[tuple[tuple[int | None, int | None], str]]:
    """A TCP/UDP flow's port spans with their labels (``8080/tcp``); ICMP has no ports."""
    if entry["protocol"] == "icmp":
        return []
    return [(span, flows.span_label(span, entry["protocol"])) for span in flows.spans(entry)]


def parse_network(cidr: object) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """The network a flow names, or None when it is not a CIDR (request-network-flows-consistent says so)."""
    try:
        return ipaddress.ip_network(str(cidr), strict=False)
    except ValueError:
        return None
