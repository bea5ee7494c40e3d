"""Admission rules on the declared traffic flows (``spec.network``): least privilege between tiers.

GB/T 22239-2019 8.1.3.2 访问控制 (level 3): a controlled interface denies everything but the allowed
communication, the rule set is kept minimal, and rules check source, destination, port and protocol.
A flow beyond the platform's baseline (a wide port range, a management port between tiers, the whole
internet as a destination) needs a justification, and at level 3 the authority's approval as well.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from govcloud import controls, flows
from govcloud.admission.findings import Severity
from govcloud.admission.registry import request_rule, violation

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from govcloud.admission.context import RequestContext
    from govcloud.admission.registry import Violation
    from govcloud.loader import PathKey

_TIERS = ("spec", "network", "tiers")
_EGRESS = ("spec", "network", "egress")
_CLAUSE = "GB/T 22239-2019 8.1.3.2"


def _ingress(ctx: RequestContext) -> Iterator[tuple[PathKey, str, Mapping[str, Any]]]:
    """Every ingress flow with its path and serving tier."""
    for tier, declared in ctx.spec["network"]["tiers"].items():
        for index, entry in enumerate(declared["ingress"]):
            yield (*_TIERS, tier, "ingress", index), str(tier), entry


def _egress(ctx: RequestContext) -> Iterator[tuple[PathKey, Mapping[str, Any]]]:
    for index, entry in enumerate(ctx.spec["network"].get("egress", ())):
        yield (*_EGRESS, index), entry


def _server_tiers(ctx: RequestContext) -> list[str]:
    """Tiers of server lines; a line whose item is unknown counts too (request-catalogue-items-exist reports it)."""
    return list(
        dict.fromkeys(
            str(line.data["tier"])
            for line in ctx.lines
            if "tier" in line.data and (line.item is None or line.item.kind == "ComputeFlavor")
        )
    )


@request_rule(
    "request-network-flows-consistent",
    title=("每层的访问关系须完整且自洽", "Declare each tier's flows, between tiers that exist"),
    severity=Severity.ERROR,
    requirements=("SEC-3", "SEC-4"),
    seed_articles="000 Art. 6, 89; GB/T 22239-2019 8.1.3.2",
)
def flows_consistent(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-4: every server tier says what it accepts; flows name real tiers, real networks, real ranges."""
    yield from _tiers_match_servers(ctx)
    yield from _sources_exist(ctx)
    yield from _egress_readable(ctx)
    yield from _ranges_ordered(ctx)


def _tiers_match_servers(ctx: RequestContext) -> Iterator[Violation]:
    declared = ctx.spec["network"]["tiers"]
    servers = _server_tiers(ctx)
    for tier in servers:
        if tier not in declared:
            yield violation(
                _TIERS,
                (
                    f"层 {tier} 有云主机，但未声明其接受的访问",
                    f"tier {tier} has servers but declares no flows",
                ),
                (
                    f"在 network.tiers.{tier}.ingress 中列出该层的服务端口及来源（不接受访问则写空列表）",
                    f"list the tier's service ports and sources under network.tiers.{tier}.ingress (an empty list if it accepts nothing)",
                ),
            )
    for tier in declared:
        if tier not in servers:
            yield violation(
                (*_TIERS, tier),
                (f"层 {tier} 没有云主机", f"tier {tier} has no servers"),
                ("删除该层，或为其申请云主机", "remove the tier or order servers for it"),
            )


def _sources_exist(ctx: RequestContext) -> Iterator[Violation]:
    declared = ctx.spec["network"]["tiers"]
    for path, tier, entry in _ingress(ctx):
        source = str(entry["from"])
        if source != flows.ZONE and source not in declared:
            yield violation(
                (*path, "from"),
                (
                    f"层 {tier} 的访问来源 {source} 既不是 zone 也不是本申请的层",
                    f"tier {tier} accepts traffic from {source}, which is neither zone nor a tier of this request",
                ),
                ("来源写 zone（网络区域的来源）或本申请的层名", "name zone (the zone's sources) or a tier"),
            )


