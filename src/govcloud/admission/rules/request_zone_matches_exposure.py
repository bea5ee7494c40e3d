"""SEC-3: the extranet is isolated from the internet; only the public zone faces it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-zone-matches-exposure",
    title=Text("网络区域须与暴露面一致", "Place the system in a zone that matches its exposure"),
    severity=Severity.ERROR,
    requirements=("SEC-3",),
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
)

_ZONE = ("spec", "system", "zone")


def check(ctx: RequestContext) -> Iterator[Violation]:
    """A zone unlike the exposure, public services of extranet-only systems, spare floating IPs."""
    internet_zone = bool(ctx.zone_item and ctx.zone_item.spec["internetFacing"])
    internet_facing = ctx.exposure == controls.INTERNET_FACING
    if ctx.zone_item is not None and internet_facing != internet_zone:
        yield violation(
            _ZONE,
            (
                f"暴露面为 {ctx.exposure}，但所选区域 {ctx.system['zone']} 与之不符",
                f"exposure is {ctx.exposure} but zone {ctx.system['zone']} does not match it",
            ),
            (
                "面向公众的系统放在公有云区（zone.internet），仅政务外网访问的系统放在政务外网区或专有云区",
                "put public services in the internet zone and extranet-only systems in the extranet or private zone",
            ),
        )
    if not internet_facing:
        for line in ctx.lines:
            if line.item is not None and line.item.kind == "NetworkService":
                yield violation(
                    (*line.path, "item"),
                    (
                        f"仅政务外网访问的系统不得申请 {line.item.id}（公网地址/带宽）",
                        f"an extranet-only system may not order {line.item.id} (public address or bandwidth)",
                    ),
                    (
                        "删除该行；如确需面向公众，请将暴露面改为 internet-facing 并放在公有云区",
                        "remove the line; if the system must serve the public, make it internet-facing in the internet zone",
                    ),
                )
    tiers = {line.data.get("tier"): line.count for line in ctx.compute_lines}
    for line in ctx.lines:
        if line.item is None or line.item.service != "floating-ip":
            continue
        servers = tiers.get(line.data.get("tier"), 0)
        if line.count > servers:
            yield violation(
                (*line.path, "tier"),
                (
                    f"浮动IP {line.count} 个，但层级 {line.data.get('tier')} 只有 {servers} 台云主机",
                    f"{line.count} floating IPs but tier {line.data.get('tier')} has {servers} servers",
                ),
                (
                    "浮动IP须指定有云主机的层级，数量不超过该层云主机数",
                    "give floating IPs the tier of the servers they serve, at most one per server",
                ),
            )
