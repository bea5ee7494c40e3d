"""Level 1: security-group rule policies over hand-built args; one field changed per test, exact message."""

from __future__ import annotations

from typing import Any

import pytest
from policy_harness import make_args, policy, run_policy

from govcloud.policy.resource_types import SEC_GROUP, SEC_GROUP_RULE

default_rules = policy("openstack-networking-secgroup-delete-default-rules")
sg_description = policy("openstack-networking-secgroup-require-description")
admin_ports = policy("openstack-networking-secgrouprule-disallow-public-admin-ports")
unbounded = policy("openstack-networking-secgrouprule-disallow-unbounded-ingress")
bastion = policy("openstack-networking-secgrouprule-require-bastion-for-management")
rule_description = policy("openstack-networking-secgrouprule-require-description")
extranet = policy("openstack-networking-secgrouprule-restrict-extranet-ingress-sources")
internet_ports = policy("openstack-networking-secgrouprule-restrict-internet-ingress-ports")

CONFIG: dict[str, Any] = {
    "worldCidrs": ["0.0.0.0/0", "::/0"],
    "adminPorts": [22.0, 3389.0, 3306.0, 5432.0, 6379.0],  # Configure delivers numbers as floats
    "internetPorts": [80.0, 443.0],
    "managementPorts": [22.0, 3389.0],
    "maxPortRangeWidth": 100.0,
    "exposure": "extranet-only",
    "egovCidrs": ["59.202.0.0/16"],
    "bastionCidrs": ["10.250.0.0/24"],
    "internalCidrs": ["10.64.0.0/12"],
}
# A compliant rule: HTTPS from the e-government extranet, with a description.
HTTPS_FROM_EGOV: dict[str, Any] = {
    "direction": "ingress",
    "ethertype": "IPv4",
    "protocol": "tcp",
    "portRangeMin": 443.0,
    "portRangeMax": 443.0,
    "remoteIpPrefix": "59.202.0.0/16",
    "securityGroupId": "web_id",
    "description": "SEC-3 HTTPS from the extranet",
}
ALL = [admin_ports, internet_ports, extranet, bastion, unbounded, rule_description]


def changed(**fields: Any) -> dict[str, Any]:
    return {**HTTPS_FROM_EGOV, **fields}


def check(module: Any, props: dict[str, Any], name: str = "web-in") -> list[str]:
    return run_policy(module, make_args(SEC_GROUP_RULE, props, name, CONFIG))


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.name)
def test_compliant_rule_passes_every_policy(module: Any) -> None:
    assert check(module, HTTPS_FROM_EGOV) == []


def test_ssh_from_world_is_an_admin_port_violation() -> None:
    props = changed(portRangeMin=22.0, portRangeMax=22.0, remoteIpPrefix="0.0.0.0/0")
    assert check(admin_ports, props, "web-ssh") == [
        (
            "SecGroupRule 'web-ssh' opens admin/database port(s) 22 (22/tcp) to 0.0.0.0/0 (SEC-3, SEC-10): "
            "take the source from the bastion CIDRs or a remote security group."
        )
    ]


def test_missing_prefix_means_the_world_ipv6() -> None:
    props = changed(portRangeMin=3306.0, portRangeMax=5432.0, remoteIpPrefix=None, ethertype="IPv6")
    assert check(admin_ports, props, "db") == [
        (
            "SecGroupRule 'db' opens admin/database port(s) 3306, 3389, 5432 (3306-5432/tcp) to ::/0 (SEC-3, SEC-10): "
            "take the source from the bastion CIDRs or a remote security group."
        )
    ]


def test_remote_group_source_is_not_the_world() -> None:
    assert (
        check(
            admin_ports,
            changed(portRangeMin=22.0, portRangeMax=22.0, remoteIpPrefix=None, remoteGroupId="sg"),
        )
        == []
    )


def test_egress_is_not_judged() -> None:
    assert (
        check(admin_ports, changed(direction="egress", remoteIpPrefix="0.0.0.0/0", portRangeMin=22.0)) == []
    )


def test_world_ingress_beyond_web_ports() -> None:
    props = changed(portRangeMin=8080.0, portRangeMax=8080.0, remoteIpPrefix="0.0.0.0/0")
    assert check(internet_ports, props, "web-alt") == [
        (
            "SecGroupRule 'web-alt' opens 8080/tcp to 0.0.0.0/0 (SEC-3): internet ingress may only reach ports "
            "80, 443; serve other ports from internal sources."
        )
    ]


