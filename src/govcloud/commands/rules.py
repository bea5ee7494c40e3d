"""``govcloud rules``: every request, policy-pack, provisioning-gate, lifecycle rule and input code with its requirements.

``--format json`` is for machines, the table for people, and ``--format markdown`` is ``docs/rules.md``
(generated: ``govcloud rules --format markdown > docs/rules.md``; a test keeps the file up to date).
Each layer comes from its registry (``govcloud.admission.rules``, ``govcloud.policy.metadata``,
``govcloud.provisioning.gate``, ``govcloud.lifecycle.rules``, ``govcloud.input_rules``), which is also what
the reports, the pack, the gate, the lifecycle commands and the errors read; :func:`layer_of` finds any
code a command prints in them.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, Protocol

from govcloud.admission.findings import Severity
from govcloud.admission.rules import all_request_rules
from govcloud.input_rules import OUTCOMES, SOURCES, all_input_rules
from govcloud.lifecycle.rule import Outcome
from govcloud.lifecycle.rules import all_lifecycle_rules
from govcloud.policy.metadata import ADVISORY, MANDATORY, all_policy_rules
from govcloud.provisioning.gate import all_gate_rules

if TYPE_CHECKING:
    import argparse

    from govcloud.bilingual import Text
    from govcloud.commands import SubParsers

GATE_LAYER = "provisioning-gate"
"""The gate refuses before any resource is registered (``stacks/program.py``, ``govcloud provision``)."""
_REQUEST_ENFORCEMENT = {Severity.ERROR: MANDATORY, Severity.WARNING: MANDATORY, Severity.NOTE: ADVISORY}
"""Admission blocks at ``--fail-on warning`` (the default), so errors and warnings are mandatory."""
LIFECYCLE_LAYER = "lifecycle"
"""The lifecycle commands refuse or reject input; verify reports a record's problems; the monthly report its overdue items."""
INPUT_LAYER = "input"
"""The codes of unusable input (and the rigs' few refusals and failures) that no other layer holds."""
LAYERS = ("all", "request", "policy", "gate", "lifecycle", "input")


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud rules``."""
    parser = subparsers.add_parser(
        "rules",
        help="list every rule (request, policy pack, gate, lifecycle, input) with requirement IDs and enforcement",
        description="List every admission and policy-pack rule. Example: govcloud rules --format json",
    )
    parser.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    parser.add_argument("--layer", choices=LAYERS, default="all")
    parser.set_defaults(handler=run)


def rows(layer: str = "all") -> list[dict[str, Any]]:
    """One row per rule, request rules first, in the shape ``--format json`` prints."""
    out: list[dict[str, Any]] = []
    if layer in ("all", "request"):
        out += [
            {
                "id": rule.id,
                "layer": "request",
                "severity": rule.severity.value,
                "enforcementLevel": _REQUEST_ENFORCEMENT[rule.severity],
                "requirements": list(rule.requirements),
                "seedArticles": rule.seed_articles,
                "title": rule.title._asdict(),
            }
            for rule in all_request_rules()
        ]
    if layer in ("all", "policy"):
        out += [
            {
                "id": rule.id,
                "layer": rule.layer,
                "severity": rule.severity,
                "enforcementLevel": rule.enforcement,
                "requirements": list(rule.requirements),
                "seedArticles": rule.seed_articles,
                "title": rule.title._asdict(),
                "description": rule.description,
                "mlpsClause": rule.mlps_clause,
                "resourceTypes": list(rule.resource_types),
                "config": list(rule.config_keys),
                "remediation": rule.remediation._asdict(),
                "remediates": rule.remediates,
            }
            for rule in all_policy_rules()
        ]
    if layer in ("all", "gate"):
        out += [_row(GATE_LAYER, rule, check=rule.check) for rule in all_gate_rules()]
    if layer in ("all", "lifecycle"):
        out += [
            _row(LIFECYCLE_LAYER, rule, outcome=rule.outcomes())
            if rule.outcome is not Outcome.OVERDUE
            else _row(
                LIFECYCLE_LAYER, rule, severity="warning", enforcement=ADVISORY, outcome=rule.outcomes()
            )
            for rule in all_lifecycle_rules()
        ]
    if layer in ("all", "input"):
        out += [
            _row(INPUT_LAYER, rule, source=rule.source, outcome=[OUTCOMES[rule.exit_code]])
            for rule in all_input_rules()
        ]
    return out


class _Registered(Protocol):
    """A gate rule, a lifecycle rule or an input code: what a row needs of it."""

    @property
    def id(self) -> str: ...
    @property
    def requirements(self) -> tuple[str, ...]: ...
    @property
    def description(self) -> Text: ...


def _row(
    layer: str, rule: _Registered, *, severity: str = "error", enforcement: str = MANDATORY, **extra: object
) -> dict[str, Any]:
    """A row of the layers whose rules have one description: id, layer, level, requirements, title, then extra."""
    return {
        "id": rule.id,
        "layer": layer,
        "severity": severity,
        "enforcementLevel": enforcement,
        "requirements": list(rule.requirements),
        "title": rule.description._asdict(),
        **extra,
    }


def layer_of(code: str) -> str:
    """The layer of every registry that holds ``code`` (a rule id, an input code); ``KeyError`` naming it if none."""
    layers: dict[str, str] = {row["id"]: row["layer"] for row in rows()}
    if code not in layers:
        message = f"{code!r} is registered in no layer of govcloud rules"
        raise KeyError(message)
    return layers[code]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown() -> str:
    """``docs/rules.md``: both layers, then the pack's config keys."""
    from govcloud.policy.config import DESCRIPTIONS  # noqa: PLC0415 - only the docs need it

    request = rows("request")
    policy = rows("policy")
    gate = rows("gate")
    lifecycle = rows("lifecycle")
    out = [
        "# Rules / 规则",
        "",
        "<!-- Generated by `govcloud rules --format markdown > docs/rules.md`; do not edit by hand. -->",
        "",
        (
            f"{len(request)} request rules (admission, before Pulumi) and {len(policy)} policy-pack rules "
            f"({sum(r['layer'] == 'policy-resource' for r in policy)} resource, "
            f"{sum(r['layer'] == 'policy-stack' for r in policy)} stack) in `policies/` "
            "(`pulumi preview --policy-pack policies`). Decisions both layers make — classified data (SEC-1), "
            "level within the platform (SEC-2), encryption (SEC-11), crypto (SEC-6), level-3 protections "
            "(SEC-10, OPS-3) — are one predicate in `govcloud.controls`, called from both."
        ),
        "",
        "## Request rules (admission) / 申请准入规则",
        "",
        "| Rule | Severity | Enforcement | Requirements | Seed articles | Title |",
        "|---|---|---|---|---|---|",
    ]
    out += [
        f"| `{r['id']}` | {r['severity']} | {r['enforcementLevel']} | {', '.join(r['requirements'])} | "
        f"{_cell(r['seedArticles'])} | {_cell(r['title']['zh'])} / {_cell(r['title']['en'])} |"
        for r in request
    ]
    out += [
        "",
        "## Policy-pack rules (CrossGuard) / 合规策略规则",
        "",
        (
            "Enforcement is mandatory unless the regulation says *should* (advisory). Only the two metadata rules can "
            "remediate (enforcement level `remediate` in the pack config): they fill the keys the approved request "
            "determines (request id and digest, level, classification, zone) — metadata updates in place, never "
            "replaces a server or volume. Waivers: `policies/waivers.yaml` (schema `catalog/schemas/waiver-1.0.json`)."
        ),
        "",
        "| Rule | Layer | Severity | Enforcement | Requirements | 等保 clause | Seed articles | Description | Config |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    out += [
        f'| <a id="{r["id"]}"></a>`{r["id"]}` | {r["layer"]} | {r["severity"]} | {r["enforcementLevel"]}'
        f"{' (remediates)' if r['remediates'] else ''} | {', '.join(r['requirements'])} | {_cell(r['mlpsClause'])} | "
        f"{_cell(r['seedArticles'])} | {_cell(r['description'])} | {', '.join(f'`{k}`' for k in r['config'])} |"
        for r in policy
    ]
    out += [
        "",
        "## Provisioning gate / 部署闸门",
        "",
        (
            f"{len(gate)} refusals of the gate `pulumi up` (`stacks/program.py`) and `govcloud provision` pass "
            "before any resource is registered: the stack's settings, its catalogue, the request's admission "
            "(refused with the request rules above), the approval and the lifecycle record, the stack itself. "
            "A record that does not verify is refused with the id of the `govcloud verify` check that failed "
            "(a lifecycle rule, below)."
        ),
        "",
        "| Rule | Requirements | Description | Checked by |",
        "|---|---|---|---|",
    ]
    out += [
        f'| <a id="{r["id"]}"></a>`{r["id"]}` | {", ".join(r["requirements"])} | '
        f"{_cell(r['title']['zh'])} / {_cell(r['title']['en'])} | `{r['check']}` |"
        for r in gate
    ]
    out += [
        "",
        "## Lifecycle / 生命周期",
        "",
        (
            f"{len(lifecycle)} rules of the lifecycle commands (`submit` ... `record`, `change`, `verify`, `keys`, "
            "`decommission`, `incident`, `suspend`, `resume`, `teardown`, `backup`, `bill`, `report monthly`): "
            "unusable input exits 2, a refusal "
            "exits 1, both before anything is written; a record problem is what `govcloud verify` reports "
            "(exit 1) and the gate refuses with; an overdue item is listed by the monthly report. "
            "An unreadable request is `request-input-usable` or `request-schema-valid`, the request rules above."
        ),
        "",
        "| Rule | Requirements | Outcome | Description |",
        "|---|---|---|---|",
    ]
    out += [
        f'| <a id="{r["id"]}"></a>`{r["id"]}` | {", ".join(r["requirements"])} | {"; ".join(r["outcome"])} | '
        f"{_cell(r['title']['zh'])} / {_cell(r['title']['en'])} |"
        for r in lifecycle
    ]
    out += _input_section(rows("input"))
    out += [
        "",
        "## Running the pack / 运行方式",
        "",
        "```sh",
        "govcloud review --stack gov-portal --write-config gov-portal.policy.json   # per-stack config from the request",
        "pulumi preview --stack gov-portal --policy-pack policies \\",
        "  --policy-pack-config gov-portal.policy.json --event-log preview.jsonl      # blocks on mandatory violations",
        "govcloud review --event-log preview.jsonl --format sarif --output policy.sarif  # PR report (also markdown, json)",
        "govcloud review --stack gov-portal --offline --format markdown             # no engine: mocks + real analyzer",
        "```",
        "",
        (
            "`govcloud review` exits 0 when no unwaived mandatory violation remains, 1 otherwise, 2 on unusable input. "
            "Example configs for a strict and a lenient environment: `policies/config/strict.json`, "
            "`policies/config/lenient.json`."
        ),
    ]
    out += ["", "## Policy-pack config keys / 策略配置项", "", "| Key | Meaning |", "|---|---|"]
    out += [f"| `{key}` | {_cell(text)} |" for key, text in sorted(DESCRIPTIONS.items())]
    return "\n".join(out) + "\n"


