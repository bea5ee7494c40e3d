"""CLI behaviour: output files, fail-on thresholds, rule listing, and requirement IDs that exist."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import requirements
from govcloud.admission.rules import all_request_rules
from govcloud.cli import main
from govcloud.schemas import REQUIREMENTS_KEY

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parents[2]
NO_BACKUP = ROOT / "requests" / "examples" / "invalid" / "portal-without-offsite-backup.yaml"


def test_output_file_replaces_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "reports" / "admission.sarif"
    assert main(["validate", "--format", "sarif", "--output", str(output), str(NO_BACKUP)]) == 1
    assert capsys.readouterr().out == ""
    assert json.loads(output.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [path.name for path in output.parent.iterdir()] == ["admission.sarif"]


def test_fail_on_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(NO_BACKUP)]) == 1
    assert main(["validate", "--fail-on", "error", str(NO_BACKUP)]) == 0
    assert "warning request-level3-offsite-backup" in capsys.readouterr().out


def test_rules_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    request_rows = [row for row in rows if row["layer"] == "request"]
    assert [row["id"] for row in request_rows] == [rule.id for rule in all_request_rules()]
    assert all(row["requirements"] and row["seedArticles"] and row["severity"] for row in request_rows)
    assert main(["rules"]) == 0
    assert "request-no-classified-data" in capsys.readouterr().out


def _schema_requirements() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "catalog" / "schemas").glob("*.json"):
        found.update(re.findall(r'"(?:LC|CAT|EVAL|SEC|OPS)-\d+"', path.read_text(encoding="utf-8")))
    return {ref.strip('"') for ref in found}


def test_every_cited_requirement_exists() -> None:
    cited = {req for rule in all_request_rules() for req in rule.requirements} | _schema_requirements()
    assert cited <= set(requirements.REQUIREMENTS), cited - set(requirements.REQUIREMENTS)
    assert REQUIREMENTS_KEY == "x-govcloud-requirements"


def test_the_register_is_complete_and_well_formed() -> None:
    """Each family is numbered without gaps and every entry says what it is and where the law says it."""
    families: dict[str, list[int]] = {}
    for requirement_id, requirement in requirements.REQUIREMENTS.items():
        family, number = requirement_id.split("-")
        families.setdefault(family, []).append(int(number))
        assert requirement.title.strip(), requirement_id
        # Each source names one of the regulation texts by its number (000, 001, ...).
        assert all(re.match(r"\d{3}\b", part.strip()) for part in requirement.seeds.split(";")), (
            requirement_id
        )
    assert set(families) == {"LC", "CAT", "EVAL", "SEC", "OPS"}
    for family, numbers in families.items():
        assert numbers == list(range(1, len(numbers) + 1)), family
