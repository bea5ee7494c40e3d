"""LC-2, CAT-2: the finance approval must cover what the order costs at the catalogue's prices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-cost-within-budget",
    title=Text(
        "按目录价格测算的年费用不得超出财政批复预算",
        "Keep the catalogue-priced yearly cost within the approved budget",
    ),
    severity=Severity.ERROR,
    requirements=("LC-2", "CAT-2"),
    seed_articles="001 Art. 12, 27; 000 Art. 71, 73(1)",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """The budget, when the yearly cost at catalogue prices exceeds it."""
    budget = ctx.spec["materials"].get("financeApproval", {}).get("budgetCny")
    if budget is None or ctx.cost.yearly_cny <= budget:
        return
    yearly, monthly = ctx.cost.yearly_cny, ctx.cost.monthly_cny
    yield violation(
        ("spec", "materials", "financeApproval", "budgetCny"),
        (
            f"按目录价格测算年费用 {yearly:,.2f} 元（每月 {monthly:,.2f} 元），超出财政批复预算 {budget:,.2f} 元",
            (
                f"the order costs {yearly:,.2f} CNY a year at catalogue prices ({monthly:,.2f} a month), "
                f"above the approved budget of {budget:,.2f} CNY"
            ),
        ),
        (
            "压缩资源，或取得覆盖该费用的财政批复",
            "reduce the order, or obtain a finance approval that covers it",
        ),
    )
