"""Every crash the fuzzers and the hostile corpus found, as a named case (each was a traceback or a pass)."""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud.admission.admit import assess
from govcloud.catalogue.model import load_default
from govcloud.cli import main
from govcloud.loader import Document, load_path
from govcloud.provisioning.plan import build_plan

ROOT = Path(__file__).resolve().parents[2]
PERIODIC = yaml.safe_load((ROOT / "requests" / "examples" / "data-exchange.yaml").read_text(encoding="utf-8"))


def _findings(request: dict[str, Any]) -> tuple[list[tuple[str, tuple[Any, ...]]], Any]:
    findings, context = assess(Document(request), load_default())
    return [(f.rule_id, f.path) for f in findings], context


def test_a_schedule_day_no_year_has_is_a_finding_not_a_cost_crash() -> None:
    """LC-11: 02-31 fits the schema's MM-DD pattern; the cost estimate raised ValueError on it."""
    request = copy.deepcopy(PERIODIC)
    request["spec"]["workload"]["schedule"][0]["start"] = "02-31"
    found, context = _findings(request)
    assert ("request-workload-schedule-declared", ("spec", "workload", "schedule", 0, "start")) in found
    assert context.cost.periodic_yearly_cny >= 0  # the window counts no days instead of crashing


def test_february_29_is_a_day() -> None:
    request = copy.deepcopy(PERIODIC)
    request["spec"]["workload"]["schedule"][0]["end"] = "02-29"
    found, _ = _findings(request)
    assert not [f for f in found if f[1][-1:] == ("end",)]


def test_policy_rules_give_verdicts_on_ill_typed_properties() -> None:
    """Found by the policy fuzzer: non-numeric sizes and ports, non-mapping metadata and address pairs."""
    import sys  # noqa: PLC0415

    sys.path.insert(0, str(ROOT / "tests" / "policies"))
    from policy_harness import make_args, make_stack_args, policy, resource, run_policy  # noqa: PLC0415

    from govcloud.policy.resource_types import INSTANCE, PORT, VOLUME  # noqa: PLC0415

    cases = [
        ("openstack-blockstorage-volume-limit-size", VOLUME, {"size": "*"}),
        ("openstack-blockstorage-volume-limit-size", VOLUME, {"size": [1, 2]}),
        ("openstack-blockstorage-volume-limit-size", VOLUME, {"size": float("nan")}),
        ("openstack-blockstorage-volume-require-metadata-tags", VOLUME, {"metadata": 7}),
        ("openstack-compute-instance-match-approved-grading", INSTANCE, {"metadata": ["a"]}),
        (
            "openstack-networking-port-disallow-world-address-pairs",
            PORT,
            {"allowedAddressPairs": ["0.0.0.0/0"]},
        ),
    ]
    for name, kind, props in cases:
        run_policy(policy(name), make_args(kind, props, name="odd"))
    from pulumi_policy.policy import _NotApplicableError  # noqa: PLC0415

    stack = make_stack_args([resource(INSTANCE, "odd", {"metadata": "level 3", "flavorName": {"a": 1}})])
    for name in ("openstack-stack-level-within-platform", "openstack-stack-totals-within-quota"):
        # "Not applicable" (no config) is a verdict; the TypeError it raised before was the crash.
        with contextlib.suppress(_NotApplicableError):
            run_policy(policy(name), stack)
    # Missing metadata is still reported (fail closed), whatever the value was.
    assert run_policy(policy(cases[3][0]), make_args(VOLUME, cases[3][2], name="odd"))


def test_an_address_only_the_fast_validator_refuses_is_still_a_schema_finding() -> None:
    """Found by the schema walk: jsonschema-rs refused a non-IDNA mail domain, python-jsonschema did not.

    ``errors()`` then explained nothing and the request was admitted; a disagreement now fails closed.
    """
    request = copy.deepcopy(PERIODIC)
    request["spec"]["contacts"][0]["email"] = "a@x.XN--d1AcJ3b"
    found, context = _findings(request)
    assert ("request-schema-valid", ("spec", "contacts", 0, "email")) in found
    assert context is None


def test_a_rule_source_that_is_no_network_counts_as_the_world() -> None:
    """Found by the policy fuzzer: a mapping as ``remoteIpPrefix`` raised ValueError in ``in_world_cidrs``.

    A source that cannot be shown narrow fails closed (SEC-3): every port of the rule is open to it.
    """
    import sys  # noqa: PLC0415

    sys.path.insert(0, str(ROOT / "tests" / "policies"))
    from policy_harness import make_args, policy, run_policy  # noqa: PLC0415

    from govcloud.policy.resource_types import SEC_GROUP_RULE  # noqa: PLC0415

    name = "openstack-networking-secgrouprule-disallow-public-admin-ports"
    for source in ({"": None}, ["0.0.0.0/0"], "not-a-cidr"):
        props = {"direction": "ingress", "protocol": "tcp", "remoteIpPrefix": source}
        assert run_policy(policy(name), make_args(SEC_GROUP_RULE, props, name="odd")), source


def _validate(tmp_path: Path, name: str, raw: bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    path = tmp_path / name
    path.write_bytes(raw)
    code = main(["validate", "--format", "json", str(path)])
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    return code, entry


def test_a_lone_surrogate_in_json_is_unusable_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """LC-2, found by the hostile corpus: a JSON surrogate escape parsed, then jsonschema-rs raised."""
    raw = json.dumps(PERIODIC).replace('"data-exchange"', '"data-exchange\\ud800"', 1).encode()
    code, entry = _validate(tmp_path, "surrogate.json", raw, capsys)
    assert (code, entry["status"], entry["error"]["code"]) == (2, "unusable", "encoding")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_json_nan_and_infinities_are_unusable_as_yaml_inf_is(
    number: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """LC-2, CAT-2: a NaN budget slipped past the schema as ``null``; it is refused like YAML's ``.nan``."""
    request = copy.deepcopy(PERIODIC)
    request["spec"]["materials"]["financeApproval"]["budgetCny"] = 123456.5
    raw = json.dumps(request).replace("123456.5", number).encode()
    assert number.encode() in raw
    code, entry = _validate(tmp_path, "budget.json", raw, capsys)
    assert (code, entry["error"]["code"]) == (2, "non-finite")


def test_a_count_written_as_a_float_is_the_integer_for_the_plan(tmp_path: Path) -> None:
    """CAT-4: JSON Schema counts 2.0 as an integer; the plan then raised TypeError in ``range``."""
    request = copy.deepcopy(PERIODIC)
    request["spec"]["resources"][0]["count"] = 2.0
    path = tmp_path / "float-count.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    document = load_path(path)
    assert document.data["spec"]["resources"][0]["count"] == 2
    assert isinstance(document.data["spec"]["resources"][0]["count"], int)
    assert build_plan(document.data, load_default()).system
