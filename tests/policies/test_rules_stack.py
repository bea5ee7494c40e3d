"""Level 1: stack policies over hand-built ``StackValidationArgs``; exact messages and the URN reported."""

from __future__ import annotations

from typing import Any

import pytest
from policy_harness import make_stack_args, policy, resource, run_policy, run_policy_with_urns, urn
from pulumi_policy.policy import _NotApplicableError
from pulumi_policy.proxy import UNKNOWN_ARRAY_VALUE

from govcloud.policy.config import defaults
from govcloud.policy.resource_types import FLOATING_IP, INSTANCE, PORT, VOLUME
from govcloud.provisioning import tags

classified = policy("openstack-stack-disallow-classified-systems")
protection = policy("openstack-stack-level3-servers-require-protection")
platform = policy("openstack-stack-level-within-platform")
approved = policy("openstack-stack-resources-require-approved-request")
crypto = policy("openstack-stack-sensitive-data-require-crypto-service")
security_group = policy("openstack-stack-servers-require-security-group")
quota = policy("openstack-stack-totals-within-quota")

CONFIG: dict[str, Any] = {
    "level": 3.0,
    "platformLevel": 3.0,
    "classification": "internal",
    "exposure": "internet-facing",
    "services": ["backup", "bastion", "floating-ip", "hids", "waf"],
    "hidsLicences": 2.0,
    "offsiteBackup": True,
    "allowedResourceTypes": defaults()["allowedResourceTypes"],
    "approvedServersPerTier": {"web": 1.0, "db": 1.0},
    "quota": {
        "instances": 2.0,
        "vcpus": 12.0,
        "ramMiB": 73728.0,
        "volumes": 2.0,
        "volumeGiB": 600.0,
        "floatingIps": 1.0,
    },
    "flavorSizes": {"g.4c8g": {"vcpus": 4.0, "ramMiB": 8192.0}, "m.8c64g": {"vcpus": 8.0, "ramMiB": 65536.0}},
}


def server(name: str, tier: str, flavor: str, **fields: Any) -> Any:
    metadata = {tags.TIER: tier, tags.LEVEL: "3", tags.CLASSIFICATION: "internal"}
    props = {
        "name": name,
        "flavorName": flavor,
        "securityGroups": [f"sg-{tier}"],
        "metadata": metadata,
        **fields,
    }
    return resource(INSTANCE, name, props)


def compliant() -> list[Any]:
    return [
        server("web-1", "web", "g.4c8g"),
        server("db-1", "db", "m.8c64g"),
        resource(VOLUME, "web-1-data", {"size": 100.0, "volumeType": "ssd-luks"}),
        resource(VOLUME, "db-1-data", {"size": 500.0, "volumeType": "ssd-luks"}),
        resource(FLOATING_IP, "web-1-fip", {"pool": "public"}),
    ]


ALL = [security_group, protection, approved, quota, classified, platform, crypto]


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.name)
def test_compliant_stack(module: Any) -> None:
    assert run_policy(module, make_stack_args(compliant(), CONFIG)) == []


def test_server_without_any_group() -> None:
    lonely = server("app-1", "web", "g.4c8g", securityGroups=[])
    assert run_policy_with_urns(security_group, make_stack_args([lonely], CONFIG)) == [
        (
            (
                "Instance 'app-1' is in no security group, directly or through its ports (SEC-3): attach its tier's "
                "security group."
            ),
            urn(INSTANCE, "app-1"),
        )
    ]


def test_server_covered_through_its_port_even_when_ids_are_unknown() -> None:
    """During preview the port's group ids are unknown; the rule still runs and does not guess a violation."""
    port = resource(PORT, "app-1-port", {"securityGroupIds": UNKNOWN_ARRAY_VALUE})
    behind = resource(
        INSTANCE, "app-1", {"networks": [{"port": "x"}], "securityGroups": []}, dependencies=[port]
    )
    assert run_policy(security_group, make_stack_args([port, behind], CONFIG)) == []
    bare = resource(PORT, "app-2-port", {"securityGroupIds": []})
    behind_bare = resource(INSTANCE, "app-2", {"securityGroups": []}, dependencies=[bare])
    assert len(run_policy(security_group, make_stack_args([bare, behind_bare], CONFIG))) == 1


