"""Level 1: the least-privilege rules (SEC-3, SEC-4; GB/T 22239-2019 8.1.3.2), one field changed per test.

Each preview-time case sends the remote group id as the engine does while the group does not exist yet
(the SDK's unknown sentinel): the rules still reach a verdict instead of "can't run policy during preview".
"""

from __future__ import annotations

from typing import Any

import pytest
from policy_harness import make_args, make_stack_args, policy, resource, run_policy, run_policy_with_urns
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from govcloud.policy.resource_types import SEC_GROUP, SEC_GROUP_RULE

wide = policy("openstack-networking-secgrouprule-disallow-wide-port-ranges")
world_egress = policy("openstack-networking-secgrouprule-disallow-world-egress")
matches = policy("openstack-stack-secgrouprules-match-approved-request")

APP_FROM_WEB: dict[str, Any] = {
    "direction": "ingress",
    "ethertype": "IPv4",
    "protocol": "tcp",
    "portRangeMin": 8080.0,
    "portRangeMax": 8080.0,
    "remoteGroupId": UNKNOWN_STRING_VALUE,
    "securityGroupId": UNKNOWN_STRING_VALUE,
    "description": "SEC-4 web to app 8080/tcp: proxy",
}
TO_PARTNER: dict[str, Any] = {
    "direction": "egress",
    "ethertype": "IPv4",
    "protocol": "tcp",
    "portRangeMin": 443.0,
    "portRangeMax": 443.0,
    "remoteIpPrefix": "59.202.10.0/24",
    "securityGroupId": UNKNOWN_STRING_VALUE,
    "description": "SEC-3 app to 59.202.10.0/24 443/tcp: identity platform",
}
APPROVED = [
    {
        "group": "p-app",
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "portMin": 8080,
        "portMax": 8080,
        "remoteIpPrefix": None,
        "remoteGroup": "p-web",
    },
    {
        "group": "p-app",
        "direction": "egress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "portMin": 443,
        "portMax": 443,
        "remoteIpPrefix": "59.202.10.0/24",
        "remoteGroup": None,
    },
]
CONFIG: dict[str, Any] = {
    "maxPortRangeWidth": 16.0,
    "internalCidrs": ["10.96.0.0/12"],
    "minEgressPrefixLength": {"ipv4": 16.0, "ipv6": 32.0},
    "approvedRules": [],
    "requestId": "REQ-1",
}


def check(module: Any, props: dict[str, Any], config: dict[str, Any] | None = None) -> list[str]:
    return run_policy(module, make_args(SEC_GROUP_RULE, props, "r", {**CONFIG, **(config or {})}))


def test_compliant_rules_pass_at_preview() -> None:
    for props in (APP_FROM_WEB, TO_PARTNER):
        assert check(wide, props) == []
        assert check(world_egress, props) == []


def test_all_ports_between_tiers_is_refused_at_preview() -> None:
    props = {**APP_FROM_WEB, "portRangeMin": None, "portRangeMax": None}
    assert check(wide, props) == [
        (
            "SecGroupRule 'r' opens 65535 ports (all ports/tcp) between tiers (SEC-4): open only the ports the flow "
            "needs, at most 16 per rule."
        )
    ]


def test_every_protocol_between_tiers_is_refused() -> None:
    props = {**APP_FROM_WEB, "protocol": None, "portRangeMin": None, "portRangeMax": None}
    assert check(wide, props) == [
        "SecGroupRule 'r' allows every protocol between tiers (SEC-4): name the protocol and the ports the flow needs."
    ]


def test_a_range_just_over_the_bound_is_refused_and_at_the_bound_passes() -> None:
    assert check(wide, {**APP_FROM_WEB, "portRangeMin": 8000.0, "portRangeMax": 8016.0}) != []
    assert check(wide, {**APP_FROM_WEB, "portRangeMin": 8000.0, "portRangeMax": 8015.0}) == []


def test_wide_egress_and_internal_cidr_ingress_are_covered_too() -> None:
    assert check(wide, {**TO_PARTNER, "portRangeMin": 1.0, "portRangeMax": 1024.0}) != []
    internal = {**APP_FROM_WEB, "remoteGroupId": "", "remoteIpPrefix": "10.96.1.0/24", "portRangeMin": None}
    assert check(wide, {**internal, "portRangeMax": None}) != []


def test_ingress_from_outside_the_tenant_is_left_to_the_unbounded_ingress_rule() -> None:
    outside = {**APP_FROM_WEB, "remoteGroupId": "", "remoteIpPrefix": "59.202.0.0/16", "portRangeMin": None}
    assert check(wide, {**outside, "portRangeMax": None}) == []


