"""Level 2: the policies over the resources of the real stack program, run under Pulumi mocks.

The program runs in a child process (``govcloud.mock_capture``: one ``set_mocks`` per process), so this
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

from govcloud import offline_review, policy_config

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
