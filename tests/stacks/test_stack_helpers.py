"""Pure helpers of the stack components, tested without Pulumi: subnet carving and rule lists (SEC-3, SEC-4)."""

from __future__ import annotations

import ipaddress

import pytest

from components.network import _gateway_ip, _subnet_cidr
from components.security import RuleSpec, _rule_specs
from govcloud import controls, tags

EGOV = ("59.202.0.0/16", "59.255.0.0/16")
BASTION = ("10.250.0.0/24",)


@pytest.mark.parametrize(
    ("pool", "system"),
    [("10.96.0.0/12", "gov-portal"), ("10.64.0.0/12", "approval"), ("10.80.0.0/12", "data-exchange")],
)
def test_subnet_is_a_24_inside_the_zone_pool_and_deterministic(pool: str, system: str) -> None:
    cidr = _subnet_cidr(pool, system)
    network = ipaddress.ip_network(cidr)
    assert network.prefixlen == 24
    assert network.subnet_of(ipaddress.ip_network(pool))  # type: ignore[arg-type]
    assert cidr == _subnet_cidr(pool, system), "carving must not depend on anything but pool and code"
    assert network.network_address != ipaddress.ip_network(pool).network_address, "first /24 is reserved"


def test_subnet_differs_per_system_and_pinned() -> None:
    assert _subnet_cidr("10.96.0.0/12", "gov-portal") == "10.103.145.0/24"
    assert _subnet_cidr("10.96.0.0/12", "gov-portal") != _subnet_cidr("10.96.0.0/12", "gov-portal2")


def test_subnet_refuses_a_pool_too_small() -> None:
    with pytest.raises(ValueError, match="too small"):
        _subnet_cidr("10.0.0.0/24", "x")


def test_gateway_is_first_host() -> None:
    assert _gateway_ip("10.103.145.0/24") == "10.103.145.1"


def _world_admin(specs: list[RuleSpec]) -> list[RuleSpec]:
    return [
        s
        for s in specs
        if s.direction == "ingress"
        and s.remote_tier is None
        and controls.is_world_cidr(s.remote_ip_prefix)
        and controls.opens_admin_port(s.port_min, s.port_max)
    ]


def test_internet_facing_entry_tier_exposes_only_80_443_to_the_world() -> None:
    specs = _rule_specs(
        ("web", "app", "db"), internet_facing=True, ingress_cidrs=("0.0.0.0/0",), bastion_cidrs=BASTION
    )
    world = [
        s
        for s in specs
        if s.direction == "ingress" and s.remote_tier is None and controls.is_world_cidr(s.remote_ip_prefix)
    ]
    assert {(s.tier, s.port_min, s.port_max) for s in world} == {("web", 80, 80), ("web", 443, 443)}, "SEC-3"
    assert not _world_admin(specs), "SEC-3/SEC-4: admin port open to the world"


def test_ssh_only_from_bastion_on_every_tier() -> None:
    specs = _rule_specs(
        ("web", "app"), internet_facing=True, ingress_cidrs=("0.0.0.0/0",), bastion_cidrs=BASTION
    )
    ssh = [s for s in specs if s.remote_tier is None and s.port_min == 22]
    assert {(s.tier, s.remote_ip_prefix) for s in ssh} == {("web", BASTION[0]), ("app", BASTION[0])}, "SEC-4"


def test_back_tiers_only_from_the_tier_in_front_and_peers() -> None:
    specs = _rule_specs(
        ("web", "app", "db"), internet_facing=False, ingress_cidrs=EGOV, bastion_cidrs=BASTION
    )
    db = [s for s in specs if s.tier == "db" and s.direction == "ingress"]
    assert {(s.remote_tier, s.remote_ip_prefix) for s in db} == {
        ("app", None),
        ("db", None),
        (None, BASTION[0]),
    }


def test_extranet_entry_accepts_only_egov_sources() -> None:
    specs = _rule_specs(("web", "app"), internet_facing=False, ingress_cidrs=EGOV, bastion_cidrs=BASTION)
    sources = {s.remote_ip_prefix for s in specs if s.direction == "ingress" and s.remote_tier is None}
    assert sources == {*EGOV, *BASTION}, (
        "SEC-3: extranet-only systems accept only e-gov CIDRs (and the bastion)"
    )


def test_world_source_refused_for_non_internet_system() -> None:
    with pytest.raises(ValueError, match="SEC-3"):
        _rule_specs(("web",), internet_facing=False, ingress_cidrs=("0.0.0.0/0",), bastion_cidrs=BASTION)


@pytest.mark.parametrize("bastion", ["0.0.0.0/0", "::/0", ""])
def test_world_bastion_refused(bastion: str) -> None:
    with pytest.raises(ValueError, match="SEC-4"):
        _rule_specs(("web",), internet_facing=True, ingress_cidrs=("0.0.0.0/0",), bastion_cidrs=(bastion,))


def test_no_tiers_no_rules() -> None:
    assert _rule_specs((), internet_facing=True, ingress_cidrs=("0.0.0.0/0",), bastion_cidrs=BASTION) == []


def test_rule_keys_unique_and_readable() -> None:
    specs = _rule_specs(("web", "app"), internet_facing=False, ingress_cidrs=EGOV, bastion_cidrs=BASTION)
    keys = [(s.tier, s.key) for s in specs]
    assert len(keys) == len(set(keys))
    assert ("web", "in-tcp-443-443-59.202.0.0_16") in keys
    assert ("app", "out-any-all-0.0.0.0_0") in keys


@pytest.mark.parametrize(
    ("cidr", "world"),
    [
        ("0.0.0.0/0", True),
        ("::/0", True),
        (None, True),
        (" ", True),
        ("1.0.0.0/0", True),
        ("10.0.0.0/8", False),
    ],
)
def test_is_world_cidr(*, cidr: str | None, world: bool) -> None:
    assert controls.is_world_cidr(cidr) is world


@pytest.mark.parametrize(
    ("low", "high", "admin"),
    [
        (80, 80, False),
        (443, 443, False),
        (22, 22, True),
        (None, None, True),
        (3000, 4000, True),
        (0, 0, True),
    ],
)
def test_opens_admin_port(*, low: int | None, high: int | None, admin: bool) -> None:
    assert controls.opens_admin_port(low, high) is admin


def test_neutron_tags_are_sorted_key_value_strings() -> None:
    assert tags.neutron_tags({"b": "2", "a": "1"}) == ["a=1", "b=2"]
