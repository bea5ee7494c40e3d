"""Waivers: valid, expired, self-approved (SEC-4), unknown rule; matching by rule and URN or name pattern."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from govcloud.policy.findings import EXPIRED, NONE, WAIVED, PolicyFinding, Review, apply_waivers
from govcloud.policy.waivers import WaiverError, find, load, parse

ROOT = Path(__file__).resolve().parents[2]
RULE = "openstack-networking-secgrouprule-restrict-internet-ingress-ports"
URN = "urn:pulumi:gov-portal::govcloud::openstack:networking/secGroupRule:SecGroupRule::gov-portal-web-8443"


def document(**changes: Any) -> dict[str, Any]:
    waiver = {
        "id": "WVR-2026-007",
        "rule": RULE,
        "resource": "gov-portal-web-*",
        "justification": {
            "zh": "8443 端口为统一身份认证回调，经 WAF 防护，2027 年迁至 443",
            "en": "8443 serves the SSO callback behind the WAF; moves to 443 in 2027",
        },
        "requester": "王敏",
        "approver": "李强",
        "approved": "2026-11-01",
        "expires": "2026-12-31",
        **changes,
    }
    return {"apiVersion": "govcloud-iac/v1", "kind": "PolicyWaivers", "waivers": [waiver]}


def finding() -> PolicyFinding:
    return PolicyFinding(RULE, "govcloud-openstack", URN, "opens 8443", "mandatory", "high")


def review_with(today: str, **changes: Any) -> PolicyFinding:
    review = Review("test", "offline", [finding()])
    apply_waivers(review, parse(document(**changes), Path("w.yaml")), date.fromisoformat(today))
    return review.findings[0]


def test_project_waiver_file_is_valid() -> None:
    waivers = load(ROOT / "policies" / "waivers.yaml")
    assert [waiver.id for waiver in waivers] == ["WVR-2026-001"]
    assert waivers[0].approver != waivers[0].requester


def test_active_waiver_marks_the_finding_waived_not_passed() -> None:
    waived = review_with("2026-11-22")
    assert waived.waiver_state == WAIVED
    assert waived.waiver is not None
    assert waived.waiver.id == "WVR-2026-007"
    assert not waived.blocking


def test_waiver_counts_on_its_expiry_day_and_stops_the_day_after() -> None:
    assert review_with("2026-12-31").waiver_state == WAIVED
    expired = review_with("2027-01-01")
    assert expired.waiver_state == EXPIRED
    assert expired.blocking


def test_waiver_for_another_rule_or_resource_does_not_match() -> None:
    assert (
        review_with("2026-11-22", rule="openstack-networking-secgroup-delete-default-rules").waiver_state
        == NONE
    )
    assert review_with("2026-11-22", resource="gov-portal-db-*").waiver_state == NONE
    assert (
        review_with("2026-11-22", resource="urn:pulumi:gov-portal::*::gov-portal-web-8443").waiver_state
        == WAIVED
    )


def test_self_approved_waiver_is_rejected() -> None:
    with pytest.raises(WaiverError) as caught:
        parse(document(approver=" 王敏 "), Path("w.yaml"))
    assert caught.value.problems == [
        "WVR-2026-007: approved by its own requester 王敏 (SEC-4: separate duties)"
    ]


@pytest.mark.parametrize("approver", ["王\u3000敏", "王\u200b敏", "ＷＡＮＧ Min", "wang min"])
def test_self_approval_is_seen_through_width_spacing_and_case(approver: str) -> None:
    """The same person however written (SEC-4): one comparison, ``govcloud.identity``, everywhere."""
    requester = "王敏" if "敏" in approver else "Wang Min"
    with pytest.raises(WaiverError, match="approved by its own requester"):
        parse(document(approver=approver, requester=requester), Path("w.yaml"))


def test_unknown_rule_and_inverted_dates_are_rejected() -> None:
    with pytest.raises(WaiverError) as caught:
        parse(document(rule="openstack-no-such-rule", expires="2026-10-01"), Path("w.yaml"))
    assert caught.value.problems == [
        "WVR-2026-007: unknown rule openstack-no-such-rule",
        "WVR-2026-007: expires (2026-10-01) before it was approved (2026-11-01)",
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"resource": "*"}, "waivers.0.resource"),
        ({"expires": "next year"}, "waivers.0.expires"),
        ({"justification": {"zh": "短", "en": "short"}}, "waivers.0.justification"),
    ],
)
def test_schema_rejects_bad_entries(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(WaiverError) as caught:
        parse(document(**changes), Path("w.yaml"))
    assert any(problem.startswith(field) for problem in caught.value.problems), caught.value.problems


def test_find_prefers_the_latest_expiry() -> None:
    data = document()
    data["waivers"].append({**data["waivers"][0], "id": "WVR-2026-008", "expires": "2027-06-30"})
    waiver = find(parse(data, Path("w.yaml")), RULE, URN, "gov-portal-web-8443")
    assert waiver is not None
    assert waiver.id == "WVR-2026-008"
