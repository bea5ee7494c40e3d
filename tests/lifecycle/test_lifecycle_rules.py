"""Every lifecycle rule id is registered once, with requirement IDs and a bilingual description, and used (LC-1, SEC-4).

The registry (``govcloud.lifecycle.rules``) is what the errors, verify's problems and the monthly
report's overdue items take their requirement IDs from, and what ``govcloud rules --layer lifecycle``
lists. The static test reads the lifecycle package and the lifecycle commands with ``ast``: every id
written at a raise site is registered for that kind of failure, and every registered id is raised
somewhere, so neither side can drift from the other.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from govcloud import requirements
from govcloud.admission.rules import all_request_rules
from govcloud.bilingual import Text
from govcloud.cli import main
from govcloud.lifecycle.errors import LifecycleError, RefusedError
from govcloud.lifecycle.gate import record_problems
from govcloud.lifecycle.monthly import Overdue
from govcloud.lifecycle.rule import LifecycleRule, Outcome
from govcloud.lifecycle.rules import ADMISSION_IDS, LIFECYCLE_RULES, all_lifecycle_rules
from govcloud.lifecycle.status import DEADLINES
from govcloud.lifecycle.verify import Problem
from govcloud.loader import load_path
from govcloud.policy.metadata import all_policy_rules
from govcloud.provisioning.gate import all_gate_rules

if TYPE_CHECKING:
    from conftest import Desk

SRC = Path(__file__).resolve().parents[2] / "src" / "govcloud"
TEXT = Text("原因", "reason")

ID_ARGUMENT: dict[str, tuple[int, str | None, Outcome]] = {
    "LifecycleError": (0, None, Outcome.UNUSABLE),
    "RefusedError": (0, None, Outcome.REFUSED),
    "_refuse": (0, None, Outcome.REFUSED),  # duties.py: every separation-of-duties refusal
    "require_role": (3, None, Outcome.REFUSED),  # duties.py require_role(event, allowed, role, rule_id)
    "Problem": (0, None, Outcome.PROBLEM),
    "_problem": (0, None, Outcome.PROBLEM),
    "Overdue": (2, "kind", Outcome.OVERDUE),
    "Flag": (0, "kind", Outcome.OVERDUE),  # maintenance_status.py: an OPS-1 flag of a maintenance window
    "Finding": (0, None, Outcome.DRIFT),  # drift.py: a configuration-drift finding (LC-8, OPS-2)
    "GovcloudError": (0, None, Outcome.UNUSABLE),
    "month": (1, None, Outcome.UNUSABLE),  # record_options.month(text, rule_id): the commands' --month
    "_pair": (1, None, Outcome.UNUSABLE),  # commands/lifecycle.py _pair(text, rule_id, option): KEY=VALUE
}
"""Call name -> (position of the id, its keyword, how a failure of that rule shows)."""


def _sources() -> list[Path]:
    """The lifecycle package and every command module that works on records."""
    commands = [
        path
        for path in sorted((SRC / "commands").glob("*.py"))
        if "govcloud.lifecycle" in path.read_text(encoding="utf-8") or path.name == "record_options.py"
    ]
    return sorted((SRC / "lifecycle").glob("*.py")) + commands


def _written_ids() -> list[tuple[str, str, Outcome]]:
    """``(where, id, outcome)`` for every string literal passed as a rule id at a raise site."""
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in ID_ARGUMENT:
                continue
            position, keyword, outcome = ID_ARGUMENT[name]
            given = node.args[position] if len(node.args) > position else None
            given = given or next((k.value for k in node.keywords if k.arg == keyword), None)
            if isinstance(given, ast.Constant) and isinstance(given.value, str):
                found.append((f"{path.relative_to(SRC)}:{node.lineno}", given.value, outcome))
    return found


def test_every_id_written_at_a_raise_site_is_registered_for_that_outcome() -> None:
    written = _written_ids()
    assert len(written) > 40, "the scan found too few raise sites: it no longer sees them"
    unregistered = [
        f"{where}: {rule_id} ({outcome})"
        for where, rule_id, outcome in written
        if not (
            (rule_id in LIFECYCLE_RULES and outcome in LIFECYCLE_RULES[rule_id].outcome)
            or (outcome is Outcome.UNUSABLE and rule_id in ADMISSION_IDS)
        )
    ]
    assert unregistered == []


def test_every_registered_id_and_outcome_is_raised_somewhere() -> None:
    written = {(rule_id, outcome) for _, rule_id, outcome in _written_ids()}
    registered = {
        (rule.id, part) for rule in all_lifecycle_rules() for part in Outcome if part in rule.outcome
    }
    registered |= {(rule_id, Outcome.UNUSABLE) for rule_id in ADMISSION_IDS}
    assert registered - written == set(), "registered but raised nowhere (dead, or raised another way)"


def test_the_scan_sees_each_kind_of_site() -> None:
    """A helper's literal, a method call's second argument, a dataclass's third: the scan reads each."""
    written = {(rule_id, outcome) for _, rule_id, outcome in _written_ids()}
    assert ("record-entry-parses", Outcome.PROBLEM) in written
    assert ("duties-four-eyes", Outcome.REFUSED) in written
    assert ("report-month-valid", Outcome.UNUSABLE) in written
    assert ("backup-missed", Outcome.OVERDUE) in written


