"""Pin every pack rule's name, kind, enforcement level, severity and requirement IDs (STYLE 10, 13).

The table below is the contract reviewers read; a change to a rule's level or severity must change
this test too. It also checks the pack's layout: one module per rule named after the rule, carrying
its record and a docstring that agrees with it, and a pack that holds exactly the discovered rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from policy_harness import pack, rule
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, Severity, StackValidationPolicy

from govcloud.policy.config import DESCRIPTIONS
from govcloud.policy.metadata import POLICY_RULES, rule_modules

PACK_NAME = pack().PACK_NAME
POLICIES = pack().POLICIES
RULES_DIR = Path(__file__).resolve().parents[2] / "src" / "govcloud" / "policy" / "rules"
PINNED = """
openstack-networking-secgrouprule-disallow-public-admin-ports        resource  mandatory  critical  SEC-3 SEC-10
openstack-networking-secgrouprule-restrict-internet-ingress-ports    resource  mandatory  high      SEC-3
openstack-networking-secgrouprule-restrict-extranet-ingress-sources  resource  mandatory  critical  SEC-3
openstack-networking-secgrouprule-require-bastion-for-management     resource  mandatory  high      SEC-4 SEC-10
openstack-networking-secgrouprule-disallow-unbounded-ingress         resource  mandatory  high      SEC-3
openstack-networking-secgrouprule-require-description                resource  advisory   low       SEC-7
openstack-networking-secgroup-require-description                    resource  mandatory  medium    SEC-3 SEC-7
openstack-networking-secgroup-delete-default-rules                   resource  advisory   low       SEC-3
openstack-compute-instance-disallow-admin-pass                       resource  mandatory  critical  SEC-10
openstack-compute-instance-require-key-pair                          resource  mandatory  high      SEC-10
openstack-compute-instance-require-approved-image                    resource  mandatory  high      CAT-1 SEC-10
openstack-compute-instance-require-catalogue-flavor                  resource  mandatory  high      CAT-1 CAT-4
openstack-compute-instance-require-metadata-tags                     resource  mandatory  high      LC-2 SEC-7
openstack-compute-instance-match-approved-grading                    resource  mandatory  high      SEC-2 SEC-3
openstack-blockstorage-volume-require-catalogue-type                 resource  mandatory  high      CAT-1
openstack-blockstorage-volume-require-encrypted-type                 resource  mandatory  critical  SEC-11
openstack-blockstorage-volume-require-metadata-tags                  resource  mandatory  medium    LC-2 SEC-7
openstack-blockstorage-volume-limit-size                             resource  mandatory  medium    CAT-4
openstack-networking-port-require-port-security                      resource  mandatory  high      SEC-3
openstack-networking-port-disallow-world-address-pairs               resource  mandatory  high      SEC-3
openstack-networking-floatingip-disallow-for-extranet-systems        resource  mandatory  critical  SEC-3
openstack-networking-router-disallow-gateway-for-extranet-systems    resource  mandatory  critical  SEC-3
openstack-compute-keypair-require-public-key                         resource  mandatory  high      SEC-10 SEC-11
openstack-stack-servers-require-security-group                       stack     mandatory  critical  SEC-3
openstack-stack-level3-servers-require-protection                    stack     mandatory  high      SEC-10 SEC-11 OPS-3
openstack-stack-resources-require-approved-request                   stack     mandatory  critical  CAT-1
openstack-stack-totals-within-quota                                  stack     mandatory  high      CAT-4
openstack-stack-disallow-classified-systems                          stack     mandatory  critical  SEC-1
openstack-stack-level-within-platform                                stack     mandatory  critical  SEC-2
openstack-stack-sensitive-data-require-crypto-service                stack     mandatory  high      SEC-6
openstack-networking-secgrouprule-disallow-wide-port-ranges          resource  mandatory  high      SEC-3 SEC-4
openstack-networking-secgrouprule-disallow-world-egress              resource  mandatory  high      SEC-3 SEC-11
openstack-stack-secgrouprules-match-approved-request                 stack     mandatory  high      SEC-3 SEC-4
"""
"""One rule a line: name, kind, enforcement level, severity, the requirement IDs it cites."""
EXPECTED = {
    name: (kind, EnforcementLevel(level), severity, tuple(requirements))
    for name, kind, level, severity, *requirements in map(str.split, PINNED.strip().splitlines())
}
BY_NAME = {policy.name: policy for policy in POLICIES}
VERB = re.compile(r"^(Disallow|Restrict|Require|Describe|Delete|Keep)\b")


def test_pack_holds_exactly_the_registry_rules() -> None:
    assert PACK_NAME == "govcloud-openstack"
    assert sorted(BY_NAME) == sorted(POLICY_RULES) == sorted(EXPECTED)
    assert len(POLICIES) == 33
    assert sum(isinstance(p, ResourceValidationPolicy) for p in POLICIES) == 25
    assert sum(isinstance(p, StackValidationPolicy) for p in POLICIES) == 8


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rule_is_pinned(name: str) -> None:
    kind, enforcement, severity, requirements = EXPECTED[name]
    policy = BY_NAME[name]
    assert isinstance(policy, ResourceValidationPolicy if kind == "resource" else StackValidationPolicy)
    assert policy.enforcement_level == enforcement
    assert policy.severity == Severity(severity)
    assert POLICY_RULES[name].requirements == requirements
    assert policy.tags == [*requirements, kind]
    assert VERB.match(policy.description), policy.description
    assert all(f"{req}" in policy.description for req in requirements)
    assert policy.remediation_steps
    assert policy.framework is not None
    assert policy.framework.name == "GB/T 22239-2019"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_one_module_per_rule_carries_its_record(name: str) -> None:
    module = rule(name)
    assert module.RULE is POLICY_RULES[name]
    assert module.RULE.id == name == BY_NAME[name].name
    assert callable(module.validate)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_docstring_says_why_and_agrees_with_the_record(name: str) -> None:
    """The record says what (severity, seed, config); the docstring may only cite what the record holds."""
    module = rule(name)
    doc = module.__doc__
    assert doc
    assert doc.splitlines()[0].strip()
    for restated in ("Severity:", "Seed:", "Config:", "Requirement:", "Requirements:"):
        assert restated not in doc, f"{name}: the docstring restates the record ({restated})"
    cited = set(re.findall(r"\b(?:SEC|CAT|LC|OPS|DOC|NET)-\d+\b", doc))
    assert cited <= set(module.RULE.requirements), f"{name}: cites {cited - set(module.RULE.requirements)}"
    keys = {key for key in re.findall(r"``(\w+)``", doc) if key in DESCRIPTIONS}
    assert keys <= set(module.RULE.config_keys), f"{name}: names config {keys - set(module.RULE.config_keys)}"


def test_discovery_finds_exactly_the_rule_modules() -> None:
    """Adding a rule is adding one file: discovery, the registry and the pack agree with the folder."""
    names = [module.RULE.id for module in rule_modules()]
    assert names == sorted(names, key=lambda name: name.replace("-", "_"))
    assert set(names) == set(POLICY_RULES) == set(BY_NAME)
    assert [policy.name for policy in POLICIES] == names


def test_no_stray_rule_modules() -> None:
    modules = {path.stem.replace("_", "-") for path in RULES_DIR.glob("openstack_*.py")}
    assert modules == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_config_schema_lists_the_registry_keys_with_defaults(name: str) -> None:
    policy = BY_NAME[name]
    keys = POLICY_RULES[name].config_keys
    if not keys:
        assert policy.config_schema is None
        return
    assert policy.config_schema is not None
    assert sorted(policy.config_schema.properties) == sorted(keys)
    for schema in policy.config_schema.properties.values():
        assert "default" in schema
        assert schema["description"]


def test_remediation_only_where_documented() -> None:
    remediating = sorted(name for name, info in POLICY_RULES.items() if info.remediates)
    assert remediating == [
        "openstack-blockstorage-volume-require-metadata-tags",
        "openstack-compute-instance-require-metadata-tags",
    ]
    for name in remediating:
        policy = BY_NAME[name]
        assert isinstance(policy, ResourceValidationPolicy)
        assert policy.has_remediation()
    others = [p for name, p in BY_NAME.items() if name not in remediating]
    assert not any(isinstance(p, ResourceValidationPolicy) and p.has_remediation() for p in others)
