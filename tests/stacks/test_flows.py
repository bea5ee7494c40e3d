"""The exact rule list derived from a request's declared flows (SEC-3, SEC-4; GB/T 22239-2019 8.1.3.2).

Pure data, no Pulumi: each test reads an example request's plan, or the example with one flow changed,
and checks one property of the rules the stack will build and the pack will accept.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from govcloud import controls, flows
from govcloud.catalogue.model import load_default
from govcloud.loader import load_path
from govcloud.provisioning.plan import TenantPlan, build_plan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "requests" / "examples"
BASTION = "10.250.0.0/24"


def _request(name: str) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(load_path(EXAMPLES / name).data)
    return data


def _plan(request: dict[str, Any]) -> TenantPlan:
    return build_plan(request, load_default())


@pytest.fixture(scope="module")
def portal() -> TenantPlan:
    return _plan(_request("gov-portal.yaml"))


def _rules(plan: TenantPlan, tier: str, direction: str) -> set[tuple[Any, ...]]:
    return {
        (r.protocol, r.port_min, r.port_max, r.remote_tier or r.remote_ip_prefix)
        for r in plan.rules
        if r.tier == tier and r.direction == direction
    }


def test_only_the_entry_tier_accepts_the_world_and_only_on_80_443(portal: TenantPlan) -> None:
    world = {
        (r.tier, r.port_min, r.port_max)
        for r in portal.rules
        if r.direction == "ingress" and not r.remote_tier and controls.is_world_cidr(r.remote_ip_prefix)
    }
    assert world == {("web", 80, 80), ("web", 443, 443)}, "SEC-3"


def test_ssh_comes_only_from_the_bastion_on_every_tier(portal: TenantPlan) -> None:
    ssh = {
        (r.tier, r.remote_ip_prefix, r.remote_tier) for r in portal.rules if r.port_min == controls.SSH_PORT
    }
    assert ssh == {(tier, BASTION, None) for tier in ("web", "app", "db")}, "SEC-4"


def test_each_tier_accepts_exactly_its_declared_ports(portal: TenantPlan) -> None:
    ssh = ("tcp", 22, 22, BASTION)
    assert _rules(portal, "app", "ingress") == {ssh, ("tcp", 8080, 8080, "web")}
    assert _rules(portal, "db", "ingress") == {ssh, ("tcp", 5432, 5432, "app")}, "no all-ports rule (SEC-4)"


def test_a_flow_between_tiers_opens_both_ends_and_nothing_wider(portal: TenantPlan) -> None:
    web_out = _rules(portal, "web", "egress")
    assert ("tcp", 8080, 8080, "app") in web_out
    assert not any(peer == "db" for *_ports, peer in web_out), "web never reaches the database"
    assert ("tcp", 5432, 5432, "db") in _rules(portal, "app", "egress")


def test_egress_goes_only_to_declared_destinations_and_platform_services(portal: TenantPlan) -> None:
    platform = {service.cidr for service in load_default().platform.network.provider_services}
    for rule in portal.rules:
        if rule.direction != "egress":
            continue
        assert rule.port_min is not None, f"egress rule {rule.key} of {rule.tier} opens every port"
        assert rule.remote_tier or rule.remote_ip_prefix in {*platform, "59.202.10.0/24"}, rule
        assert not controls.is_world_cidr(rule.remote_ip_prefix) or rule.remote_tier, rule


def test_every_tier_reaches_the_platform_services(portal: TenantPlan) -> None:
    services = load_default().platform.network.provider_services
    for tier in portal.tiers:
        egress = _rules(portal, tier, "egress")
        for service in services:
            for port in service.ports:
                assert (service.protocol, port, port, service.cidr) in egress, (tier, service.id)


def test_ipv6_is_denied_unless_declared(portal: TenantPlan) -> None:
    assert {r.ethertype for r in portal.rules} == {"IPv4"}
    request = _request("gov-portal.yaml")
    request["spec"]["network"]["egress"].append(
        {
            "tier": "app",
            "to": "2400:da00:0:0::/32",
            "protocol": "tcp",
            "ports": [443],
            "reason": {"zh": "x", "en": "x"},
        }
    )
    (v6,) = [r for r in _plan(request).rules if r.ethertype == "IPv6"]
    assert (v6.tier, v6.direction, v6.remote_ip_prefix) == ("app", "egress", "2400:da00::/32"), (
        "compressed as Neutron"
    )


def test_peer_flow_builds_both_ends_on_the_same_group() -> None:
    plan = _plan(_request("approval-system.yaml"))
    assert ("tcp", 5432, 5432, "db") in _rules(plan, "db", "ingress")
    assert ("tcp", 5432, 5432, "db") in _rules(plan, "db", "egress")


def test_a_full_range_is_written_as_no_range_so_up_converges() -> None:
    request = _request("data-exchange.yaml")
    request["spec"]["network"]["tiers"]["etl"]["ingress"][1]["portRange"] = {"min": 1, "max": 65535}
    rules = _rules(_plan(request), "etl", "ingress")
    assert ("tcp", None, None, "etl") in rules
    assert not any(low == 1 and high == 65535 for _proto, low, high, _peer in rules)


def test_host_bits_are_cleared_so_up_converges() -> None:
    request = _request("gov-portal.yaml")
    request["spec"]["network"]["egress"][0]["to"] = "59.202.10.77/24"
    assert ("tcp", 443, 443, "59.202.10.0/24") in _rules(_plan(request), "app", "egress")


def test_rule_names_are_unique_per_tier(portal: TenantPlan) -> None:
    keys = [(r.tier, r.key) for r in portal.rules]
    assert len(keys) == len(set(keys))
    assert ("web", "in-tcp-443-0.0.0.0_0") in keys
    assert ("app", "in-tcp-8080-web") in keys


def test_descriptions_say_the_requirement_and_the_reason(portal: TenantPlan) -> None:
    (rule,) = [r for r in portal.rules if r.tier == "db" and r.direction == "ingress" and r.remote_tier]
    assert rule.description == "SEC-4 app to db 5432/tcp: the CMS queries its database"
    assert all(len(r.description) <= 255 for r in portal.rules)


def test_declared_ingress_for_the_inventory(portal: TenantPlan) -> None:
    assert portal.declared_ingress("app") == [
        {"port": 22, "protocol": "tcp", "from": "bastion"},
        {"port": 8080, "protocol": "tcp", "from": "web"},
    ]
    assert {entry["port"] for entry in portal.declared_ingress("web")} == {22, 80, 443}


def test_a_world_bastion_is_refused() -> None:
    with pytest.raises(ValueError, match="SEC-4"):
        flows.rule_specs(
            [],
            tiers=("web",),
            internet_facing=True,
            zone_cidrs=(),
            bastion_cidrs=("0.0.0.0/0",),
            provider_services=(),
        )


def test_a_world_source_is_refused_for_a_system_not_facing_the_internet() -> None:
    with pytest.raises(ValueError, match="SEC-3"):
        flows.rule_specs(
            [],
            tiers=("web",),
            internet_facing=False,
            zone_cidrs=("0.0.0.0/0",),
            bastion_cidrs=(),
            provider_services=(),
        )


@pytest.mark.parametrize(
    ("cidr", "wide"),
    [
        ("0.0.0.0/0", True),
        ("0.0.0.0/1", True),
        ("128.0.0.0/1", True),
        ("::/0", True),
        ("2000::/3", True),
        ("", True),
        ("not-a-network", True),
        ("59.202.0.0/16", False),
        ("10.250.1.10/32", False),
        ("2400:da00::/32", False),
    ],
)
def test_egress_too_wide(*, cidr: str, wide: bool) -> None:
    assert controls.egress_too_wide(cidr, {"ipv4": 16, "ipv6": 32}) is wide
