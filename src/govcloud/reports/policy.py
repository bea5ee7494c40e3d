"""Policy-pack review reports for pull requests: SARIF 2.1.0, Markdown, JSON and text.

Every format carries severity, requirement IDs, enforcement level and waiver state. A waived finding
stays in the report (SARIF: a ``suppressions`` entry with the justification; Markdown: its own table),
and an expired waiver is named next to the finding it no longer covers.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from govcloud import __version__
from govcloud.policy.findings import ENGINE_EXCEPTION, EXPIRED, WAIVED, counts
from govcloud.policy.metadata import POLICY_RULES, SECURITY_SEVERITY, all_policy_rules
from govcloud.reports.sarif import log_text, rule_descriptor

if TYPE_CHECKING:
    from collections.abc import Callable

    from govcloud.policy.findings import PolicyFinding, Review

OFFLINE_BANNER = (
    "离线审查：规则包由 pulumi.policy 分析器在模拟资源上运行，不能替代引擎的 pulumi preview。 / "
    "Offline review: the real pack ran in the real analyzer over the stack program's resources captured "
    "under Pulumi mocks. It is not a substitute for `pulumi preview --policy-pack policies`."
)
_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}


def _sarif_level(finding: PolicyFinding) -> str:
    if finding.enforcement != "mandatory":
        return "warning" if _LEVEL.get(finding.severity) == "error" else _LEVEL.get(finding.severity, "note")
    return _LEVEL.get(finding.severity, "error")


def _waiver_text(finding: PolicyFinding) -> str:
    waiver = finding.waiver
    if finding.waiver_state == ENGINE_EXCEPTION:
        return "; ".join(f"{item.id}: {item.reason}" for item in finding.engine_exceptions)
    if waiver is None:
        return ""
    return f"{waiver.id} ({waiver.approver}, until {waiver.expires}): {waiver.justification.en}"


def _sarif_rule(rule_id: str) -> dict[str, Any]:
    rule = POLICY_RULES.get(rule_id)
    if rule is None:
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": rule_id}}
    descriptor = rule_descriptor(
        rule.id,
        rule.title.en,
        f"{rule.description} / {rule.title.zh} ({rule.seed_articles}; {rule.mlps_clause})",
        level=_LEVEL[rule.severity],
        security_severity=SECURITY_SEVERITY[rule.severity],
        requirements=rule.requirements,
        tags=("crossguard",),
        severity=rule.severity,
        enforcementLevel=rule.enforcement,
    )
    return {
        **descriptor,
        "help": {"text": f"{rule.remediation.en} / {rule.remediation.zh}"},
        "helpUri": f"https://govcloud-iac.example/docs/rules#{rule.id}",
    }


def _sarif_result(finding: PolicyFinding, index: dict[str, int]) -> dict[str, Any]:
    fingerprint = hashlib.sha256(f"{finding.policy}|{finding.urn}|{finding.message}".encode()).hexdigest()
    result: dict[str, Any] = {
        "ruleId": finding.policy,
        "ruleIndex": index[finding.policy],
        "level": _sarif_level(finding),
        "message": {"text": finding.message},
        "locations": [
            {
                "logicalLocations": [
                    {
                        "name": finding.resource_name,
                        "fullyQualifiedName": finding.urn or "(stack)",
                        "kind": "resource",
                    }
                ]
            }
        ],
        "partialFingerprints": {"govcloudPolicy/v1": fingerprint},
        "properties": {
            "requirements": list(finding.requirements),
            "severity": finding.severity,
            "enforcementLevel": finding.enforcement,
            "blocking": finding.blocking,
            "waiverState": finding.waiver_state,
            "security-severity": SECURITY_SEVERITY.get(finding.severity, "5.0"),
        },
    }
    if finding.waiver_state in (WAIVED, ENGINE_EXCEPTION):
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": _waiver_text(finding)}
        ]
    elif finding.waiver_state == EXPIRED:
        result["properties"]["expiredWaiver"] = _waiver_text(finding)
    return result


def sarif(review: Review) -> str:
    """One SARIF run: every pack rule, every finding; waived ones carry a suppression."""
    rule_ids = [rule.id for rule in all_policy_rules()]
    rule_ids += sorted({finding.policy for finding in review.findings} - set(rule_ids))
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    notifications = [
        {"level": "warning", "message": {"text": f"skipped during preview: {text}"}}
        for text in review.skipped
    ]
    properties = {"mode": review.mode, "source": review.source, "summary": counts(review)}
    if review.mode == "offline":
        properties["notice"] = OFFLINE_BANNER
    results = [_sarif_result(finding, index) for finding in review.findings]
    text = log_text([_sarif_rule(rule_id) for rule_id in rule_ids], results, [], properties)
    if notifications:
        log = json.loads(text)
        log["runs"][0]["invocations"][0]["toolExecutionNotifications"] = notifications
        text = json.dumps(log, ensure_ascii=False, indent=2) + "\n"
    return text


def _finding_json(finding: PolicyFinding) -> dict[str, Any]:
    waiver = finding.waiver
    return {
        "policy": finding.policy,
        "pack": finding.pack,
        "urn": finding.urn,
        "resource": finding.resource_name,
        "resourceType": finding.resource_type,
        "message": finding.message,
        "enforcementLevel": finding.enforcement,
        "severity": finding.severity,
        "requirements": list(finding.requirements),
        "blocking": finding.blocking,
        "waiverState": finding.waiver_state,
        "waiver": None
        if waiver is None
        else {
            "id": waiver.id,
            "approver": waiver.approver,
            "requester": waiver.requester,
            "expires": waiver.expires.isoformat(),
            "justification": waiver.justification._asdict(),
        },
        "engineExceptions": [{"id": item.id, "reason": item.reason} for item in finding.engine_exceptions],
    }


def json_report(review: Review) -> str:
    """One JSON object: tool, mode, summary, findings, skipped policies."""
    report = {
        "tool": {"name": "govcloud", "version": __version__},
        "mode": review.mode,
        "source": review.source,
        "notice": OFFLINE_BANNER if review.mode == "offline" else None,
        "summary": counts(review),
        "findings": [_finding_json(finding) for finding in review.findings],
        "skippedDuringPreview": review.skipped,
        "notApplicable": review.not_applicable,
        "notes": review.notes,
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_ICON = {"critical": "🛑 critical", "high": "❌ high", "medium": "⚠️ medium", "low": "ℹ️ low"}


def markdown(review: Review) -> str:
    """A pull-request comment: verdict, blocking findings, advisory findings, waived findings."""
    c = counts(review)
    verdict = "❌ blocked / 不通过" if c["blocking"] else "✅ passes / 通过"
    out = ["## CrossGuard policy review / 合规策略审查", ""]
    if review.mode == "offline":
        out += [f"> {OFFLINE_BANNER}", ""]
    summary = (
        f"**{verdict}** — {c['blocking']} blocking, {c['advisory']} advisory, {c['waived']} waived, "
        f"{c['expiredWaivers']} with an expired waiver, {c['skippedDuringPreview']} skipped during preview "
        f"({c['resources']} resources, source `{_cell(review.source)}`)."
    )
    out += [summary, ""]
    sections: list[tuple[str, Callable[[PolicyFinding], bool]]] = [
        ("Blocking (mandatory) / 阻断", lambda f: f.blocking),
        (
            "Advisory / 建议",
            lambda f: f.enforcement != "mandatory" and f.waiver_state not in (WAIVED, ENGINE_EXCEPTION),
        ),
        ("Waived / 已豁免 (still reported)", lambda f: f.waiver_state in (WAIVED, ENGINE_EXCEPTION)),
    ]
    for title, keep in sections:
        rows = [finding for finding in review.findings if keep(finding)]
        if not rows:
            continue
        out += [
            f"### {title}",
            "",
            "| Severity | Policy | Requirements | Resource | Message | Waiver |",
            "|---|---|---|---|---|---|",
        ]
        for f in rows:
            waiver = _waiver_text(f)
            if f.waiver_state == EXPIRED:
                waiver = f"⌛ expired: {waiver}"
            out.append(
                f"| {_ICON.get(f.severity, f.severity)} | `{f.policy}` | {', '.join(f.requirements)} | "
                f"`{_cell(f.resource_name)}` | {_cell(f.message)} | {_cell(waiver)} |"
            )
        out.append("")
    if review.skipped:
        out += ["### Skipped during preview / 预览时无法判断", ""]
        out += [f"- {_cell(text)}" for text in review.skipped]
        out.append("")
    return "\n".join(out)


def text(review: Review) -> str:
    """Plain text for a terminal."""
    lines = []
    if review.mode == "offline":
        lines += [OFFLINE_BANNER, ""]
    for f in review.findings:
        state = "" if f.waiver_state == "none" else f" [{f.waiver_state}: {_waiver_text(f)}]"
        lines.append(
            f"{f.enforcement} {f.severity} {f.policy} [{', '.join(f.requirements)}] {f.resource_name}{state}"
        )
        lines.append(f"  {f.message}")
    lines += [f"skipped during preview: {item}" for item in review.skipped]
    c = counts(review)
    lines.append(
        f"{c['findings']} finding(s): {c['blocking']} blocking, {c['advisory']} advisory, {c['waived']} waived, "
        f"{c['expiredWaivers']} expired waiver(s); {c['resources']} resource(s)"
    )
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[Review], str]] = {
    "sarif": sarif,
    "markdown": markdown,
    "json": json_report,
    "text": text,
}
