"""Level 3: the pack exactly as the engine runs it — ``python -u -m pulumi.policy`` over gRPC on 127.0.0.1.

Public protos only (``pulumi.runtime.proto``): GetAnalyzerInfo, Configure with the generated per-stack
config, Analyze (a violating resource gives a MANDATORY diagnostic; an unknown value during preview
gives the SDK's ADVISORY "can't run policy"), AnalyzeStack and Remediate.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from google.protobuf import struct_pb2  # type: ignore[import-untyped]
from pulumi.runtime.proto import analyzer_pb2 as pb
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from govcloud.policy import config as policy_config
from govcloud.policy.analyzer import Analyzer
from govcloud.policy.resource_types import INSTANCE, SEC_GROUP_RULE, VOLUME

if TYPE_CHECKING:
    from collections.abc import Iterator

PACK_DIR = Path(__file__).resolve().parents[2] / "policies"
ROOT = PACK_DIR.parent
ADMIN = "openstack-networking-secgrouprule-disallow-public-admin-ports"
ENCRYPTED = "openstack-blockstorage-volume-require-encrypted-type"


@pytest.fixture(scope="module")
def analyzer() -> Iterator[Analyzer]:
    with Analyzer(PACK_DIR, project="govcloud", stack="gov-portal") as running:
        running.configure(policy_config.effective(policy_config.for_stack(ROOT, "gov-portal")))
        yield running


def test_analyzer_info(analyzer: Analyzer) -> None:
    info = analyzer.info()
    assert info.name == "govcloud-openstack"
    assert info.supportsConfig
    policies = {policy.name: policy for policy in info.policies}
    assert len(policies) == 35  # the 33 rules and the two that report waived violations
    for reporter in ("govcloud-waived-findings", "govcloud-waived-stack-findings"):
        assert policies[reporter].enforcementLevel == pb.ADVISORY
    admin = policies[ADMIN]
    assert admin.enforcementLevel == pb.MANDATORY
    assert admin.severity == pb.POLICY_SEVERITY_CRITICAL
    assert admin.policy_type == pb.PolicyType.POLICY_TYPE_RESOURCE
    assert list(admin.tags) == ["SEC-3", "SEC-10", "resource"]
    assert sorted(admin.configSchema.properties) == ["adminPorts", "worldCidrs"]
    assert policies["openstack-networking-secgroup-delete-default-rules"].enforcementLevel == pb.ADVISORY
    assert policies["openstack-stack-totals-within-quota"].policy_type == pb.PolicyType.POLICY_TYPE_STACK


def test_world_ssh_is_a_mandatory_diagnostic(analyzer: Analyzer) -> None:
    props = {
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "portRangeMin": 22,
        "portRangeMax": 22,
        "remoteIpPrefix": "0.0.0.0/0",
        "description": "ssh",
    }
    urn = f"urn:pulumi:gov-portal::govcloud::{SEC_GROUP_RULE}::web-ssh"
    response = analyzer.analyze(SEC_GROUP_RULE, "web-ssh", urn, props)
    found = {(d.policyName, d.enforcementLevel, d.severity) for d in response.diagnostics}
    assert (ADMIN, pb.MANDATORY, pb.POLICY_SEVERITY_CRITICAL) in found
    admin = next(d for d in response.diagnostics if d.policyName == ADMIN)
    assert admin.message.splitlines() == [
        "Disallow ingress from 0.0.0.0/0 or ::/0 to administration and database ports (SEC-3, SEC-10).",
        (
            "SecGroupRule 'web-ssh' opens admin/database port(s) 22 (22/tcp) to 0.0.0.0/0 (SEC-3, SEC-10): take the "
            "source from the bastion CIDRs or a remote security group."
        ),
    ]
    assert admin.policyPackName == "govcloud-openstack"


def test_configured_request_values_reach_the_policy(analyzer: Analyzer) -> None:
    """gov-portal is level 3: a plaintext 'ssd' volume violates SEC-11; the config came through Configure."""
    urn = f"urn:pulumi:gov-portal::govcloud::{VOLUME}::v"
    response = analyzer.analyze(VOLUME, "v", urn, {"size": 100, "volumeType": "ssd"})
    messages = {d.policyName: d.message.splitlines()[-1] for d in response.diagnostics}
    assert messages[ENCRYPTED] == (
        "Volume 'v' uses unencrypted volume type ssd for a level-3 internal system (SEC-11): use an encrypted "
        "type (ssd-luks, ssd-sm4)."
    )
    assert "openstack-blockstorage-volume-require-catalogue-type" in messages  # only ssd-luks is approved


def test_reconfigure_with_lenient_values(analyzer: Analyzer) -> None:
    lenient = policy_config.effective(policy_config.load(PACK_DIR / "config" / "lenient.json"))
    try:
        analyzer.configure({**lenient, ENCRYPTED: ("mandatory", {**lenient[ENCRYPTED][1], "level": 2})})
        urn = f"urn:pulumi:gov-portal::govcloud::{VOLUME}::v"
        response = analyzer.analyze(VOLUME, "v", urn, {"size": 100, "volumeType": "ssd"})
        assert ENCRYPTED not in {d.policyName for d in response.diagnostics}
    finally:
        analyzer.configure(policy_config.effective(policy_config.for_stack(ROOT, "gov-portal")))


def test_unknown_value_during_preview_is_an_advisory_skip(analyzer: Analyzer) -> None:
    props = {"direction": "ingress", "protocol": "tcp", "portRangeMin": 22, "portRangeMax": 22}
    props["remoteIpPrefix"] = UNKNOWN_STRING_VALUE
    urn = f"urn:pulumi:gov-portal::govcloud::{SEC_GROUP_RULE}::computed"
    response = analyzer.analyze(SEC_GROUP_RULE, "computed", urn, props)
    skipped = [d for d in response.diagnostics if d.policyName == ADMIN]
    assert len(skipped) == 1
    assert skipped[0].enforcementLevel == pb.ADVISORY
    # The SDK always reports v0.0.1 itself; the engine shows PulumiPolicy.yaml's version (0.1.0) instead.
    assert skipped[0].message == (
        f"can't run policy '{ADMIN}' from policy pack 'govcloud-openstack@v0.0.1' during preview: "
        "string value at .remoteIpPrefix can't be known during preview"
    )


def test_analyze_stack_reports_with_urns(analyzer: Analyzer) -> None:
    server_urn = f"urn:pulumi:gov-portal::govcloud::{INSTANCE}::lonely"
    records = [
        {
            "type": INSTANCE,
            "name": "lonely",
            "urn": server_urn,
            "props": {"name": "lonely", "securityGroups": []},
        }
    ]
    response = analyzer.analyze_stack(records)
    found = {(d.policyName, d.urn) for d in response.diagnostics}
    assert ("openstack-stack-servers-require-security-group", server_urn) in found


def test_remediate_fills_request_metadata(analyzer: Analyzer) -> None:
    config = policy_config.effective(policy_config.for_stack(ROOT, "gov-portal"))
    name = "openstack-compute-instance-require-metadata-tags"
    try:
        analyzer.configure({**config, name: ("remediate", config[name][1])})
        props = struct_pb2.Struct()
        props.update({"name": "s", "metadata": {"govcloud.system": "gov-portal"}})
        urn = f"urn:pulumi:gov-portal::govcloud::{INSTANCE}::s"
        response = analyzer.stub.Remediate(
            pb.AnalyzeRequest(type=INSTANCE, name="s", urn=urn, properties=props)
        )
        fixed = {r.policyName: r for r in response.remediations}
        metadata = fixed[name].properties["metadata"]
        assert metadata["govcloud.request-id"] == "REQ-2026-0042"
        assert metadata["govcloud.mlps-level"] == "3"
    finally:
        analyzer.configure(config)


def test_latency_is_measured(analyzer: Analyzer) -> None:
    """Figures for the report: start-up of the analyzer and per-resource Analyze round trips."""
    urn = f"urn:pulumi:gov-portal::govcloud::{VOLUME}::v"
    started = time.monotonic()
    for _ in range(50):
        analyzer.analyze(VOLUME, "v", urn, {"size": 100, "volumeType": "ssd-luks"})
    per_call_ms = (time.monotonic() - started) * 1000 / 50
    print(f"analyzer start-up {analyzer.startup_seconds:.2f} s; Analyze {per_call_ms:.2f} ms per resource")  # noqa: T201
    assert analyzer.startup_seconds < 30
    assert per_call_ms < 500
