"""Markdown for a pull-request comment: a summary line, then a table per file with findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.admission.rules import INPUT_RULE
from govcloud.reports.summary import sentence

if TYPE_CHECKING:
    from collections.abc import Sequence

    from govcloud.admission.admit import FileResult
    from govcloud.admission.rule import RuleInfo

_ICON = {"error": "❌ error", "warning": "⚠️ warning", "note": "ℹ️ note"}


def _cell(text: str) -> str:
    """Escape what would break a table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def render(results: Sequence[FileResult], rules: Sequence[RuleInfo]) -> str:  # noqa: ARG001 - same signature for every format
    """A heading, the summary, and one section per file that is not clean."""
    zh, en = sentence(results)
    out = ["## 上云申请准入检查 / Request admission", "", f"{zh}  ", en, ""]
    for result in results:
        if result.error is not None:
            out += [
                f"### `{_cell(result.source)}` — unusable / 无法读取",
                "",
                (
                    f"❌ `{INPUT_RULE.id}` ({', '.join(INPUT_RULE.requirements)}) `{result.error.code}`: "
                    f"{_cell(result.error.text.zh)} / {_cell(result.error.text.en)}"
                ),
                "",
            ]
        elif result.findings:
            out += [
                f"### `{_cell(result.source)}` ({result.request_id})",
                "",
                "| Severity | Rule | Requirements | Field | Line | 问题 / Problem | 处理 / Fix |",
                "|---|---|---|---|---|---|---|",
            ]
            out += [
                f"| {_ICON[f.severity.value]} | `{f.rule_id}` | {', '.join(f.requirements)} | `{_cell(f.field)}` | "
                f"{f.line or ''} | {_cell(f.message.zh)}<br>{_cell(f.message.en)} | "
                f"{_cell(f.remediation.zh)}<br>{_cell(f.remediation.en)} |"
                for f in result.findings
            ]
            out.append("")
        else:
            cost = f", {result.cost.monthly_cny:,.2f} CNY/month 每月" if result.cost else ""
            out += [f"- ✅ `{_cell(result.source)}` ({result.request_id}{cost}) clean / 通过", ""]
    return "\n".join(out)