def test_world_ingress_to_443_is_fine_for_the_port_rule() -> None:
    assert check(internet_ports, changed(remoteIpPrefix="0.0.0.0/0")) == []


def test_extranet_system_refuses_internet_source() -> None:
    assert check(extranet, changed(remoteIpPrefix="203.0.113.0/24"), "web-in") == [
        (
            "SecGroupRule 'web-in' admits 203.0.113.0/24 to an extranet-only system (SEC-3): use a source inside "
            "59.202.0.0/16, 10.250.0.0/24, 10.64.0.0/12 or a remote security group."
        )
    ]


def test_internet_facing_system_is_not_judged_by_the_extranet_rule() -> None:
    args = make_args(
        SEC_GROUP_RULE, changed(remoteIpPrefix="0.0.0.0/0"), "w", {**CONFIG, "exposure": "internet-facing"}
    )
    assert run_policy(extranet, args) == []


def test_ssh_from_egov_is_not_from_the_bastion() -> None:
    props = changed(portRangeMin=22.0, portRangeMax=22.0)
    assert check(bastion, props, "web-ssh") == [
        (
            "SecGroupRule 'web-ssh' opens management port(s) 22 to 59.202.0.0/16 (SEC-4, SEC-10): allow them only "
            "from the bastion (10.250.0.0/24)."
        )
    ]


def test_ssh_from_the_bastion_passes() -> None:
    assert check(bastion, changed(portRangeMin=22.0, portRangeMax=22.0, remoteIpPrefix="10.250.0.0/25")) == []


def test_any_protocol_from_outside() -> None:
    assert check(unbounded, changed(protocol=None, portRangeMin=None, portRangeMax=None), "all") == [
        (
            "SecGroupRule 'all' admits every protocol from 59.202.0.0/16 (SEC-3): name the protocol and the ports "
            "the service needs."
        )
    ]


def test_wide_range_from_outside() -> None:
    assert check(unbounded, changed(portRangeMin=1000.0, portRangeMax=2000.0), "wide") == [
        (
            "SecGroupRule 'wide' opens 1001 ports (1000-2000/tcp) from 59.202.0.0/16 (SEC-3): open at most 100 ports "
            "per rule, only those the service needs."
        )
    ]


def test_wide_range_inside_the_tenant_is_fine() -> None:
    assert (
        check(unbounded, changed(portRangeMin=1.0, portRangeMax=65535.0, remoteIpPrefix="10.64.1.0/24")) == []
    )


def test_rule_without_description_is_advisory() -> None:
    assert check(rule_description, changed(description=""), "nodesc") == [
        "SecGroupRule 'nodesc' has no description (SEC-7): say which service and which peer it admits."
    ]


SECGROUP = {"name": "gov-portal-web", "description": "govcloud tier web", "deleteDefaultRules": True}


def test_secgroup_compliant() -> None:
    for module in (sg_description, default_rules):
        assert run_policy(module, make_args(SEC_GROUP, SECGROUP, "sg-web")) == []


def test_secgroup_without_description() -> None:
    args = make_args(SEC_GROUP, {**SECGROUP, "description": "  "}, "sg-web")
    assert run_policy(sg_description, args) == [
        "SecGroup 'sg-web' has no description (SEC-3, SEC-7): describe the tier it protects."
    ]


def test_secgroup_keeping_default_rules() -> None:
    args = make_args(SEC_GROUP, {**SECGROUP, "deleteDefaultRules": False}, "sg-web")
    assert run_policy(default_rules, args) == [
        (
            "SecGroup 'sg-web' keeps the default allow-all egress rules (SEC-3): set delete_default_rules=True and "
            "add the egress rules the tier needs."
        )
    ]


def test_other_resource_types_are_ignored() -> None:
    args = make_args(SEC_GROUP, {"direction": "ingress", "remoteIpPrefix": "0.0.0.0/0"}, "x", CONFIG)
    assert run_policy(admin_ports, args) == []


def test_defaults_apply_without_config() -> None:
    """Without Configure the schema defaults (from the catalogue) apply: 6379 is an admin port."""
    props = changed(portRangeMin=6379.0, portRangeMax=6379.0, remoteIpPrefix="0.0.0.0/0")
    assert run_policy(admin_ports, make_args(SEC_GROUP_RULE, props, "redis")) == [
        (
            "SecGroupRule 'redis' opens admin/database port(s) 6379 (6379/tcp) to 0.0.0.0/0 (SEC-3, SEC-10): "
            "take the source from the bastion CIDRs or a remote security group."
        )
    ]
