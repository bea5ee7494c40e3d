"""Level 2: the policies over the resources of the real stack program, run under Pulumi mocks.

The program runs in a child process (``govcloud.policy.mock_capture``: one ``set_mocks`` per process), so this
file shares a pytest process with tests/stacks. The records carry what the engine sends
(type, name, URN, camelCase props, dependencies), and every policy runs on them in-process with the
stack's generated config.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from policy_harness import make_args, pack, run_policy
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationPolicy,
    StackValidationArgs,
)
from pulumi_policy.proxy import unknown_checking_proxy

from govcloud.policy import config as policy_config
from govcloud.policy import offline as offline_review

ROOT = Path(__file__).resolve().parents[2]
POLICIES = pack().POLICIES
STACKS = ["gov-portal", "approval", "data-exchange"]


@cache
def records(stack: str) -> tuple[dict[str, Any], ...]:
    return tuple(offline_review.capture(ROOT, stack))


def violations(stack: str, resources: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """(policy, level, resource name) for every violation, resource and stack policies alike."""
    effective = policy_config.effective(policy_config.for_stack(ROOT, stack))
    found: set[tuple[str, str, str]] = set()
    for policy in POLICIES:
        level, config = effective[policy.name]
        if isinstance(policy, ResourceValidationPolicy):
            for record in resources:
                args = make_args(record["type"], record["props"], record["name"], dict(config))
                found |= {(policy.name, level, record["name"]) for _ in run_policy(policy, args)}
        else:
            stack_args = StackValidationArgs(_policy_resources(resources), dict(config), {})
            collected: list[str | None] = []

            def report(_message: str, urn: str | None = None, into: list[str | None] = collected) -> None:
                into.append(urn)

            policy.validate(stack_args, report)
            found |= {(policy.name, level, (urn or "(stack)").rsplit("::", 1)[-1]) for urn in collected}
    return found


def _policy_resources(resources: list[dict[str, Any]]) -> list[PolicyResource]:
    options = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])  # noqa: FBT003
    built = {
        record["urn"]: PolicyResource(
            record["type"],
            unknown_checking_proxy(record["props"]),
            record["urn"],
            record["name"],
            options,
            None,
            None,
            [],
            {},
        )
        for record in resources
    }
    for record in resources:
        built[record["urn"]].dependencies = [built[urn] for urn in record["dependencies"] if urn in built]
        built[record["urn"]].property_dependencies = {
            key: [built[urn] for urn in urns if urn in built]
            for key, urns in record.get("propertyDependencies", {}).items()
        }
    return list(built.values())


@pytest.mark.parametrize("stack", STACKS)
def test_example_stack_passes_every_policy(stack: str) -> None:
    captured = list(records(stack))
    assert {record["type"] for record in captured} >= {
        "openstack:compute/instance:Instance",
        "openstack:networking/secGroupRule:SecGroupRule",
        "govcloud:compute:Server",
    }
    assert violations(stack, captured) == set()


def test_prop_names_are_the_engines_camel_case() -> None:
    """Pin the wire names the validators read, from the real program's registrations (STYLE 11)."""
    props: dict[str, set[str]] = {}
    for record in records("gov-portal"):
        props.setdefault(record["type"], set()).update(record["props"])
    assert {"direction", "ethertype", "protocol", "portRangeMin", "portRangeMax", "remoteIpPrefix"} <= props[
        "openstack:networking/secGroupRule:SecGroupRule"
    ]
    assert {"remoteGroupId", "description", "securityGroupId"} <= props[
        "openstack:networking/secGroupRule:SecGroupRule"
    ]
    assert {"description", "deleteDefaultRules"} <= props["openstack:networking/secGroup:SecGroup"]
    assert {"flavorName", "imageName", "keyPair", "metadata", "networks"} <= props[
        "openstack:compute/instance:Instance"
    ]
    assert {"size", "volumeType", "metadata"} <= props["openstack:blockstorage/volume:Volume"]
    assert {"publicKey"} <= props["openstack:compute/keypair:Keypair"]


def _mutated(stack: str, resource_type: str, **changes: Any) -> list[dict[str, Any]]:
    changed = [copy.deepcopy(record) for record in records(stack)]
    target = next(record for record in changed if record["type"] == resource_type)
    target["props"].update(changes)
    return changed


