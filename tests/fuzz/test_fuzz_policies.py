"""Fuzzing the policy pack: every rule over generated resource properties and stacks, never a crash.

The analyzer hands a rule whatever a program sent: any JSON value under any property, numbers as
floats (NaN and infinities included: protobuf carries them), lists where strings were expected. A rule
that raised would fail the preview with a Python traceback instead of a verdict. Properties are drawn
per resource type from the names the rules read, plus an unrelated one; the config is the default or
one generated from an example stack.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from fuzz_settings import RUNS, count, fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy
from pulumi_policy.policy import _NotApplicableError

from govcloud.policy import config as policy_config
from govcloud.policy.resource_types import (
    FLOATING_IP,
    INSTANCE,
    KEYPAIR,
    PORT,
    ROUTER,
    SEC_GROUP,
    SEC_GROUP_RULE,
    VOLUME,
)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "policies"))

from policy_harness import make_args, make_stack_args, pack, resource, run_policy  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]

PROPERTIES = {
    SEC_GROUP_RULE: (
        "direction", "ethertype", "protocol", "portRangeMin", "portRangeMax", "remoteIpPrefix",
        "remoteGroupId", "remoteAddressGroupId", "description", "securityGroupId",
    ),
    SEC_GROUP: ("name", "description", "deleteDefaultRules", "tags"),
    INSTANCE: (
        "name", "flavorName", "imageName", "keyPair", "adminPass", "metadata", "securityGroups", "networks",
    ),
    VOLUME: ("name", "size", "volumeType", "metadata"),
    PORT: ("name", "portSecurityEnabled", "noSecurityGroups", "securityGroupIds", "allowedAddressPairs", "tags"),
    FLOATING_IP: ("pool", "tags"),
    ROUTER: ("name", "externalNetworkId", "tags"),
    KEYPAIR: ("name", "publicKey"),
}  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(),
    st.sampled_from(
        [
            "",
            "ingress",
            "egress",
            "tcp",
            "udp",
            "icmp",
            "IPv6",
            "0.0.0.0/0",
            "::/0",
            "10.0.0.0/8",
            "22",
            "ssd",
            "ssd-luks",
            "*",
        ]
    ),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
# What real programs send, so a draw also reaches the rules' deeper branches (a world-open SSH rule,
# an oversized volume, a wrong grading tag), not only their type checks.
REALISTIC: dict[str, list[Any]] = {
    "direction": ["ingress", "egress"],
    "ethertype": ["IPv4", "IPv6"],
    "protocol": ["tcp", "udp", "icmp", ""],
    "portRangeMin": [0, 22, 80, 443, 3389, 1, 1024],
    "portRangeMax": [0, 22, 80, 443, 3389, 65535, 2000],
    "remoteIpPrefix": ["0.0.0.0/0", "::/0", "10.250.0.0/24", "59.202.0.0/16", "8.8.8.0/24", ""],
    "description": ["", "https from the zone", "x"],
    "flavorName": ["g.2c4g", "m.8c64g", "x.huge"],
    "imageName": ["debian-12-hardened", "ubuntu-latest"],
    "volumeType": ["ssd", "ssd-luks", "sata", "nvme"],
    "size": [0, 10, 4096, 99999, 10.5],
    "adminPass": ["", "hunter2"],
    "keyPair": ["", "ops"],
    "portSecurityEnabled": [True, False],
    "allowedAddressPairs": [[{"ipAddress": "0.0.0.0/0"}], [{"ipAddress": "10.0.0.5"}]],
    "metadata": [
        {"govcloud.mlps-level": "2", "govcloud.classification": "internal", "govcloud.request-id": "REQ-1"},
        {"govcloud.mlps-level": "3", "govcloud.classification": "classified"},
    ],
    "externalNetworkId": ["public", ""],
}
CONFIGS = [
    policy_config.defaults(),
    {
        **policy_config.defaults(),
        "level": 4,
        "classification": "classified",
        "exposure": "internet-facing",
        "requestId": "REQ-2026-0001",
    },
    {**policy_config.defaults(), "classification": "sensitive", "services": [], "level": 3},
] + [
    {
        key: value
        for _, values in policy_config.effective(policy_config.for_stack(ROOT, stack)).values()
        for key, value in values.items()
    }
    for stack in ("gov-portal", "approval", "data-exchange")
]
RESOURCE_POLICIES = [p for p in pack().POLICIES if isinstance(p, ResourceValidationPolicy)]
STACK_POLICIES = [p for p in pack().POLICIES if isinstance(p, StackValidationPolicy)]


@st.composite
def resources(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    kind = draw(st.sampled_from(sorted(PROPERTIES)))
    names = draw(st.lists(st.sampled_from([*PROPERTIES[kind], "unrelated"]), unique=True, max_size=8))
    props = {}
    for name in names:
        realistic = REALISTIC.get(name)
        props[name] = draw(st.sampled_from(realistic) if realistic and draw(st.booleans()) else VALUES)
    return kind, props


def _run(policy: Any, args: Any) -> list[str]:
    try:
        return run_policy(policy, args)
    except _NotApplicableError:
        return []


@fuzz_settings(RUNS["policy rules over generated properties"])
@given(resources(), st.sampled_from(range(len(CONFIGS))))
def test_every_resource_rule_gives_a_verdict_on_any_properties(
    generated: tuple[str, dict[str, Any]], config: int
) -> None:
    kind, props = generated
    fired = set()
    for policy in RESOURCE_POLICIES:
        if _run(policy, make_args(kind, props, name="fuzzed", config=CONFIGS[config])):
            fired.add(policy.name)
    count("policy rules over generated properties", fired)


@fuzz_settings(RUNS["stack rules over generated stacks"])
@given(st.lists(resources(), max_size=6), st.sampled_from(range(len(CONFIGS))))
def test_every_stack_rule_gives_a_verdict_on_any_stack(
    generated: list[tuple[str, dict[str, Any]]], config: int
) -> None:
    stack = [resource(kind, f"r{index}", props) for index, (kind, props) in enumerate(generated)]
    fired = set()
    for policy in STACK_POLICIES:
        if _run(policy, make_stack_args(stack, config=CONFIGS[config])):
            fired.add(policy.name)
    count("stack rules over generated stacks", fired)
