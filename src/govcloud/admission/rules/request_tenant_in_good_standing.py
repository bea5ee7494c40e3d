"""EVAL-5: a tenant with unresolved violations gets no new resources until it complies (000 Art. 97)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text
from govcloud.lifecycle import violations

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-tenant-in-good-standing",
    title=Text(
        "有未整改违规的单位不得新增资源", "Give no new resources to a tenant with unresolved violations"
    ),
    severity=Severity.ERROR,
    requirements=("EVAL-5",),
    seed_articles="000 Art. 97",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """The tenant's unit, when the violation register has open violations for it."""
    unit = ctx.spec["tenant"]["unit"]["zh"]
    open_ = violations.open_for(unit)
    if open_:
        ids = ", ".join(v["id"] for v in open_[:5])
        yield violation(
            ("spec", "tenant", "unit"),
            (
                f"{unit} 有 {len(open_)} 项未整改的违规（{ids}）",
                f"{unit} has {len(open_)} unresolved violation(s) ({ids})",
            ),
            (
                "先按利用率评估建议降配或回收资源，再由提供方登记整改（govcloud usage resolve）",
                "scale down or release the flagged resources first; the provider then resolves them (govcloud usage resolve)",
            ),
        )
