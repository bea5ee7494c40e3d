"""Admission of declared flows (SEC-3, SEC-4; GB/T 22239-2019 8.1.3.2): each test changes one flow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from govcloud.admission.admit import judge
from govcloud.loader import Document

if TYPE_CHECKING:
    from govcloud.catalogue.model import Catalogue

JUSTIFIED = {"justification": {"zh": "集群动态端口", "en": "cluster dynamic ports"}}
APPROVED = {**JUSTIFIED, "authorityApproval": "市大数据局函〔2026〕12号"}
REASON = {"zh": "用途", "en": "purpose"}


def _at(request: dict[str, Any], catalogue: Catalogue) -> set[tuple[str, str]]:
    return {(finding.rule_id, finding.field) for finding in judge(Document(request), catalogue)}


def _messages(request: dict[str, Any], catalogue: Catalogue, rule: str) -> list[str]:
    return [f.message.en for f in judge(Document(request), catalogue) if f.rule_id == rule]


def _widen(request: dict[str, Any], tier: str, exception: dict[str, Any] | None) -> None:
    flow = request["spec"]["network"]["tiers"][tier]["ingress"][0]
    flow.pop("ports", None)
    flow["portRange"] = {"min": 8000, "max": 8100}
    if exception is not None:
        flow["exception"] = exception


def test_a_wide_range_without_a_reason_is_refused_at_any_level(
    exchange: dict[str, Any], catalogue: Catalogue
) -> None:
    _widen(exchange, "etl", None)
    assert _at(exchange, catalogue) == {("request-port-ranges-bounded", "spec.network.tiers.etl.ingress[0]")}
    (message,) = _messages(exchange, catalogue, "request-port-ranges-bounded")
    assert message == (
        "port range 8000-8100/tcp opens 101 ports, more than the platform's 16 (GB/T 22239-2019 8.1.3.2)"
    )


def test_a_justification_is_enough_below_level_3(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    _widen(exchange, "etl", JUSTIFIED)
    assert _at(exchange, catalogue) == set()


def test_level_3_needs_the_authoritys_approval_too(portal: dict[str, Any], catalogue: Catalogue) -> None:
    _widen(portal, "app", JUSTIFIED)
    assert _at(portal, catalogue) == {
        ("request-port-ranges-bounded", "spec.network.tiers.app.ingress[0].exception")
    }
    portal["spec"]["network"]["tiers"]["app"]["ingress"][0]["exception"] = APPROVED
    assert _at(portal, catalogue) == set()


def test_a_range_within_the_bound_needs_nothing(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    assert exchange["spec"]["network"]["tiers"]["etl"]["ingress"][1]["portRange"] == {
        "min": 7000,
        "max": 7010,
    }
    assert _at(exchange, catalogue) == set()


@pytest.mark.parametrize("port", [22, 3389, 5900, 23])
def test_management_ports_between_tiers_need_an_exception(
    port: int, portal: dict[str, Any], catalogue: Catalogue
) -> None:
    portal["spec"]["network"]["tiers"]["db"]["ingress"].append(
        {"from": "app", "protocol": "tcp", "ports": [port], "reason": REASON}
    )
    assert _at(portal, catalogue) == {
        ("request-management-ports-between-tiers-justified", "spec.network.tiers.db.ingress[1]")
    }


def test_a_database_port_between_tiers_is_a_service_not_management(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    portal["spec"]["network"]["tiers"]["db"]["ingress"][0]["ports"] = [5432, 3306]
    assert _at(portal, catalogue) == set()


@pytest.mark.parametrize("to", ["0.0.0.0/0", "0.0.0.0/1", "::/0", "2000::/3", "1.0.0.0/8"])
def test_egress_to_the_internet_needs_an_approved_exception(
    to: str, portal: dict[str, Any], catalogue: Catalogue
) -> None:
    portal["spec"]["network"]["egress"][0]["to"] = to
    assert _at(portal, catalogue) == {("request-egress-destinations-bounded", "spec.network.egress[0]")}
    portal["spec"]["network"]["egress"][0]["exception"] = APPROVED
    assert _at(portal, catalogue) == set()


def test_an_unreadable_destination_is_named(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["network"]["egress"][0]["to"] = "59.202.300.0/24"
    assert _at(portal, catalogue) == {("request-network-flows-consistent", "spec.network.egress[0].to")}


def test_the_internet_gets_web_ports_only_and_no_exception_helps(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    flow = portal["spec"]["network"]["tiers"]["web"]["ingress"][0]
    flow["ports"] = [443, 22]
    flow["exception"] = APPROVED
    assert ("request-internet-ingress-ports-only", "spec.network.tiers.web.ingress[0]") in _at(
        portal, catalogue
    )


def test_the_extranet_zone_may_be_served_on_other_ports(
    approval: dict[str, Any], catalogue: Catalogue
) -> None:
    approval["spec"]["network"]["tiers"]["web"]["ingress"][0]["ports"] = [443, 8443]
    assert _at(approval, catalogue) == set()


def test_a_range_that_ends_before_it_starts(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    exchange["spec"]["network"]["tiers"]["etl"]["ingress"][1]["portRange"] = {"min": 7010, "max": 7000}
    assert _at(exchange, catalogue) == {
        ("request-network-flows-consistent", "spec.network.tiers.etl.ingress[1].portRange")
    }


def test_egress_from_an_undeclared_tier(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["network"]["egress"][0]["tier"] = "cache"
    assert _at(portal, catalogue) == {("request-network-flows-consistent", "spec.network.egress[0].tier")}


def test_a_declared_tier_without_servers(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["network"]["tiers"]["cache"] = {"ingress": []}
    assert _at(portal, catalogue) == {("request-network-flows-consistent", "spec.network.tiers.cache")}


@pytest.mark.parametrize(
    ("flow", "why"),
    [
        ({"from": "app", "protocol": "tcp", "reason": REASON}, "tcp without ports"),
        ({"from": "app", "protocol": "icmp", "ports": [1], "reason": REASON}, "icmp with ports"),
        (
            {
                "from": "app",
                "protocol": "tcp",
                "ports": [5432],
                "portRange": {"min": 1, "max": 2},
                "reason": REASON,
            },
            "both",
        ),
        ({"from": "app", "protocol": "tcp", "ports": [0], "reason": REASON}, "port 0"),
        ({"from": "app", "protocol": "tcp", "ports": [5432]}, "no reason"),
    ],
)
def test_malformed_flows_are_schema_errors(
    flow: dict[str, Any], why: str, portal: dict[str, Any], catalogue: Catalogue
) -> None:
    portal["spec"]["network"]["tiers"]["db"]["ingress"] = [flow]
    assert {rule for rule, _field in _at(portal, catalogue)} == {"request-schema-valid"}, why


def test_a_tier_may_not_be_called_zone(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["network"]["tiers"]["zone"] = {"ingress": []}
    assert {rule for rule, _field in _at(portal, catalogue)} == {"request-schema-valid"}
