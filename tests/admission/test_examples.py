"""The example corpus through the real CLI: valid requests pass, each invalid one fails with exactly its rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govcloud.admission.rules import REQUEST_RULES, SCHEMA_RULE
from govcloud.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "requests" / "examples"
INVALID = EXAMPLES / "invalid"


def _expectations() -> dict[str, list[str]]:
    """Each invalid file's second line: ``# EXPECT: rule-a, rule-b``."""
    expected = {}
    for path in sorted(INVALID.glob("*.yaml")):
        header = path.read_text(encoding="utf-8").splitlines()[1]
        assert header.startswith("# EXPECT: "), path.name
        expected[path.name] = [rule.strip() for rule in header.removeprefix("# EXPECT: ").split(",")]
    return expected


EXPECTED = _expectations()
VALID = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.name)
def test_valid_example_is_admitted(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(path)]) == 0
    assert "ok (REQ-" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_example_fails_with_its_rules(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--format", "json", str(INVALID / name)])
    report = json.loads(capsys.readouterr().out)
    (entry,) = report["files"]
    assert code == 1, entry
    assert sorted({finding["ruleId"] for finding in entry["findings"]}) == sorted(EXPECTED[name])
    for finding in entry["findings"]:
        assert finding["requirements"], finding
        for text in ("message", "remediation"):
            assert finding[text]["zh"], finding
            assert finding[text]["en"], finding
        assert finding["field"].startswith(("spec", "metadata", "(document)")), finding


def test_corpus_exercises_every_rule() -> None:
    """Removing any rule makes its corpus file's expectation fail; this pins that each rule has one."""
    exercised = {rule_id for rule_ids in EXPECTED.values() for rule_id in rule_ids}
    assert {SCHEMA_RULE.id, *REQUEST_RULES} <= exercised


def test_invalid_files_say_what_they_break() -> None:
    for name in EXPECTED:
        first_line = (INVALID / name).read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# INVALID: "), name


def test_whole_folder_reports_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(INVALID)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["files"] == len(EXPECTED)
    assert report["summary"]["clean"] == 0
