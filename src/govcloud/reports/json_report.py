"""JSON for machines: every finding with file, line, field path, rule, requirements and both languages."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from govcloud import __version__
from govcloud.admission.rules import INPUT_RULE
from govcloud.reports.summary import counts

if TYPE_CHECKING:
    from collections.abc import Sequence

    from govcloud.admission.admit import FileResult
    from govcloud.admission.findings import Finding
    from govcloud.admission.rule import RuleInfo


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "ruleId": finding.rule_id,
        "severity": finding.severity.value,
        "requirements": list(finding.requirements),
        "field": finding.field,
        "path": list(finding.path),
        "line": finding.line,
        "message": finding.message._asdict(),
        "remediation": finding.remediation._asdict(),
    }


def _file(result: FileResult) -> dict[str, Any]:
    entry: dict[str, Any] = {"file": result.source, "status": result.status}
    if result.error is not None:
        entry["error"] = {
            "ruleId": INPUT_RULE.id,
            "requirements": list(INPUT_RULE.requirements),
            "code": result.error.code,
            "line": result.error.line,
            "message": result.error.text._asdict(),
        }
    else:
        entry.update(
            requestId=result.request_id, digest=result.digest, findings=[_finding(f) for f in result.findings]
        )
        if result.cost is not None:
            entry["cost"] = {
                "monthlyCny": result.cost.monthly_cny,
                "yearlyCny": result.cost.yearly_cny,
                "periodicYearlyCny": result.cost.periodic_yearly_cny,
                "lines": [
                    {"item": line.item_id, "units": line.units, "monthlyCny": line.monthly_cny}
                    for line in result.cost.lines
                ],
            }
    return entry


def render(results: Sequence[FileResult], rules: Sequence[RuleInfo]) -> str:
    """One JSON object: tool, summary, files, and the rules that were applied."""
    report = {
        "tool": {"name": "govcloud", "version": __version__},
        "summary": counts(results),
        "files": [_file(result) for result in results],
        "rules": [
            {
                "id": rule.id,
                "severity": rule.severity.value,
                "requirements": list(rule.requirements),
                "seedArticles": rule.seed_articles,
                "title": rule.title._asdict(),
            }
            for rule in rules
        ],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
