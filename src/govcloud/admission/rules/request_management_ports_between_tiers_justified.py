"""SEC-4: management (SSH, RDP, VNC, WinRM, telnet) comes from the bastion, never from a neighbour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls, flows
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo
from govcloud.admission.rules._declared_flows import (
    ingress_flows,
    port_spans,
)
from govcloud.admission.rules._flow_exception import needs_exception
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-management-ports-between-tiers-justified",
    title=Text(
        "层间不开放远程管理端口，除非说明理由",
        "Keep remote-management ports off flows between tiers, or justify them",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-4",),
    seed_articles="000 Art. 89; GB/T 22239-2019 8.1.3.2, 8.1.4.6 c)",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each ingress flow opening a management port, without its exception."""
    for path, tier, entry in ingress_flows(ctx):
        for span, label in port_spans(entry):
            if controls.opens_management_port(*span):
                source = "网络区域" if entry["from"] == flows.ZONE else f"层 {entry['from']}"
                source_en = "the zone" if entry["from"] == flows.ZONE else f"tier {entry['from']}"
                yield from needs_exception(
                    ctx,
                    path,
                    entry,
                    (
                        f"层 {tier} 接受来自{source}的远程管理端口 {label}（管理只能经堡垒机）",
                        f"tier {tier} accepts the management port {label} from {source_en} (management comes through the bastion)",
                    ),
                )
