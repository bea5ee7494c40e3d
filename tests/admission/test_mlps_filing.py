"""SEC-2: a system graded level 2 or above carries the public-security filing number, in a form one can issue.

The filing certificate number is ``AAAAAABBBBB-CCCCC``: the accepting organ's six-digit GB/T 2260
division code and its number of the unit, then the system number. Cases: absent at each level, the
shape (ASCII digits only, so full-width digits are refused), and parts no organ issues.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud.admission.admit import assess
from govcloud.catalogue.model import load_default
from govcloud.loader import Document

ROOT = Path(__file__).resolve().parents[2]
LEVEL_2 = yaml.safe_load((ROOT / "requests" / "examples" / "data-exchange.yaml").read_text(encoding="utf-8"))
FIELD = ("spec", "system", "mlpsFilingNo")
RULE = "request-mlps-filing-recorded"


def _findings(level: int, filing: str | None) -> list[tuple[str, tuple[Any, ...], str]]:
    request = copy.deepcopy(LEVEL_2)
    request["spec"]["system"]["mlpsLevel"] = level
    request["spec"]["system"].pop("mlpsFilingNo", None)
    if filing is not None:
        request["spec"]["system"]["mlpsFilingNo"] = filing
    findings, _ = assess(Document(request), load_default())
    return [(f.rule_id, f.path, f.message.joined()) for f in findings if f.path == FIELD]


def test_the_level_2_example_is_filed() -> None:
    assert _findings(2, LEVEL_2["spec"]["system"]["mlpsFilingNo"]) == []


@pytest.mark.parametrize("level", [2, 3])
def test_a_level_2_or_3_system_without_a_filing_number_is_refused(level: int) -> None:
    (found,) = _findings(level, None)
    assert found[:2] == (RULE, FIELD)
    assert f"level-{level}" in found[2]
    assert f"第{level}级" in found[2]


def test_a_level_1_system_needs_no_filing_number() -> None:
    """Level 1 systems are graded by the unit itself and not filed (SEC-2 only asks level 2 and up)."""
    assert _findings(1, None) == []


@pytest.mark.parametrize(
    "filing",
    [
        "33010099001-0001",  # one digit short
        "3301009900100017",  # no dash
        "３３０１００９９００１-０００１７",  # full-width digits match \\d in Python, not here
        "33010099001-00017 ",  # trailing blank
        "33010099001–00017",  # en dash
        "",
    ],
)
def test_a_number_of_the_wrong_shape_is_a_schema_finding(filing: str) -> None:
    (found,) = _findings(2, filing)
    assert found[:2] == ("request-schema-valid", FIELD)


@pytest.mark.parametrize(
    ("filing", "why"),
    [
        ("99010099001-00017", "no province has code 99"),
        ("00000099001-00017", "no organ has code 000000"),
        ("33010000000-00017", "no unit is number 00000"),
        ("33010099001-00000", "no system is number 00000"),
    ],
)
def test_a_number_no_organ_issues_is_refused(filing: str, why: str) -> None:
    (found,) = _findings(3, filing)
    assert found[:2] == (RULE, FIELD), why
    assert filing in found[2]


@pytest.mark.parametrize("filing", ["11010543093-00001", "44030099043-30001", "65010000001-00002"])
def test_numbers_of_other_provinces_are_accepted(filing: str) -> None:
    assert _findings(3, filing) == []
