"""Pure helpers of the stack components, tested without Pulumi: subnet carving, exposure predicates (SEC-3, SEC-4)."""

from __future__ import annotations

import ipaddress

import pytest

from components.network import _gateway_ip, _subnet_cidr
from govcloud import controls
from govcloud.provisioning import tags


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
