"""Plain text for a terminal: one block per finding, Chinese then English, then what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.admission.rules import INPUT_RULE
from govcloud.reports.summary import sentence

if TYPE_CHECKING:
    from collections.abc import Sequence

    from govcloud.admission.admit import FileResult
    from govcloud.admission.rule import RuleInfo


def _cost(result: FileResult) -> str:
    if result.cost is None:
        return ""
    return f"; 目录价每月 {result.cost.monthly_cny:,.2f} 元 / {result.cost.monthly_cny:,.2f} CNY a month"


def render(results: Sequence[FileResult], rules: Sequence[RuleInfo]) -> str:  # noqa: ARG001 - same signature for every format
    """Render every file's outcome and a summary."""
    lines: list[str] = []
    for result in results:
        if result.error is not None:
            where = f"{result.source}:{result.error.line}" if result.error.line else result.source
            lines.append(
                f"{where}: error {INPUT_RULE.id} [{', '.join(INPUT_RULE.requirements)}] unusable input [{result.error.code}]"
            )
            lines.append(f"  {result.error.text.zh}")
            lines.append(f"  {result.error.text.en}")
            continue
        if not result.findings:
            lines.append(f"{result.source}: ok ({result.request_id}{_cost(result)})")
            continue
        for finding in result.findings:
            where = f"{result.source}:{finding.line}" if finding.line else result.source
            requirements = ", ".join(finding.requirements)
            lines.append(
                f"{where}: {finding.severity.value} {finding.rule_id} [{requirements}] at {finding.field}"
            )
            lines.append(f"  {finding.message.zh}")
            lines.append(f"  {finding.message.en}")
            lines.append(f"  处理 / Fix: {finding.remediation.zh}")
            lines.append(f"               {finding.remediation.en}")
    zh, en = sentence(results)
    lines.extend(["", zh, en])
    return "\n".join(lines) + "\n"