def test_plaintext_volume_in_the_real_program_is_caught() -> None:
    found = violations(
        "gov-portal", _mutated("gov-portal", "openstack:blockstorage/volume:Volume", volumeType="ssd")
    )
    assert {(name, level) for name, level, _ in found} == {
        ("openstack-blockstorage-volume-require-encrypted-type", "mandatory"),
        ("openstack-blockstorage-volume-require-catalogue-type", "mandatory"),
    }


def test_world_ssh_in_the_real_program_is_caught() -> None:
    changes = {
        "direction": "ingress",
        "protocol": "tcp",
        "portRangeMin": 22.0,
        "portRangeMax": 22.0,
        "remoteIpPrefix": "0.0.0.0/0",
        "remoteGroupId": None,
    }
    found = violations(
        "gov-portal", _mutated("gov-portal", "openstack:networking/secGroupRule:SecGroupRule", **changes)
    )
    assert {name for name, _, _ in found} == {
        "openstack-networking-secgrouprule-disallow-public-admin-ports",
        "openstack-networking-secgrouprule-restrict-internet-ingress-ports",
        "openstack-networking-secgrouprule-require-bastion-for-management",
        "openstack-stack-secgrouprules-match-approved-request",
    }


def _rule_record(stack: str, name: str, tier: str, props: dict[str, Any]) -> dict[str, Any]:
    """An extra rule on ``tier``'s group, wired into the dependency graph as the program would wire it."""
    group = next(
        r for r in records(stack) if r["type"].endswith("secGroup:SecGroup") and r["name"].endswith(tier)
    )
    typ = "openstack:networking/secGroupRule:SecGroupRule"
    dependencies = {"securityGroupId": [group["urn"]]}
    if "remoteGroupId" in props:
        remote = next(
            r
            for r in records(stack)
            if r["type"] == group["type"] and r["name"].endswith(props["remoteGroupId"])
        )
        dependencies["remoteGroupId"] = [remote["urn"]]
        props = {**props, "remoteGroupId": f"{remote['name']}_id"}
    return {
        "urn": f"urn:pulumi:{stack}::govcloud::{typ}::{name}",
        "type": typ,
        "name": name,
        "props": {"securityGroupId": f"{group['name']}_id", "ethertype": "IPv4", "description": "x", **props},
        "dependencies": [urn for urns in dependencies.values() for urn in urns],
        "propertyDependencies": dependencies,
    }


def test_all_ports_between_tiers_world_egress_and_ipv6_world_are_caught() -> None:
    """The least-privilege rules (SEC-3, SEC-4) on the real program's graph, one violation each."""
    extra = [
        _rule_record(
            "gov-portal", "all-tcp", "db", {"direction": "ingress", "protocol": "tcp", "remoteGroupId": "web"}
        ),
        _rule_record(
            "gov-portal",
            "split",
            "app",
            {
                "direction": "egress",
                "protocol": "tcp",
                "portRangeMin": 443.0,
                "portRangeMax": 443.0,
                "remoteIpPrefix": "128.0.0.0/1",
            },
        ),
        _rule_record(
            "gov-portal", "v6", "web", {"direction": "egress", "ethertype": "IPv6", "remoteIpPrefix": "::/0"}
        ),
    ]
    found = violations("gov-portal", [*records("gov-portal"), *extra])
    assert found == {
        ("openstack-networking-secgrouprule-disallow-wide-port-ranges", "mandatory", "all-tcp"),
        ("openstack-stack-secgrouprules-match-approved-request", "mandatory", "all-tcp"),
        ("openstack-networking-secgrouprule-disallow-world-egress", "mandatory", "split"),
        ("openstack-stack-secgrouprules-match-approved-request", "mandatory", "split"),
        ("openstack-networking-secgrouprule-disallow-wide-port-ranges", "mandatory", "v6"),
        ("openstack-networking-secgrouprule-disallow-world-egress", "mandatory", "v6"),
        ("openstack-stack-secgrouprules-match-approved-request", "mandatory", "v6"),
    }


def test_floating_ip_on_an_extranet_stack_is_caught() -> None:
    captured = list(records("approval"))
    captured.append(
        {
            "urn": "urn:pulumi:approval::govcloud::openstack:networking/floatingIp:FloatingIp::extra-fip",
            "type": "openstack:networking/floatingIp:FloatingIp",
            "name": "extra-fip",
            "props": {"pool": "public"},
            "dependencies": [],
        }
    )
    found = violations("approval", captured)
    assert (
        "openstack-networking-floatingip-disallow-for-extranet-systems",
        "mandatory",
        "extra-fip",
    ) in found
    assert ("openstack-stack-totals-within-quota", "mandatory", "(stack)") in found