def test_level3_without_hids_and_offsite_backup() -> None:
    config = {**CONFIG, "services": ["backup", "bastion", "waf"], "offsiteBackup": False}
    messages = run_policy(protection, make_stack_args(compliant()[:1], config))
    assert messages == [
        (
            "Instance 'web-1' of a level-3 system is not covered by hids, off-site backup (SEC-10, SEC-11, OPS-3): "
            "order them in the request (sec.hids, bak.daily.offsite, ...)."
        )
    ]


def test_level3_with_too_few_hids_licences() -> None:
    messages = run_policy(protection, make_stack_args(compliant(), {**CONFIG, "hidsLicences": 1.0}))
    assert messages == [
        (
            "Instance 'db-1' of a level-3 system is not covered by a HIDS licence (1 ordered) (SEC-10, SEC-11, OPS-3): "
            "order them in the request (sec.hids, bak.daily.offsite, ...)."
        )
    ]


def test_level2_extranet_system_needs_nothing() -> None:
    config = {**CONFIG, "level": 2.0, "exposure": "extranet-only", "services": [], "offsiteBackup": False}
    assert run_policy(protection, make_stack_args(compliant(), config)) == []


def test_resource_not_covered_by_the_request() -> None:
    extra = resource("openstack:loadbalancer/loadBalancer:LoadBalancer", "lb", {})
    assert run_policy_with_urns(approved, make_stack_args([*compliant(), extra], CONFIG)) == [
        (
            (
                "openstack:loadbalancer/loadBalancer:LoadBalancer 'lb' is not a catalogue resource the request covers "
                "(CAT-1): remove it or file a change request (LC-8)."
            ),
            urn("openstack:loadbalancer/loadBalancer:LoadBalancer", "lb"),
        )
    ]


def test_server_beyond_its_tier() -> None:
    stack = [*compliant(), server("web-2", "web", "g.4c8g")]
    assert run_policy(approved, make_stack_args(stack, CONFIG)) == [
        (
            "Instance 'web-2' is server 2 of tier web, which the request approves 1 of (CAT-1): remove it or file "
            "a change request (LC-8)."
        )
    ]


def test_totals_above_quota() -> None:
    stack = [*compliant(), resource(VOLUME, "extra", {"size": 200.0, "volumeType": "ssd-luks"})]
    assert run_policy(quota, make_stack_args(stack, CONFIG)) == [
        "The stack builds 3 volumes, above the approved 2 (CAT-4): reduce them or file a scale-up request (LC-8).",
        (
            "The stack builds 800 GiB of volumes, above the approved 600 (CAT-4): reduce them or file a scale-up "
            "request (LC-8)."
        ),
    ]


def test_quota_not_applicable_without_a_request() -> None:
    with pytest.raises(_NotApplicableError):
        run_policy(quota, make_stack_args(compliant(), {**CONFIG, "quota": {}}))


def test_classified_system_and_resource() -> None:
    tagged = server("x-1", "web", "g.4c8g", metadata={tags.CLASSIFICATION: "classified"})
    messages = run_policy_with_urns(
        classified, make_stack_args([tagged], {**CONFIG, "classification": "classified"})
    )
    assert messages == [
        (
            (
                "The stack belongs to a classified system (SEC-1): classified systems are deployed on a classified "
                "network, never on the government cloud."
            ),
            None,
        ),
        (
            f"{INSTANCE} 'x-1' is tagged govcloud.classification=classified (SEC-1): remove it from the government cloud.",
            urn(INSTANCE, "x-1"),
        ),
    ]


def test_level_above_platform() -> None:
    tagged = server("x-1", "web", "g.4c8g", metadata={tags.LEVEL: "4"})
    assert run_policy(platform, make_stack_args([tagged], {**CONFIG, "level": 4.0})) == [
        (
            "The system is 等保 level 4, above the platform's level 3 (SEC-2): re-grade it or host it on a platform of "
            "its level."
        ),
        f"{INSTANCE} 'x-1' is tagged level 4, above the platform's level 3 (SEC-2): re-grade the system or move it.",
    ]


def test_sensitive_data_without_crypto() -> None:
    config = {**CONFIG, "classification": "sensitive"}
    assert run_policy(crypto, make_stack_args(compliant(), config)) == [
        (
            "The system holds 敏感 data but its request orders no commercial cryptography service (SEC-6): order "
            "sec.crypto and plan SM2/SM3/SM4 in from the start."
        )
    ]
    config["services"] = [*CONFIG["services"], "crypto"]
    assert run_policy(crypto, make_stack_args(compliant(), config)) == []
