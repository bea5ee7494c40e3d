"""SEC-3: egress wider than ``minEgressPrefixLength`` (0.0.0.0/1 as much as 0.0.0.0/0) needs an exception."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo
from govcloud.admission.rules._declared_flows import (
    egress_flows,
    parse_network,
)
from govcloud.admission.rules._flow_exception import needs_exception
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-egress-destinations-bounded",
    title=Text(
        "出站只到具名的目的网段，不到整个互联网", "Send egress to named networks, not to the whole internet"
    ),
    severity=Severity.ERROR,
    requirements=("SEC-3", "SEC-11"),
    seed_articles="000 Art. 6; GB/T 22239-2019 8.1.3.1 b), 8.1.3.2",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each egress flow to a network wider than the platform's shortest prefix, without its exception."""
    shortest = ctx.catalogue.platform.network.min_egress_prefix
    for path, entry in egress_flows(ctx):
        destination = str(entry["to"])
        if parse_network(destination) is None:
            continue  # request-network-flows-consistent reports it
        if controls.egress_too_wide(destination, shortest):
            yield from needs_exception(
                ctx,
                path,
                entry,
                (
                    f"出站目的 {destination} 宽于平台允许的最短前缀（相当于整个互联网）",
                    f"egress to {destination} is wider than the platform's shortest prefix (the whole internet)",
                ),
            )
