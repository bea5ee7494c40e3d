"""What the loaded host firewall admits, against the tier's allowlist (SEC-3, SEC-10).

The written file is only a promise: ``nft add rule`` by hand, or a flush, changes what the kernel
enforces and leaves the file as it was. This reads ``nft -j list table inet govcloud`` (nft's JSON, not
its text, whose layout differs between versions) and says how it differs from what the role's template
admits: the tier's ports from anywhere, management ports from the bastion networks only, and nothing
forwarded (a tenant server routes nothing between zones, SEC-3). The audit's
``firewall-loaded`` check reports the differences, and the role loads the written file again when there
are any, so the next run repairs what the audit found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from ipaddress import ip_network
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

TABLE = "govcloud"
PERMISSIVE = frozenset({"accept", "jump", "goto"})
"""Verdicts that can let a packet through a chain's drop policy."""


@dataclass(frozen=True, order=True)
class Opening:
    """One port the input chain accepts, and from where (``()``: from anywhere)."""

    protocol: str
    port: int
    sources: tuple[str, ...] = ()

    def __str__(self) -> str:
        """``443/tcp from anywhere``, as the findings say it."""
        where = f"from {', '.join(self.sources)}" if self.sources else "from anywhere"
        return f"{self.port}/{self.protocol} {where}"


def expected(allowed_ports: Iterable[Mapping[str, Any]], bastion_cidrs: Iterable[str]) -> frozenset[Opening]:
    """What the role's template admits for this allowlist (a bastion-only port without bastions: nothing)."""
    bastions = tuple(sorted(_network(cidr) for cidr in bastion_cidrs))
    out = set()
    for entry in allowed_ports:
        if entry["from"] == "bastion" and not bastions:
            continue
        sources = bastions if entry["from"] == "bastion" else ()
        out.add(Opening(str(entry["protocol"]), int(entry["port"]), sources))
    return frozenset(out)


def differences(
    listing: str, allowed_ports: Iterable[Mapping[str, Any]], bastion_cidrs: Iterable[str]
) -> list[str]:
    """How the loaded table differs from the allowlist, one line each; ``[]`` when it admits just that."""
    try:
        items = [item for item in json.loads(listing or "{}").get("nftables", []) if isinstance(item, dict)]
    except (json.JSONDecodeError, AttributeError):
        return ["the govcloud table is not loaded (no nft listing to read)"]
    if not any(i["table"].get("name") == TABLE for i in items if "table" in i):
        return ["the govcloud table is not loaded"]
    chains = [i["chain"] for i in items if "chain" in i and i["chain"].get("table") == TABLE]
    inputs = [c for c in chains if c.get("hook") == "input"]
    if not inputs:
        return ["the govcloud table has no input chain: nothing is filtered"]
    found = _policies(inputs, "input") + _forwarding(items, chains)
    openings: set[Opening] = set()
    for rule in _rules(items, inputs):
        read = _opening(rule.get("expr") or [])
        if isinstance(read, Opening):
            openings.add(read)
        elif read:
            found.append(f"rule {rule.get('handle')} lets through what the allowlist does not name: {read}")
    wanted = expected(allowed_ports, bastion_cidrs)
    found += [f"admits {o}, which the allowlist lacks" for o in sorted(openings - wanted)]
    found += [f"does not admit {o}" for o in sorted(wanted - openings)]
    return found


def _rules(items: list[dict[str, Any]], chains: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The govcloud table's rules in these chains."""
    names = {c["name"] for c in chains}
    return [
        i["rule"]
        for i in items
        if "rule" in i and i["rule"].get("table") == TABLE and i["rule"].get("chain") in names
    ]


def _policies(chains: list[dict[str, Any]], hook: str) -> list[str]:
    return [
        f"the {hook} chain's policy is {c.get('policy')}, not drop"
        for c in chains
        if c.get("policy") != "drop"
    ]


def _forwarding(items: list[dict[str, Any]], chains: list[dict[str, Any]]) -> list[str]:
    """The forward chain drops everything, and no rule in it lets anything through."""
    forwards = [c for c in chains if c.get("hook") == "forward"]
    if not forwards:
        return ["the govcloud table has no forward chain: what the host routes is not filtered"]
    return _policies(forwards, "forward") + [
        f"rule {rule.get('handle')} forwards traffic: {json.dumps(rule.get('expr'), ensure_ascii=False)}"
        for rule in _rules(items, forwards)
        if _verdicts(rule.get("expr") or [])
    ]


def _verdicts(expr: list[dict[str, Any]]) -> list[str]:
    """The rule's verdicts that can let a packet through (``accept``, ``jump``, ``goto``)."""
    return [key for part in expr for key in part if key in PERMISSIVE]


def _opening(expr: list[dict[str, Any]]) -> Opening | str | None:
    """A port rule as an Opening; a fixed rule of the template (or one that only drops) as None; else its text."""
    verdicts = _verdicts(expr)
    if not verdicts:
        return None
    matches = [part["match"] for part in expr if "match" in part]
    if len(matches) + len(verdicts) == len(expr) and verdicts == ["accept"]:
        if len(matches) == 1 and _fixed(matches[0]):
            return None
        opening = _port_rule(matches)
        if opening is not None:
            return opening
    return json.dumps(expr, ensure_ascii=False)


def _port_rule(matches: list[dict[str, Any]]) -> Opening | None:
    """``[ip saddr S] PROTO dport N`` as an Opening, or None for any other shape."""
    port: tuple[str, int] | None = None
    sources: tuple[str, ...] = ()
    for match in matches:
        left, right = match.get("left") or {}, match.get("right")
        payload = left.get("payload") if isinstance(left, dict) else None
        if match.get("op") != "==" or not payload:
            return None
        if payload.get("field") == "dport" and isinstance(right, int):
            port = (str(payload["protocol"]), right)
        elif payload.get("field") == "saddr" and _sources(right):
            sources = _sources(right)
        else:
            return None
    return None if port is None else Opening(port[0], port[1], sources)


def _fixed(match: dict[str, Any]) -> bool:
    """The template's own accepts: replies to what the host began, loopback, ICMP and ICMPv6."""
    left, right = match.get("left") or {}, match.get("right")
    key = (left.get("ct") or left.get("meta") or {}).get("key") if isinstance(left, dict) else None
    if key == "state":
        return set(right if isinstance(right, list) else [right]) <= {"established", "related"}
    if key == "iifname":
        return right == "lo"
    if key == "l4proto":
        values = right.get("set", []) if isinstance(right, dict) else [right]
        return set(values) <= {1, 58, "icmp", "ipv6-icmp"}
    return False


def _sources(right: Any) -> tuple[str, ...]:
    values = right.get("set", [right]) if isinstance(right, dict) and "set" in right else [right]
    out = []
    for value in values:
        if isinstance(value, dict) and "prefix" in value:
            out.append(_network(f"{value['prefix']['addr']}/{value['prefix']['len']}"))
        elif isinstance(value, str) and not value.startswith("@"):
            out.append(_network(value))
        else:
            return ()  # a named set or a range: not the template's, reported as its text
    return tuple(sorted(out))


def _network(text: str) -> str:
    try:
        return str(ip_network(text, strict=False))
    except ValueError:
        return text
