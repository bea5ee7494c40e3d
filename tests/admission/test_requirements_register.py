"""The requirement register is the project's own, generated from the code, and complete (every ID).

``docs/requirements.md`` must be what ``govcloud requirements --format markdown`` prints now; every ID
is enforced by a rule or task and a test, or says why not; and nothing the project ships reads or
names a folder beside the checkout (a user's clone has none).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from govcloud.bilingual import Text
from govcloud.cli import main
from govcloud.reports.requirement_register import build, markdown, problems
from govcloud.requirements import NOT_ENFORCED, REQUIREMENTS

if TYPE_CHECKING:
    from govcloud.reports.requirement_register import Entry

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "requirements.md"


@pytest.fixture(scope="module")
def register() -> dict[str, Entry]:
    """The checkout's register, built once (it reads every test file)."""
    return build()


def test_the_committed_register_is_the_generated_one(register: dict[str, Entry]) -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(register), (
        "docs/requirements.md is stale: run `govcloud requirements --format markdown > docs/requirements.md`"
    )


def test_every_id_is_enforced_and_tested_or_says_why_not(register: dict[str, Entry]) -> None:
    assert problems(register) == []


def test_the_register_lists_every_id_with_seeds_in_both_languages() -> None:
    text = DOC.read_text(encoding="utf-8")
    for requirement_id, requirement in REQUIREMENTS.items():
        row = f"{requirement_id} | {requirement.title_zh} / {requirement.title} | {requirement.seeds} |"
        assert row in text, requirement_id
    for requirement_id, reason in NOT_ENFORCED.items():
        assert f"| {requirement_id} | {reason.zh} / {reason.en} |" in text


def test_enforcers_come_from_every_registry(register: dict[str, Entry]) -> None:
    """SEC-4, SEC-2, LC-5, SEC-10: a request rule, a policy rule, a schema field, an event and a task."""
    entries = register
    assert "`request-duties-separated`" in entries["SEC-4"].enforcers
    assert "`request-mlps-filing-recorded`" in entries["SEC-2"].enforcers
    assert "`openstack-stack-level-within-platform`" in entries["SEC-2"].enforcers
    assert "schema `request-1.0.json` spec.trial.days" in entries["LC-5"].enforcers
    assert "lifecycle `trial-started`" in entries["LC-5"].enforcers
    assert any(enforcer.startswith("task `playbooks/") for enforcer in entries["SEC-10"].enforcers)
    assert "`tests/admission/test_mlps_filing.py`" in entries["SEC-2"].tests


def _checkout(tmp_path: Path, test_source: str) -> Path:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_only.py").write_text(test_source, encoding="utf-8")
    return tmp_path


def test_an_id_whose_tests_are_gone_is_a_problem(tmp_path: Path) -> None:
    """Against a checkout whose only test cites SEC-1: every other enforced ID loses its test."""
    entries = build(_checkout(tmp_path, 'def test_x():\n    """SEC-1"""\n'))
    assert entries["SEC-1"].tests == {"`tests/test_only.py`"}
    found = problems(entries)
    assert "SEC-4 lacks a test and has no reason in NOT_ENFORCED" in found
    assert not [problem for problem in found if problem.startswith("SEC-1 ")]


def test_a_citation_outside_a_test_function_does_not_count(tmp_path: Path) -> None:
    entries = build(_checkout(tmp_path, '# SEC-1\nHELPER = "SEC-1"\n\n\ndef helper():\n    """SEC-1"""\n'))
    assert entries["SEC-1"].tests == set()


def test_a_reason_for_an_id_that_is_enforced_now_is_stale(
    register: dict[str, Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(NOT_ENFORCED, "SEC-1", Text("不适用", "not applicable"))
    assert "SEC-1 is enforced now: drop its reason from NOT_ENFORCED" in problems(register)


def test_the_command_prints_json_and_exits_0_when_complete(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["requirements", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == list(REQUIREMENTS)
    assert all(row["enforced"] or row["reason"]["zh"] for row in rows)


_NOT_THE_PROJECTS = {".git", ".venv", "bin", "__pycache__", ".govcloud", "reports", "inventories"}
"""Folders of a working checkout that hold tools, builds and run output, not the project's files."""


def _project_files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if path.is_file() and not parts & _NOT_THE_PROJECTS and ".egg-info" not in str(path):
            found.append(path)
    return found


def test_nothing_in_the_project_names_a_folder_beside_the_checkout() -> None:
    """A clone has no siblings: no file may point at one (``../<name>/`` or its absolute path)."""
    siblings = [path for path in ROOT.parent.iterdir() if path.is_dir() and path != ROOT]
    offending = []
    for path in _project_files():
        if path.stat().st_size > 2**20:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        offending += [
            f"{path.relative_to(ROOT)}: {sibling.name}"
            for sibling in siblings
            if f"../{sibling.name}/" in text or str(sibling) in text
        ]
    assert offending == []
