"""Fixtures for admission tests: the project's catalogue, examples, and a mutable copy of a request."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud.catalogue.model import Catalogue, load_default

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "requests" / "examples"
INVALID = EXAMPLES / "invalid"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_default()


def example(name: str) -> dict[str, Any]:
    """A fresh, mutable copy of one valid example request."""
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(data)


@pytest.fixture
def portal() -> dict[str, Any]:
    """The level-3 internet-facing portal request."""
    return example("gov-portal")


@pytest.fixture
def approval() -> dict[str, Any]:
    """The level-3 extranet approval system with sensitive data and a migration."""
    return example("approval-system")


@pytest.fixture
def exchange() -> dict[str, Any]:
    """The level-2 private-zone data exchange with a periodic load."""
    return example("data-exchange")


@pytest.fixture(
    params=["gov-portal", "approval-system", "data-exchange"], ids=["portal", "approval", "exchange"]
)
def each_example(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Each valid example in turn, as a fresh copy: for what every example must show."""
    return example(request.param)
