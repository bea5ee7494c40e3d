"""The compliance suite's own shape: every test is one property with cited cases (SEC-7 audit lines)."""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from govcloud.catalogue.model import load_default
from govcloud.hardening.checks import Check
from govcloud.hardening.settings import load_targets, platform_vars
from govcloud.requirements import REQUIREMENTS

if TYPE_CHECKING:
    from types import ModuleType

SUITE = Path(__file__).parents[1] / "compliance"
INVENTORY = Path(__file__).parents[1] / "stacks" / "data" / "gov-portal.inventory.yml"
CLAUSE = re.compile(r"^8\.1\.4\.(1[01]|[1-9])[a-g]?$")


def _modules() -> list[ModuleType]:
    found = []
    for path in sorted(SUITE.glob("test_*.py")):
        spec = importlib.util.spec_from_file_location(f"compliance_{path.stem}", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.append(module)
    return found


MODULES = _modules()
TESTS = [
    (m.__name__, name, f)
    for m in MODULES
    for name, f in inspect.getmembers(m, inspect.isfunction)
    if name.startswith("test_")
]


@pytest.mark.parametrize(("module", "name", "test"), TESTS, ids=[f"{m}::{n}" for m, n, _ in TESTS])
def test_each_check_has_cases_citing_a_requirement_and_a_clause(module: str, name: str, test: object) -> None:
    generate = getattr(test, "govcloud_cases", None)
    assert generate is not None, f"{module}::{name} has no case generator: it would run once, host-less"
    assert list(inspect.signature(test).parameters) == ["case"], "one property of one case per test"
    targets = load_targets(INVENTORY, platform_vars(load_default()))
    for target in targets:
        checks = list(generate(target.settings))
        assert checks, f"{name} yields no case for {target.name}"
        for check in checks:
            assert isinstance(check, Check)
            assert check.req in REQUIREMENTS, f"{name}: {check.req} is not in the register"
            assert CLAUSE.match(check.clause), f"{name}: {check.clause} is not a GB/T 22239 §8.1.4 clause"
        ids = [f"{c.req}:{c.clause}:{c.item}" for c in checks]
        assert len(ids) == len(set(ids)), f"{name}: two cases share an id on {target.name}"


def test_the_suite_has_about_a_hundred_and_fifty_lines_per_host() -> None:
    [target] = [
        t for t in load_targets(INVENTORY, platform_vars(load_default())) if t.name == "gov-portal-web-1"
    ]
    total = sum(len(list(f.govcloud_cases(target.settings))) for _, _, f in TESTS)
    assert 120 <= total <= 200, total
