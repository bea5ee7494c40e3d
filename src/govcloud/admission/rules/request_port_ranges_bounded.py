"""SEC-4: a range wider than ``maxPortRangeWidth`` needs an exception (and the authority at level 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import flows
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo
from govcloud.admission.rules._declared_flows import (
    all_flows,
    port_spans,
)
from govcloud.admission.rules._flow_exception import needs_exception
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-port-ranges-bounded",
    title=Text(
        "端口范围不得超过平台上限，除非说明理由",
        "Keep port ranges within the platform's bound, or justify them",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-3", "SEC-4"),
    seed_articles="000 Art. 89; GB/T 22239-2019 8.1.3.2 c)",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each flow with a port range wider than the platform allows, without its exception."""
    widest = ctx.catalogue.platform.network.max_port_range_width
    for path, entry in all_flows(ctx):
        for span, label in port_spans(entry):
            width = flows.width(span)
            if width > widest:
                yield from needs_exception(
                    ctx,
                    path,
                    entry,
                    (
                        f"端口范围 {label} 共 {width} 个端口，超过平台上限 {widest}",
                        f"port range {label} opens {width} ports, more than the platform's {widest}",
                    ),
                )
