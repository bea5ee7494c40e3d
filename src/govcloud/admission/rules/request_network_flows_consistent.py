"""SEC-4: every server tier says what it accepts; flows name real tiers, real networks, real ranges."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import flows
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.admission.rules._declared_flows import (
    TIERS,
    all_flows,
    egress_flows,
    ingress_flows,
    parse_network,
)
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-network-flows-consistent",
    title=Text("每层的访问关系须完整且自洽", "Declare each tier's flows, between tiers that exist"),
    severity=Severity.ERROR,
    requirements=("SEC-3", "SEC-4"),
    seed_articles="000 Art. 6, 89; GB/T 22239-2019 8.1.3.2",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Tiers without flows or servers, unknown sources and egress tiers, bad networks, reversed ranges."""
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
                TIERS,
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
                (*TIERS, tier),
                (f"层 {tier} 没有云主机", f"tier {tier} has no servers"),
                ("删除该层，或为其申请云主机", "remove the tier or order servers for it"),
            )


def _sources_exist(ctx: RequestContext) -> Iterator[Violation]:
    declared = ctx.spec["network"]["tiers"]
    for path, tier, entry in ingress_flows(ctx):
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
    for path, entry in egress_flows(ctx):
        if str(entry["tier"]) not in declared:
            yield violation(
                (*path, "tier"),
                (
                    f"出站流量的层 {entry['tier']} 未声明",
                    f"egress names tier {entry['tier']}, which is not declared",
                ),
                ("写明发起访问的层", "name the tier whose servers connect out"),
            )
        if parse_network(entry["to"]) is None:
            yield violation(
                (*path, "to"),
                (f"{entry['to']} 不是有效的网段", f"{entry['to']} is not a valid network"),
                (
                    "写成 IPv4 或 IPv6 CIDR，如 59.202.10.0/24",
                    "write an IPv4 or IPv6 CIDR, e.g. 59.202.10.0/24",
                ),
            )


def _ranges_ordered(ctx: RequestContext) -> Iterator[Violation]:
    for path, entry in all_flows(ctx):
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


def _server_tiers(ctx: RequestContext) -> list[str]:
    """Tiers of server lines; a line whose item is unknown counts too (request-catalogue-items-exist reports it)."""
    return list(
        dict.fromkeys(
            str(line.data["tier"])
            for line in ctx.lines
            if "tier" in line.data and (line.item is None or line.item.kind == "ComputeFlavor")
        )
    )