def _egress_readable(ctx: RequestContext) -> Iterator[Violation]:
    declared = ctx.spec["network"]["tiers"]
    for path, entry in _egress(ctx):
        if str(entry["tier"]) not in declared:
            yield violation(
                (*path, "tier"),
                (
                    f"出站流量的层 {entry['tier']} 未声明",
                    f"egress names tier {entry['tier']}, which is not declared",
                ),
                ("写明发起访问的层", "name the tier whose servers connect out"),
            )
        if _network(entry["to"]) is None:
            yield violation(
                (*path, "to"),
                (f"{entry['to']} 不是有效的网段", f"{entry['to']} is not a valid network"),
                (
                    "写成 IPv4 或 IPv6 CIDR，如 59.202.10.0/24",
                    "write an IPv4 or IPv6 CIDR, e.g. 59.202.10.0/24",
                ),
            )


def _ranges_ordered(ctx: RequestContext) -> Iterator[Violation]:
    for path, entry in _all_flows(ctx):
        port_range = entry.get("portRange")
        if port_range and int(port_range["min"]) > int(port_range["max"]):
            yield violation(
                (*path, "portRange"),
                (
                    f"端口范围 {port_range['min']}-{port_range['max']} 的起点大于终点",
                    f"port range {port_range['min']}-{port_range['max']} starts after it ends",
                ),
                ("交换 min 与 max", "swap min and max"),
            )


def _all_flows(ctx: RequestContext) -> list[tuple[PathKey, Mapping[str, Any]]]:
    return [*((path, entry) for path, _tier, entry in _ingress(ctx)), *_egress(ctx)]


def _port_spans(entry: Mapping[str, Any]) -> list[tuple[tuple[int | None, int | None], str]]:
    """A TCP/UDP flow's port spans with their labels (``8080/tcp``); ICMP has no ports."""
    if entry["protocol"] == "icmp":
        return []
    return [(span, flows.span_label(span, entry["protocol"])) for span in flows.spans(entry)]


def _network(cidr: object) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(str(cidr), strict=False)
    except ValueError:
        return None


