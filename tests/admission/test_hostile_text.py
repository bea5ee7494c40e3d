"""SEC-11, SEC-7: free text is stored and shown as given, so what could run or mislead is refused.

Ordinary punctuation stays allowed (a sizing basis may well say ``A; B | C & D``); template markers,
command substitution, parent-folder paths, control characters and bidirectional overrides are not,
and the finding never repeats the offending text.
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
REQUEST = yaml.safe_load((ROOT / "requests" / "examples" / "gov-portal.yaml").read_text(encoding="utf-8"))
FIELD = ("spec", "system", "name", "en")
RULE = "request-free-text-plain"


def _findings(text: str) -> list[Any]:
    request = copy.deepcopy(REQUEST)
    request["spec"]["system"]["name"]["en"] = text
    findings, _ = assess(Document(request), load_default())
    return [finding for finding in findings if finding.rule_id == RULE]


@pytest.mark.parametrize(
    "text",
    [
        "Portal; search | news & services",
        "Portal <beta> (2026) 50% faster, cost $100",
        "Portal: see plan v1.2 / 见技术方案第 3.2 节",
        "Multi-line\nbasis\twith tabs",
        "a/b/c and ./here",
    ],
)
def test_ordinary_text_is_accepted(text: str) -> None:
    assert _findings(text) == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Portal {{ lookup('pipe', 'id') }}", "template marker {{"),
        ("Portal {% if x %}", "template marker {%"),
        ("Portal {# note #}", "template marker {#"),
        ("Portal $(id)", "command substitution $("),
        ("Portal ${HOME}", "variable substitution ${"),
        ("Portal `id`", "backtick"),
        ("Portal ../../etc/passwd", "parent-folder path ../"),
        ("Portal ..\\..\\win.ini", "parent-folder path ..\\"),
        ("Portal\u202egnp.exe", "U+202E"),
        ("Portal\u2066x\u2069", "U+2066"),
        ("Portal\x00", "U+0000"),
        ("Portal\x1b[31m", "U+001B"),
        ("Portal\x85", "U+0085"),
    ],
)
def test_what_could_run_or_mislead_is_refused_without_being_quoted(text: str, named: str) -> None:
    (finding,) = _findings(text)
    assert finding.path == FIELD
    assert named in finding.message.en
    assert finding.message.zh
    assert text not in finding.message.en
    assert text not in finding.message.zh
