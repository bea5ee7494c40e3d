"""SEC-3: from the internet an entry tier accepts web traffic only; nothing else can be waived."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls, flows
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.admission.rules._declared_flows import (
    ingress_flows,
)
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-internet-ingress-ports-only",
    title=Text("面向互联网只开放 80/443", "Open only 80 and 443 to the internet"),
    severity=Severity.ERROR,
    requirements=("SEC-3",),
    seed_articles="000 Art. 6; GB/T 22239-2019 8.1.3.1, 8.1.3.2",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each flow from the internet zone that opens anything but TCP 80/443."""
    if ctx.zone_item is None or not (
        ctx.zone_item.spec.get("internetFacing") and ctx.exposure == controls.INTERNET_FACING
    ):
        return
    allowed = set(controls.INTERNET_SERVICE_PORTS)
    for path, tier, entry in ingress_flows(ctx):
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
