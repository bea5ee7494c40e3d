"""Fuzzing the waiver and approval loaders: a schema-valid record is read, anything else is refused by name.

Waiver files and approval records arrive in pull requests like requests do. A schema-valid waiver
document parses or raises ``WaiverError`` (self-approval, expiry before approval, unknown rule); any
other document raises ``WaiverError`` with the field. An approval record, schema-valid or mutated,
comes back as an approval or as problems with rule ids, and checking it against any request never
raises.
"""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from fuzz_settings import RUNS, count, fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from schema_strategies import SchemaStrategies

from govcloud.policy.waivers import WaiverError, parse
from govcloud.provisioning.approval import check_approval, load_approval

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]

ROOT = Path(__file__).resolve().parents[2]
STRATEGIES = SchemaStrategies()
REQUESTS = [
    yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "requests" / "examples").glob("*.yaml"))
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _with_junk(document: dict[str, Any], junk: Any, where: int) -> dict[str, Any]:
    """The document with one value somewhere replaced by ``junk`` (or unchanged when ``where`` is 0)."""
    mutated = copy.deepcopy(document)
    spots = [(mutated, key) for key in mutated]
    for value in list(mutated.values()):
        if isinstance(value, dict):
            spots += [(value, key) for key in value]
    if where and spots:
        parent, key = spots[where % len(spots)]
        parent[key] = junk
    return mutated


@fuzz_settings(RUNS["waiver documents"] // 2)
@given(STRATEGIES.document("waiver-1.0.json"))
def test_a_schema_valid_waiver_file_parses_or_is_refused_by_name(document: dict[str, Any]) -> None:
    try:
        waivers = parse(document, Path("waivers.yaml"))
    except WaiverError as error:
        refused = error
    else:
        refused = None
    if refused is not None:
        assert refused.problems
        count("waiver documents", {"waiver-refused"})
        return
    assert all(
        waiver.approver.strip().casefold() != waiver.requester.strip().casefold() for waiver in waivers
    )
    count("waiver documents", {"waiver-accepted"})


@fuzz_settings(RUNS["waiver documents"] // 2)
@given(STRATEGIES.document("waiver-1.0.json"), JSON, st.integers(0, 20))
def test_a_broken_waiver_file_is_refused_never_a_crash(
    document: dict[str, Any], junk: Any, where: int
) -> None:
    """Any JSON in place of the file or of one of its values: parsed, or ``WaiverError``; nothing else."""
    with contextlib.suppress(WaiverError):
        parse(_with_junk(document, junk, where) if where else junk, Path("waivers.yaml"))
    count("waiver documents")


@fuzz_settings(RUNS["approval documents"])
@given(
    document=STRATEGIES.document("approval-1.0.json"),
    junk=JSON,
    where=st.integers(0, 20),
    request=st.sampled_from(range(len(REQUESTS))),
)
def test_an_approval_record_is_an_approval_or_named_problems(
    document: dict[str, Any], junk: Any, where: int, request: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.getbasetemp() / "approval.yaml"
    path.write_text(yaml.safe_dump(_with_junk(document, junk, where), allow_unicode=True), encoding="utf-8")
    approval, problems = load_approval(path)
    if approval is None:
        assert problems
        assert all(problem.rule_id.startswith("approval-") and problem.requirements for problem in problems)
    else:
        problems = check_approval(approval, REQUESTS[request])
    count("approval documents", {problem.rule_id for problem in problems})
