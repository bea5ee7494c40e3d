"""Rules are found, not listed: every module of ``govcloud.admission.rules`` is one rule, named after its id."""

from __future__ import annotations

import pkgutil
import sys
from typing import TYPE_CHECKING

import pytest

import govcloud.admission.rules as rules_package
from govcloud.admission.rules import REQUEST_RULES, all_request_rules, discover

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

RULE_MODULE = """
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo
from govcloud.bilingual import Text

RULE = RuleInfo(id="{rule_id}", title=Text("中", "en"), severity=Severity.NOTE, requirements=("LC-2",), seed_articles="-")


def check(ctx):
    return iter(())
"""


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    """An empty rule package ``extra_rules`` on sys.path, removed again afterwards."""
    folder = tmp_path / "extra_rules"
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    yield folder
    sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name.split(".")[0] == "extra_rules"]:
        del sys.modules[name]


def test_every_rule_module_is_a_rule_in_id_order() -> None:
    modules = [info.name for info in pkgutil.iter_modules(rules_package.__path__)]
    rule_modules = sorted(name for name in modules if not name.startswith("_"))
    assert sorted(rule_id.replace("-", "_") for rule_id in REQUEST_RULES) == rule_modules
    assert list(REQUEST_RULES) == sorted(REQUEST_RULES)
    assert len(REQUEST_RULES) == 26
    listed = [rule.id for rule in all_request_rules()]
    assert listed[:2] == ["request-input-usable", "request-schema-valid"]
    assert listed[2:] == list(REQUEST_RULES)


def test_adding_a_rule_is_adding_a_file(package: Path) -> None:
    (package / "request_b_rule.py").write_text(RULE_MODULE.format(rule_id="request-b-rule"), encoding="utf-8")
    (package / "request_a_rule.py").write_text(RULE_MODULE.format(rule_id="request-a-rule"), encoding="utf-8")
    (package / "_shared.py").write_text("HELPER = 1\n", encoding="utf-8")
    found = discover([str(package)], "extra_rules")
    assert list(found) == ["request-a-rule", "request-b-rule"]
    assert found["request-a-rule"].info.title.en == "en"


def test_a_module_not_named_after_its_rule_is_refused(package: Path) -> None:
    (package / "request_old_name.py").write_text(
        RULE_MODULE.format(rule_id="request-new-name"), encoding="utf-8"
    )
    with pytest.raises(
        ValueError, match="holds rule request-new-name; a rule's module is named after its id"
    ):
        discover([str(package)], "extra_rules")


def test_a_module_without_a_rule_is_refused(package: Path) -> None:
    (package / "request_helper.py").write_text("def helper():\n    return 1\n", encoding="utf-8")
    with pytest.raises(TypeError, match=r"extra_rules.request_helper defines no RULE"):
        discover([str(package)], "extra_rules")
