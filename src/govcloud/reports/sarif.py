"""SARIF 2.1.0 for code scanning: rules with severities, results located by file and line.

Severities are always filled in (``level`` and GitHub's ``security-severity``), the gap users
report in other scanners' open-source SARIF.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from govcloud import __version__
from govcloud.admission.rules import INPUT_RULE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from govcloud.admission.admit import FileResult
    from govcloud.admission.findings import Finding
    from govcloud.admission.rule import RuleInfo

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_SECURITY_SEVERITY = {"error": "8.0", "warning": "5.0", "note": "2.0"}


def rule_descriptor(  # noqa: PLR0913 - the fields code scanning shows for a rule
    rule_id: str,
    title: str,
    full_text: str,
    *,
    level: str,
    security_severity: str,
    requirements: Sequence[str],
    tags: Sequence[str] = (),
    **properties: str,
) -> dict[str, Any]:
    """One rule as code scanning lists it, admission's and the pack's alike: severities and requirement IDs."""
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": title},
        "fullDescription": {"text": full_text},
        "defaultConfiguration": {"level": level},
        "properties": {
            "requirements": list(requirements),
            **properties,
            "security-severity": security_severity,
            "tags": ["security", "compliance", *tags, *requirements],
        },
    }


def _rule(rule: RuleInfo) -> dict[str, Any]:
    return rule_descriptor(
        rule.id,
        rule.title.en,
        f"{rule.title.en} / {rule.title.zh} ({', '.join(rule.requirements)}; {rule.seed_articles})",
        level=rule.severity.value,
        security_severity=_SECURITY_SEVERITY[rule.severity.value],
        requirements=rule.requirements,
        seedArticles=rule.seed_articles,
    )


def _result(source: str, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": source}}
    if finding.line:
        location["region"] = {"startLine": finding.line}
    fingerprint = hashlib.sha256(f"{finding.rule_id}|{source}|{finding.field}".encode()).hexdigest()
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": index[finding.rule_id],
        "level": finding.severity.value,
        "message": {
            "text": f"{finding.field}: {finding.message.en} / {finding.message.zh}. "
            f"Fix: {finding.remediation.en} / {finding.remediation.zh}"
        },
        "locations": [
            {"physicalLocation": location, "logicalLocations": [{"fullyQualifiedName": finding.field}]}
        ],
        "partialFingerprints": {"govcloudFinding/v1": fingerprint},
        "properties": {
            "requirements": list(finding.requirements),
            "security-severity": _SECURITY_SEVERITY[finding.severity.value],
        },
    }


def render(results: Sequence[FileResult], rules: Sequence[RuleInfo]) -> str:
    """One run: every rule, every finding; unusable files become tool notifications."""
    index = {rule.id: position for position, rule in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {
                "text": f"{result.source}: unusable input [{result.error.code}] ({', '.join(INPUT_RULE.requirements)}): "
                f"{result.error.text.en} / {result.error.text.zh}"
            },
            "associatedRule": {"id": INPUT_RULE.id, "index": index[INPUT_RULE.id]},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": result.source}}}],
        }
        for result in results
        if result.error is not None
    ]
    return log_text([_rule(rule) for rule in rules], results_list(results, index), notifications)


def results_list(results: Sequence[FileResult], index: dict[str, int]) -> list[dict[str, Any]]:
    """Every admission finding as a SARIF result."""
    return [_result(result.source, finding, index) for result in results for finding in result.findings]


def log_text(
    rules: list[dict[str, Any]],
    results: list[dict[str, Any]],
    notifications: list[dict[str, Any]],
    properties: dict[str, Any] | None = None,
) -> str:
    """One SARIF 2.1.0 log with one govcloud run; shared by admission and policy-pack reports."""
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "govcloud",
                "version": __version__,
                "informationUri": "https://govcloud-iac.example/",
                "rules": rules,
            }
        },
        "invocations": [
            {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
        ],
        "results": results,
    }
    if properties:
        run["properties"] = properties
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