@request_rule(
    "request-internet-ingress-ports-only",
    title=("面向互联网只开放 80/443", "Open only 80 and 443 to the internet"),
    severity=Severity.ERROR,
    requirements=("SEC-3",),
    seed_articles="000 Art. 6; GB/T 22239-2019 8.1.3.1, 8.1.3.2",
)
def internet_ingress_ports(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-3: from the internet an entry tier accepts web traffic only; nothing else can be waived."""
    if ctx.zone_item is None or not (
        ctx.zone_item.spec.get("internetFacing") and ctx.exposure == controls.INTERNET_FACING
    ):
        return
    allowed = set(controls.INTERNET_SERVICE_PORTS)
    for path, tier, entry in _ingress(ctx):
        if entry["from"] != flows.ZONE:
            continue
        opened = [flows.span_label(span, entry["protocol"]) for span in flows.spans(entry)]
        if entry["protocol"] != "tcp" or any(
            low is None or high is None or not set(range(low, high + 1)) <= allowed
            for low, high in flows.spans(entry)
        ):
            yield violation(
                path,
                (
                    f"层 {tier} 向互联网开放 {', '.join(opened)}，只允许 TCP 80/443",
                    f"tier {tier} opens {', '.join(opened)} to the internet; only TCP 80/443 may be",
                ),
                (
                    "其他服务经 WAF/负载均衡发布在 443，或仅对堡垒机、政务外网开放",
                    "publish other services on 443 behind the WAF or load balancer, or open them to the extranet only",
                ),
            )


@request_rule(
    "request-port-ranges-bounded",
    title=(
        "端口范围不得超过平台上限，除非说明理由",
        "Keep port ranges within the platform's bound, or justify them",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-3", "SEC-4"),
    seed_articles="000 Art. 89; GB/T 22239-2019 8.1.3.2 c)",
)
def port_ranges_bounded(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-4: a range wider than ``maxPortRangeWidth`` needs an exception (and the authority at level 3)."""
    widest = ctx.catalogue.platform.network.max_port_range_width
    for path, entry in _all_flows(ctx):
        for span, label in _port_spans(entry):
            width = flows.width(span)
            if width > widest:
                yield from _needs_exception(
                    ctx,
                    path,
                    entry,
                    (
                        f"端口范围 {label} 共 {width} 个端口，超过平台上限 {widest}",
                        f"port range {label} opens {width} ports, more than the platform's {widest}",
                    ),
                )


@request_rule(
    "request-management-ports-between-tiers-justified",
    title=(
        "层间不开放远程管理端口，除非说明理由",
        "Keep remote-management ports off flows between tiers, or justify them",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-4",),
    seed_articles="000 Art. 89; GB/T 22239-2019 8.1.3.2, 8.1.4.6 c)",
)
def management_ports_justified(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-4: management (SSH, RDP, VNC, WinRM, telnet) comes from the bastion, never from a neighbour."""
    for path, tier, entry in _ingress(ctx):
        for span, label in _port_spans(entry):
            if controls.opens_management_port(*span):
                source = "网络区域" if entry["from"] == flows.ZONE else f"层 {entry['from']}"
                source_en = "the zone" if entry["from"] == flows.ZONE else f"tier {entry['from']}"
                yield from _needs_exception(
                    ctx,
                    path,
                    entry,
                    (
                        f"层 {tier} 接受来自{source}的远程管理端口 {label}（管理只能经堡垒机）",
                        f"tier {tier} accepts the management port {label} from {source_en} (management comes through the bastion)",
                    ),
                )


@request_rule(
    "request-egress-destinations-bounded",
    title=(
        "出站只到具名的目的网段，不到整个互联网",
        "Send egress to named networks, not to the whole internet",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-3", "SEC-11"),
    seed_articles="000 Art. 6; GB/T 22239-2019 8.1.3.1 b), 8.1.3.2",
)
def egress_destinations_bounded(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-3: egress wider than ``minEgressPrefixLength`` (0.0.0.0/1 as much as 0.0.0.0/0) needs an exception."""
    shortest = ctx.catalogue.platform.network.min_egress_prefix
    for path, entry in _egress(ctx):
        destination = str(entry["to"])
        if _network(destination) is None:
            continue  # request-network-flows-consistent reports it
        if controls.egress_too_wide(destination, shortest):
            yield from _needs_exception(
                ctx,
                path,
                entry,
                (
                    f"出站目的 {destination} 宽于平台允许的最短前缀（相当于整个互联网）",
                    f"egress to {destination} is wider than the platform's shortest prefix (the whole internet)",
                ),
            )


def _needs_exception(
    ctx: RequestContext, path: PathKey, entry: Mapping[str, Any], what: tuple[str, str]
) -> Iterator[Violation]:
    """No exception: say why one is needed. Level 3 without the authority's approval: ask for it."""
    exception = entry.get("exception")
    if exception is None:
        yield violation(
            path,
            (f"{what[0]}（{_CLAUSE}）", f"{what[1]} ({_CLAUSE})"),
            (
                "收窄到业务所需，或在 exception.justification 中说明理由"
                + (
                    "并附主管部门批准文号（exception.authorityApproval）"
                    if ctx.level >= controls.LEVEL_3
                    else ""
                ),
                "narrow it to what the service needs, or give the reason in exception.justification"
                + (
                    " and the authority's approval in exception.authorityApproval"
                    if ctx.level >= controls.LEVEL_3
                    else ""
                ),
            ),
        )
    elif ctx.level >= controls.LEVEL_3 and not exception.get("authorityApproval"):
        yield violation(
            (*path, "exception"),
            (
                f"{what[0]}：三级系统的例外须经主管部门批准",
                f"{what[1]}: an exception for a level-3 system needs the authority's approval",
            ),
            (
                "在 exception.authorityApproval 中写明批准文号",
                "give the approval's document number in exception.authorityApproval",
            ),
        )
