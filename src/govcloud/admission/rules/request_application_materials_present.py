"""LC-2: approval number, finance approval, technical plan and self-test report, none a placeholder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-application-materials-present",
    title=Text("申请材料须齐全", "Provide every application material"),
    severity=Severity.ERROR,
    requirements=("LC-2",),
    seed_articles="001 Art. 12; 000 Art. 73(1); 002 Art. 7",
)

_PLACEHOLDERS = frozenset(
    {"待补充", "待定", "暂无", "无", "略", "tbd", "todo", "n/a", "na", "none", "-", "--", "xxx", "?"}
)
_MATERIALS = (
    (("projectApprovalNo",), ("项目批复文号", "project approval document number")),
    (("financeApproval", "documentNo"), ("财政/采购审批文号", "finance or procurement approval")),
    (("technicalPlanRef",), ("上云技术方案", "cloud technical plan")),
    (("selfTestReportRef",), ("性能及安全自测报告", "performance and security self-test report")),
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each material that is missing or a placeholder (待定, TBD, n/a...)."""
    materials = ctx.spec["materials"]
    for keys, (zh, en) in _MATERIALS:
        value: Any = materials
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        path = ("spec", "materials", *keys)
        if value is None or str(value).strip().lower() in _PLACEHOLDERS:
            shown = "缺失" if value is None else f"为占位内容“{value}”"
            yield violation(
                path,
                (
                    f"{zh}{shown}",
                    f"the {en} is {'missing' if value is None else f'a placeholder ({value!r})'}",
                ),
                (
                    f"填写{zh}；材料不全的申请不予受理",
                    f"give the {en}; incomplete applications are not accepted",
                ),
            )
