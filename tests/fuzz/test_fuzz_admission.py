"""Fuzzing admission: every request the schema accepts goes through everything; every other is a finding.

Documents come from a walk of ``request-1.0.json`` itself (``schema_strategies``) and from mutations of
the examples, and are read back through the loader as ``govcloud validate`` reads a file. A
schema-valid request must pass every rule, the cost estimate, every report format and,
when admitted, the plan and the pack config, without an exception; a mutated one must come back as a
finding or as unusable input, never a traceback, and one python-jsonschema rejects on its own must be
reported under ``request-schema-valid``. Seeded (derandomised) and counted: ``GOVCLOUD_FUZZ_SCALE``
raises the counts for long runs (``pytest -m fuzz``).
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import yaml
from fuzz_settings import RUNS, count, fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from schema_strategies import SchemaStrategies

from govcloud.admission.admit import FileResult, assess, request_digest
from govcloud.admission.findings import Severity
from govcloud.admission.rules import all_request_rules
from govcloud.catalogue.model import load_default
from govcloud.loader import Document, UnusableInputError, load_bytes
from govcloud.policy import config as policy_config
from govcloud.provisioning.plan import build_plan
from govcloud.reports import RENDERERS, render
from govcloud.schemas import BASE_URI, registry

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [
    yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "requests" / "examples").glob("*.yaml"))
]
CATALOGUE = load_default()
PORTAL_UNIT = next(
    e["spec"]["tenant"]["unit"]["zh"] for e in EXAMPLES if e["spec"]["system"]["code"] == "gov-portal"
)
RULES = all_request_rules()
STRATEGIES = SchemaStrategies()
# A second opinion from the other library: admission decides validity with jsonschema-rs.
REFERENCE = jsonschema.Draft202012Validator({"$ref": f"{BASE_URI}request-1.0.json"}, registry=registry())
UNUSABLE_CODES = {"not-a-mapping", "non-finite", "encoding", "too-deep"}
HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            " ",
            "NaN",
            "Infinity",
            "-1",
            "1e309",
            "2026-02-30",
            "$(rm -rf /)",
            "../../etc/passwd",
            "\u202e",
            "password: hunter2",
            "x\ud800",
            "王\u3000敏",
            "a" * 5000,
        ]
    ),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@pytest.fixture(scope="module", autouse=True)
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A violation register with one open violation for the portal's unit, so its tenant is refused (EVAL-5)."""
    records = tmp_path_factory.mktemp("records")
    entry = {"id": "V-00001", "unit": PORTAL_UNIT, "request": "REQ-2026-0042", "resource": "gov-portal-app-1"}
    entry |= {
        "kind": "idle",
        "requirement": "EVAL-1",
        "opened": "2026-11-01T09:00:00+08:00",
        "resolved": None,
    }
    (records / "violations.json").write_text(json.dumps({"violations": [entry]}), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVCLOUD_RECORDS", str(records))
        yield


PLANTED = {"to": ["0.0.0.0/0", "::/0", "0.0.0.0/1"], "ports": [22, 3389, 8080, 1, 65535], "protocol": ["udp"]}
"""Values the network rules look for, by the key they stand under."""
SECRETS = [
    "password: hunter2",
    "口令：Hunter2!",
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "id AKIA0123456789ABCDEF",
]


def loaded(data: Any) -> Document:
    """``data`` as a JSON file's bytes read by the loader (NaN and infinities included, to be refused)."""
    return load_bytes(json.dumps(data).encode("ascii"), is_json=True)


def admit(document: Document, target: str) -> FileResult:
    """Everything ``govcloud validate`` and the stack do with a loaded document."""
    data = document.data
    result = FileResult("fuzz.json")
    result.findings, context = assess(document, CATALOGUE)
    result.cost = context.cost if context is not None else None
    result.digest = request_digest(data)
    for fmt in RENDERERS:
        assert render(fmt, [result], RULES)
    if context is not None and not any(f.severity == Severity.ERROR for f in result.findings):
        plan = build_plan(data, CATALOGUE)
        assert plan.system
        assert policy_config.for_request(data, CATALOGUE)
    count(target, {finding.rule_id for finding in result.findings})
    return result


@fuzz_settings(RUNS["schema-valid requests"])
@given(STRATEGIES.document("request-1.0.json"))
def test_every_schema_valid_request_goes_through_every_stage(request: dict[str, Any]) -> None:
    result = admit(loaded(request), "schema-valid requests")
    assert all(f.rule_id != "request-schema-valid" for f in result.findings)
    if result.cost is not None:
        assert math.isfinite(result.cost.monthly_cny)
        assert result.cost.monthly_cny >= 0


def _nodes(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every node of the document with its path, the document itself first."""
    found = [(prefix, document)]
    if isinstance(document, dict):
        for key, value in document.items():
            found += _nodes(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _nodes(value, (*prefix, index))
    return found


def _mutate(document: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    mutated = copy.deepcopy(document)
    if not path:
        return value
    parent = mutated
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if how == "delete":
        del parent[key]
    elif how == "replace":
        parent[key] = value
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    elif isinstance(parent, dict):
        parent[f"{key}-extra"] = value
    return mutated


def _plants(document: Any) -> list[tuple[tuple[Any, ...], list[Any]]]:
    """Where a value some rule looks for can go, and those values (random ones almost never land there).

    A wide egress destination, a port opened to the internet, a secret in any text.
    """
    found = []
    for path, leaf in _nodes(document):
        keys = [key for key in path if isinstance(key, str)]
        if keys and keys[-1] in PLANTED and not isinstance(leaf, (dict, list)):
            found.append((path, PLANTED[keys[-1]]))
        if isinstance(leaf, str):
            found.append((path, SECRETS))
    return found


@st.composite
def mutated_examples(draw: st.DrawFn) -> Any:
    document = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["delete", "replace", "duplicate", "insert", "plant"]))
        plants = _plants(document) if how == "plant" else []
        if plants:
            path, values = draw(st.sampled_from(plants))
            document = _mutate(document, path, "replace", draw(st.sampled_from(values)))
            continue
        path = draw(st.sampled_from([path for path, _ in _nodes(document)]))
        document = _mutate(document, path, how, draw(HOSTILE_VALUES))
    return document


@fuzz_settings(RUNS["mutated examples"])
@given(mutated_examples())
def test_a_mutated_example_is_a_finding_or_unusable_never_a_crash(document: Any) -> None:
    try:
        read = loaded(document)
    except UnusableInputError as error:
        refused: UnusableInputError | None = error
    else:
        refused = None
    if refused is not None:
        assert refused.code in UNUSABLE_CODES
        count("mutated examples", {"request-input-usable"})
        return
    assert isinstance(document, dict)
    result = admit(read, "mutated examples")
    if not REFERENCE.is_valid(read.data):
        assert "request-schema-valid" in {f.rule_id for f in result.findings}


@fuzz_settings(RUNS["YAML round trips"])
@given(STRATEGIES.document("request-1.0.json"))
def test_a_valid_request_read_from_yaml_is_judged_the_same(request: dict[str, Any]) -> None:
    """The loader (lines, dates kept as strings, limits) does not change what admission decides."""
    # allow_unicode=False: PyYAML writes a raw NEL into a single-quoted scalar, which YAML then folds.
    text = yaml.safe_dump(request, allow_unicode=False, sort_keys=False).encode("utf-8")
    direct = sorted((f.rule_id, f.path) for f in assess(Document(request), CATALOGUE)[0])
    loaded = sorted((f.rule_id, f.path) for f in assess(load_bytes(text), CATALOGUE)[0])
    assert loaded == direct
    count("YAML round trips")
