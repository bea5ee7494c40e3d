"""Admission reports: human text, JSON, Markdown for a pull-request comment, and SARIF 2.1.0."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.reports import json_report, markdown, sarif, text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from govcloud.admission.admit import FileResult
    from govcloud.admission.rule import RuleInfo

RENDERERS: dict[str, Callable[[Sequence[FileResult], Sequence[RuleInfo]], str]] = {
    "text": text.render,
    "json": json_report.render,
    "markdown": markdown.render,
    "sarif": sarif.render,
}


def render(fmt: str, results: Sequence[FileResult], rules: Sequence[RuleInfo]) -> str:
    """Render results in one of ``RENDERERS``' formats."""
    return RENDERERS[fmt](results, rules)