def test_a_wide_rule_the_request_declares_is_accepted() -> None:
    props = {**APP_FROM_WEB, "portRangeMin": 8000.0, "portRangeMax": 9000.0}
    declared = [{**APPROVED[0], "portMin": 8000, "portMax": 9000}]
    assert check(wide, props, {"approvedRules": declared}) == []


@pytest.mark.parametrize(
    ("prefix", "ethertype"),
    [
        ("0.0.0.0/0", "IPv4"),
        ("0.0.0.0/1", "IPv4"),
        ("128.0.0.0/1", "IPv4"),
        ("::/0", "IPv6"),
        ("2000::/3", "IPv6"),
    ],
)
def test_egress_to_the_world_is_refused_however_split(prefix: str, ethertype: str) -> None:
    messages = check(world_egress, {**TO_PARTNER, "remoteIpPrefix": prefix, "ethertype": ethertype})
    assert messages == [
        (
            f"SecGroupRule 'r' sends 443/tcp to {prefix}, the whole internet (SEC-3): allow only the destinations "
            "the request declares."
        )
    ]


def test_egress_with_no_destination_is_every_address() -> None:
    props = {**TO_PARTNER, "remoteIpPrefix": None, "ethertype": "IPv6"}
    assert check(world_egress, props) == [
        (
            "SecGroupRule 'r' sends 443/tcp to every IPv6 address, the whole internet (SEC-3): allow only the "
            "destinations the request declares."
        )
    ]


def test_egress_to_a_group_unknown_at_preview_is_no_world_egress() -> None:
    assert (
        check(world_egress, {**TO_PARTNER, "remoteIpPrefix": None, "remoteGroupId": UNKNOWN_STRING_VALUE})
        == []
    )


def _stack(rule_props: dict[str, Any], *, remote: bool) -> list[Any]:
    app = resource(SEC_GROUP, "p-sg-app", {"name": "p-app", "deleteDefaultRules": True})
    web = resource(SEC_GROUP, "p-sg-web", {"name": "p-web", "deleteDefaultRules": True})
    built = resource(SEC_GROUP_RULE, "p-rule", rule_props, [app, web])
    built.property_dependencies = {"securityGroupId": [app], **({"remoteGroupId": [web]} if remote else {})}
    return [app, web, built]


def _unaccounted(resources: list[Any], approved: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    args = make_stack_args(resources, {"approvedRules": approved, "requestId": "REQ-1"})
    return run_policy_with_urns(matches, args)


def test_declared_rules_match_through_the_dependency_graph_at_preview() -> None:
    assert _unaccounted(_stack(APP_FROM_WEB, remote=True), APPROVED) == []
    assert _unaccounted(_stack(TO_PARTNER, remote=False), APPROVED) == []


def test_a_rule_the_request_does_not_declare_is_named() -> None:
    props = {**APP_FROM_WEB, "portRangeMin": 5432.0, "portRangeMax": 5432.0}
    ((message, urn),) = _unaccounted(_stack(props, remote=True), APPROVED)
    assert message == (
        "SecGroupRule 'p-rule' (p-app ingress 5432/tcp from p-web) is not a rule the approved request REQ-1 declares "
        "(SEC-4): build only the declared flows, or change the request (LC-8)."
    )
    assert urn is not None
    assert urn.endswith("::p-rule")


def test_the_same_rule_on_another_group_is_not_declared() -> None:
    app = resource(SEC_GROUP, "p-sg-app", {"name": "p-app"})
    web = resource(SEC_GROUP, "p-sg-web", {"name": "p-web"})
    flipped = resource(SEC_GROUP_RULE, "p-rule", APP_FROM_WEB, [app, web])
    flipped.property_dependencies = {"securityGroupId": [web], "remoteGroupId": [app]}
    assert len(_unaccounted([app, web, flipped], APPROVED)) == 1


def test_a_rule_on_a_group_outside_the_stack_is_never_declared() -> None:
    props = {**TO_PARTNER, "securityGroupId": "0b5d-existing-group"}
    ((message, _urn),) = _unaccounted([resource(SEC_GROUP_RULE, "p-rule", props)], APPROVED)
    assert "a group outside the stack (0b5d-existing-group) egress 443/tcp to 59.202.10.0/24" in message


def test_not_bound_to_a_request_is_not_applicable() -> None:
    args = make_stack_args(_stack(APP_FROM_WEB, remote=True), {"approvedRules": [], "requestId": ""})
    assert run_policy_with_urns(matches, args) == []