def test_each_rule_cites_known_requirements_and_says_what_it_requires_in_both_languages() -> None:
    known = set(requirements.REQUIREMENTS)
    lacking = [
        rule.id
        for rule in all_lifecycle_rules()
        if not (rule.requirements and set(rule.requirements) <= known and rule.outcomes())
        or not (rule.description.zh and rule.description.en and rule.description.zh != rule.description.en)
    ]
    assert lacking == []
    assert len(LIFECYCLE_RULES) > 40


def test_no_lifecycle_id_shadows_a_request_policy_or_gate_rule() -> None:
    others = {r.id for r in all_request_rules()} | {r.id for r in all_policy_rules()}
    others |= {r.id for r in all_gate_rules()}
    assert not set(LIFECYCLE_RULES) & others


def test_admission_ids_the_lifecycle_raises_are_request_rules_citing_at_least_as_much() -> None:
    request_rules = {rule.id: rule for rule in all_request_rules()}
    for rule_id, cited in ADMISSION_IDS.items():
        assert set(cited) <= set(request_rules[rule_id].requirements), rule_id


def test_the_deadline_kind_cites_every_stage_deadline() -> None:
    assert set(LIFECYCLE_RULES["deadline"].requirements) == {d.requirement for d in DEADLINES.values()}


@pytest.mark.parametrize("rule", all_lifecycle_rules(), ids=lambda rule: rule.id)
def test_each_rule_is_constructed_only_as_what_it_is_registered_as(rule: LifecycleRule) -> None:
    """Each outcome constructs with the registry's requirements; any other fails at construction."""
    makers = {
        Outcome.UNUSABLE: lambda: LifecycleError(rule.id, "field", TEXT).requirements,
        Outcome.REFUSED: lambda: RefusedError(rule.id, "field", TEXT).requirements,
        Outcome.PROBLEM: lambda: Problem(rule.id, "REQ-1.jsonl:1", TEXT).requirements,
        Outcome.OVERDUE: lambda: tuple(Overdue("REQ-1", "单位", rule.id, "detail").requirement.split(", ")),
    }
    for outcome, make in makers.items():
        if outcome in rule.outcome:
            assert make() == rule.requirements
        else:
            with pytest.raises(KeyError, match=rule.id):
                make()


def test_an_unregistered_id_fails_where_it_is_raised() -> None:
    with pytest.raises(KeyError, match="record-typo"):
        LifecycleError("record-typo", "field", TEXT)
    with pytest.raises(KeyError, match="record-typo"):
        Problem("record-typo", "where", TEXT)
    with pytest.raises(KeyError, match="deadline-typo"):
        Overdue("REQ-1", "单位", "deadline-typo", "detail")


def test_a_deadline_item_cites_its_stage_and_nothing_unregistered() -> None:
    assert Overdue("REQ-1", "单位", "deadline", "detail", "LC-4").requirement == "LC-4"
    with pytest.raises(ValueError, match="not registered under EVAL-1"):
        Overdue("REQ-1", "单位", "deadline", "detail", "EVAL-1")


def test_an_error_prints_the_registered_requirements_unless_the_case_widens_them() -> None:
    error = RefusedError("duties-four-eyes", "--as", TEXT)
    assert (error.requirements, error.message()) == (
        ("SEC-4",),
        "--as (SEC-4): 原因 / reason [duties-four-eyes]",
    )
    staged = RefusedError("record-stage-allows", "event", TEXT, requirements=("LC-1", "LC-12"))
    assert staged.message() == "event (LC-1, LC-12): 原因 / reason [record-stage-allows]"


def test_the_gate_refuses_a_tampered_record_with_verify_registered_id(approved: Desk) -> None:
    """The stack gate passes verify's id through, with the registered rule's requirements and the entry named."""
    lines = approved.record.read_text(encoding="utf-8").splitlines()
    approved.record.write_text("\n".join(lines[:1] + lines[2:]) + "\n", encoding="utf-8")
    refusals = record_problems(load_path(approved.request).data, approved.records)
    removed = "REQ-2026-0042.jsonl #2：条目 #2 已被删除 / REQ-2026-0042.jsonl #2: entry #2 was removed"
    assert [item.line() for item in refusals] == [f"[record-entry-present] (LC-1, SEC-6, SEC-7) {removed}"]


def test_govcloud_rules_lists_the_lifecycle_layer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--layer", "lifecycle", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == sorted(LIFECYCLE_RULES)
    assert next(row for row in rows if row["id"] == "record-chain-intact") == {
        "id": "record-chain-intact",
        "layer": "lifecycle",
        "severity": "error",
        "enforcementLevel": "mandatory",
        "requirements": ["LC-1", "SEC-6", "SEC-7"],
        "title": {
            "zh": "每个条目须链接前一条目的摘要；未通过校验或末行损坏的记录不得追加",
            "en": "Every entry links to the hash of the one before; nothing is appended to a record that fails "
            "verification or whose last line is damaged",
        },
        "outcome": ["unusable (exit 2)", "refused (exit 1)", "record problem (verify exits 1, gate refuses)"],
    }
    assert next(row for row in rows if row["id"] == "backup-missed")["enforcementLevel"] == "advisory"
    assert main(["rules", "--format", "markdown"]) == 0
    docs = capsys.readouterr().out
    section = docs[docs.index("## Lifecycle / 生命周期") :]
    for rule_id in LIFECYCLE_RULES:
        assert f'<a id="{rule_id}"></a>`{rule_id}`' in section
    assert "`request-input-usable`" not in section.split("|", 1)[1], "admission's ids are listed once, above"