def _input_section(inputs: list[dict[str, Any]]) -> list[str]:
    """The input codes, one table per source, after the lifecycle's."""
    out = [
        "",
        "## Unusable input / 输入不可用",
        "",
        (
            f"{len(inputs)} codes of the errors that no layer above holds: the hardened loader's, the project "
            "folder's, the commands' options and output, the engine and the pack's inputs, the hardening inputs "
            "(their codes are the requirement IDs they serve) and the test rigs. Each is unusable input (exit 2, "
            "nothing judged or written) unless its outcome says otherwise. `GovcloudError` refuses a code not "
            "registered here (`govcloud.input_rules`) when it is constructed. A code cites a requirement only "
            "where refusing that input enforces it: the loader's codes cite none, as the rule of the caller (a "
            "request rule, a lifecycle rule) says what the file is for."
        ),
    ]
    for source, heading in SOURCES.items():
        out += [
            "",
            f"### {heading.en} / {heading.zh}",
            "",
            "| Code | Requirements | Outcome | Description |",
            "|---|---|---|---|",
        ]
        out += [
            f'| <a id="{r["id"]}"></a>`{r["id"]}` | {", ".join(r["requirements"]) or "—"} | {r["outcome"][0]} | '
            f"{_cell(r['title']['zh'])} / {_cell(r['title']['en'])} |"
            for r in inputs
            if r["source"] == source
        ]
    return out


def run(args: argparse.Namespace) -> int:
    """Print the rule list in the chosen format."""
    if args.format == "json":
        sys.stdout.write(json.dumps(rows(args.layer), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(markdown())
    else:
        for row in rows(args.layer):
            requirements = ",".join(row["requirements"])
            print(
                f"{row['id']:<68} {row['layer']:<15} {row['severity']:<8} {row['enforcementLevel']:<9} "
                f"{requirements:<18} {row['title']['en']}"
            )
    return 0
