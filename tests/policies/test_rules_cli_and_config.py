"""``govcloud rules`` lists both layers; docs/rules.md is its output; the pack config examples are valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govcloud import controls, requirements
from govcloud.admission.rules import all_request_rules
from govcloud.catalogue.model import load_default
from govcloud.cli import main
from govcloud.input_rules import INPUT_RULES
from govcloud.lifecycle.rules import all_lifecycle_rules
from govcloud.loader import load_path
from govcloud.policy import config as policy_config
from govcloud.policy.metadata import POLICY_RULES, all_policy_rules
from govcloud.provisioning.gate import all_gate_rules

ROOT = Path(__file__).resolve().parents[2]


def rules_output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["rules", *args]) == 0
    return capsys.readouterr().out


def test_rules_json_lists_both_layers(capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(rules_output(capsys, "--format", "json"))
    layers = {row["layer"] for row in rows}
    assert layers == {"request", "policy-resource", "policy-stack", "provisioning-gate", "lifecycle", "input"}
    assert len(rows) == (
        len(all_request_rules()) + 33 + len(all_gate_rules()) + len(all_lifecycle_rules()) + len(INPUT_RULES)
    )
    for row in rows:
        assert row["id"]
        assert row["requirements"] or row["layer"] == "input"  # input codes cite one where they enforce it
        assert row["severity"]
        assert row["enforcementLevel"] in {"mandatory", "advisory"}
    admin = next(
        row for row in rows if row["id"] == "openstack-networking-secgrouprule-disallow-public-admin-ports"
    )
    assert admin == admin | {
        "layer": "policy-resource",
        "severity": "critical",
        "enforcementLevel": "mandatory",
        "requirements": ["SEC-3", "SEC-10"],
        "config": ["worldCidrs", "adminPorts"],
    }


def test_rules_table_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    out = rules_output(capsys)
    assert "openstack-stack-totals-within-quota" in out
    assert "request-no-classified-data" in out
    policy_only = rules_output(capsys, "--layer", "policy")
    assert "request-no-classified-data" not in policy_only
    assert len(policy_only.splitlines()) == 33


def test_docs_are_generated_from_the_same_data(capsys: pytest.CaptureFixture[str]) -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert rules_output(capsys, "--format", "markdown") == committed, (
        "docs/rules.md is stale: run `govcloud rules --format markdown > docs/rules.md`"
    )


def test_every_cited_requirement_exists() -> None:
    cited = {req for rule in all_policy_rules() for req in rule.requirements}
    assert cited <= set(requirements.REQUIREMENTS), cited - set(requirements.REQUIREMENTS)


def _pack_schema() -> dict[str, Any]:
    """The config file's schema as the engine validates it: per policy, its properties + enforcementLevel."""
    levels = {"enum": ["advisory", "mandatory", "remediate", "disabled"]}
    properties: dict[str, Any] = {"all": levels}
    for rule in all_policy_rules():
        props = {key: dict(value) for key, value in policy_config.schema_properties(rule).items()}
        properties[rule.id] = {
            "oneOf": [
                levels,
                {
                    "type": "object",
                    "properties": {"enforcementLevel": levels, **props},
                    "additionalProperties": False,
                },
            ]
        }
    return {"type": "object", "properties": properties, "additionalProperties": False}


@pytest.mark.parametrize("name", ["strict.json", "lenient.json"])
def test_config_examples_validate(name: str) -> None:
    document = policy_config.load(ROOT / "policies" / "config" / name)
    jsonschema.Draft202012Validator(_pack_schema()).validate(document)
    assert set(document) == set(POLICY_RULES)


def test_strict_and_lenient_differ_where_documented() -> None:
    strict = policy_config.effective(policy_config.load(ROOT / "policies" / "config" / "strict.json"))
    lenient = policy_config.effective(policy_config.load(ROOT / "policies" / "config" / "lenient.json"))
    assert strict["openstack-networking-secgroup-delete-default-rules"][0] == "mandatory"
    assert lenient["openstack-networking-secgroup-delete-default-rules"][0] == "disabled"
    assert lenient["openstack-compute-instance-require-metadata-tags"][0] == "remediate"
    assert (
        strict["openstack-networking-secgrouprule-disallow-unbounded-ingress"][1]["maxPortRangeWidth"] == 10
    )
    assert all(level == "mandatory" for level, _ in (strict[r.id] for r in all_policy_rules()))


@pytest.mark.parametrize("request_file", ["gov-portal.yaml", "approval-system.yaml", "data-exchange.yaml"])
def test_generated_config_validates(request_file: str) -> None:
    document = load_path(ROOT / "requests" / "examples" / request_file).data
    config = policy_config.for_request(document, load_default())
    jsonschema.Draft202012Validator(_pack_schema()).validate(config)


def test_effective_mirrors_the_engine_reconciliation() -> None:
    """Defaults first, then ``all``, then the policy's own entry (pulumi ReconcilePolicyPackConfig)."""
    name = "openstack-networking-secgrouprule-disallow-public-admin-ports"
    advisory = "openstack-networking-secgroup-delete-default-rules"
    result = policy_config.effective(
        {"all": "advisory", name: {"enforcementLevel": "mandatory", "adminPorts": [22]}}
    )
    assert result[name] == ("mandatory", {"worldCidrs": ["0.0.0.0/0", "::/0"], "adminPorts": [22]})
    assert result[advisory][0] == "advisory"
    assert result["openstack-compute-instance-require-key-pair"][0] == "advisory"
    assert policy_config.effective(None)[advisory][0] == "advisory"


def test_generated_config_uses_the_shared_predicates() -> None:
    """Issue item 5: the policy config and admission read one plan and one set of predicates."""
    document = load_path(ROOT / "requests" / "examples" / "approval-system.yaml").data
    values = policy_config.for_plan_values(document, load_default())
    assert controls.server_services_required(values["level"], values["exposure"]) == (
        ("hids",) if values["level"] >= controls.LEVEL_3 else ()
    )
    assert values["exposure"] in {controls.EXTRANET_ONLY, controls.INTERNET_FACING}


def test_network_predicates() -> None:
    assert controls.in_world_cidrs("", ["0.0.0.0/0"])
    assert controls.in_world_cidrs("::/0", ["0.0.0.0/0", "::/0"])
    assert not controls.in_world_cidrs("10.0.0.0/8", ["0.0.0.0/0"])
    assert controls.cidr_within("59.202.3.0/24", ["59.202.0.0/16"])
    assert not controls.cidr_within("::/0", ["0.0.0.0/0"])
    assert not controls.cidr_within("not-a-cidr", ["0.0.0.0/0"])
    assert controls.ports_touched(None, None, [22, 443]) == (22, 443)
    assert controls.range_within(80, 80, [80, 443])
    assert not controls.range_within(None, None, [80])
    assert controls.missing_metadata({"a": " ", "b": "x"}, ["a", "b", "c"]) == ("a", "c")
