"""SEC-1: a classified system is refused outright."""

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
    id="request-no-classified-data",
    title=Text("政务云不得处理涉密信息", "Keep classified (涉密) data off the government cloud"),
    severity=Severity.ERROR,
    requirements=("SEC-1",),
    seed_articles="000 Art. 65, 94; 001 Art. 3",
)

_CLASSIFICATION = ("spec", "system", "dataClassification")


def check(ctx: RequestContext) -> Iterator[Violation]:
    """The classification, when it is classified."""
    if controls.is_classified(ctx.classification):
        yield violation(
            _CLASSIFICATION,
            (
                "系统处理涉密信息，政务云只承载非涉密系统和数据",
                "the system processes classified data; the government cloud hosts non-classified systems only",
            ),
            (
                "涉密系统请按保密规定部署在涉密网络，不得提交上云申请",
                "deploy classified systems on a classified network under the secrecy rules; do not request cloud resources for them",
            ),
        )
