"""The two validators agree, and schema errors carry the requirement IDs annotated in the schema."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud.schemas import validator

ROOT = Path(__file__).resolve().parents[2]
# The valid and the invalid examples; hostile/ holds files that are not requests at all.
CORPUS = sorted(
    [
        *(ROOT / "requests" / "examples").glob("*.yaml"),
        *(ROOT / "requests" / "examples" / "invalid").glob("*.yaml"),
    ]
)


def mutations(request: dict[str, Any]) -> list[dict[str, Any]]:
    """One-field breakages of every kind the schema knows: type, enum, pattern, bounds, required, extra."""
    edits = [
        ("spec", "system", "mlpsLevel", "3"),
        ("spec", "system", "exposure", "internet"),
        ("spec", "system", "code", "Gov Portal"),
        ("spec", "resources", 0, "count", 0),
        ("metadata", "submitted", "2026-13-40"),
        ("spec", "contacts", 0, "email", "not-an-email"),
        ("spec", "tenant", "creditCode", "123"),
    ]
    out = []
    for *path, value in edits:
        changed = copy.deepcopy(request)
        node: Any = changed
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        out.append(changed)
    for key in ("materials", "contacts", "resources"):
        removed = copy.deepcopy(request)
        del removed["spec"][key]
        out.append(removed)
    extra = copy.deepcopy(request)
    extra["spec"]["system"]["owner"] = "someone"
    out.append(extra)
    return out


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_fast_and_explaining_validators_agree(path: Path) -> None:
    request = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = validator("request-1.0.json")
    for document in [request, *mutations(request)]:
        assert schema.is_valid(document) == (schema.explain(document) == []), document


@pytest.mark.parametrize(
    ("path", "value", "requirement"),
    [
        (("spec", "trial", "days"), 45, "LC-5"),
        (("spec", "system", "mlpsLevel"), 6, "SEC-2"),
        (("spec", "resources", 0, "count"), "two", "CAT-4"),
        (("spec", "migration", "cutover"), "next spring", "LC-10"),
    ],
)
def test_schema_errors_trace_to_requirements(path: tuple[Any, ...], value: Any, requirement: str) -> None:
    request = yaml.safe_load(
        (ROOT / "requests" / "examples" / "approval-system.yaml").read_text(encoding="utf-8")
    )
    node: Any = request
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    (error,) = validator("request-1.0.json").errors(request)
    assert error.path == path
    assert requirement in error.requirements


def test_a_long_offending_value_is_never_quoted_whole() -> None:
    """The schema library's fallback quotes the whole value; a finding (and a PR comment) shows 160 chars."""
    import jsonschema  # noqa: PLC0415

    from govcloud.schema_messages import explain  # noqa: PLC0415

    error = next(jsonschema.Draft202012Validator({"not": {"type": "string"}}).iter_errors("A" * 5000))
    text = explain(error)
    assert len(text.en) == 160
    assert text.en.endswith("...")
    assert len(text.zh) < 200
