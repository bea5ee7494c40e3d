"""Waivers as the real engine sees them: a covered violation moves to an advisory reporter, and back.

The pack's rules are wrapped (``govcloud.policy.waived``): a violation an active waiver covers is not
reported under its mandatory rule, but under ``govcloud-waived-findings`` naming the rule and the waiver;
the event-log reader turns that back into the rule's finding, which the reports show as waived.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from policy_harness import (
    make_args,
    make_stack_args,
    pack,
    policy,
    resource,
    run_policy,
    run_policy_with_urns,
    waived_module,
)

from govcloud.engine import events
from govcloud.policy.findings import WAIVED, apply_waivers
from govcloud.policy.waivers import WAIVED_POLICY, WAIVED_STACK_POLICY, parse, parse_waived_message

with_waivers = waived_module().with_waivers

DESCRIPTION = "openstack-networking-secgroup-require-description"
STACK_RULE = "openstack-stack-servers-require-security-group"
SEC_GROUP = "openstack:networking/secGroup:SecGroup"
INSTANCE = "openstack:compute/instance:Instance"


def _waivers(rule_id: str, resource_pattern: str, expires: str = "2027-03-31") -> list:
    document = {
        "apiVersion": "govcloud-iac/v1",
        "kind": "PolicyWaivers",
        "waivers": [
            {
                "id": "WVR-2026-042",
                "rule": rule_id,
                "resource": resource_pattern,
                "justification": {
                    "zh": "安全组说明随下次变更补充完整",
                    "en": "the description follows the next change",
                },
                "requester": "王敏",
                "approver": "李强",
                "approved": "2026-11-01",
                "expires": expires,
            }
        ],
    }
    return parse(document, Path("waivers.yaml"))


def _by_name(policies: list) -> dict:
    return {policy.name: policy for policy in policies}


def test_a_covered_violation_moves_to_the_advisory_reporter() -> None:
    policies = _by_name(with_waivers(pack().POLICIES, _waivers(DESCRIPTION, "web-*"), date(2026, 11, 29)))
    args = make_args(SEC_GROUP, {"name": "web-sg", "deleteDefaultRules": True}, name="web-sg")
    assert run_policy(policies[DESCRIPTION], args) == []
    (waived,) = run_policy(policies[WAIVED_POLICY], args)
    assert waived.startswith(f"[{DESCRIPTION} waived by WVR-2026-042 until 2027-03-31] SecGroup 'web-sg'")
    assert parse_waived_message(waived) == (DESCRIPTION, waived.split("] ", 1)[1])


def test_an_uncovered_or_expired_violation_stays_mandatory() -> None:
    args = make_args(SEC_GROUP, {"name": "db-sg", "deleteDefaultRules": True}, name="db-sg")
    for waivers, today in (
        (_waivers(DESCRIPTION, "web-*"), date(2026, 11, 29)),
        (_waivers(DESCRIPTION, "*-sg"), date(2027, 4, 1)),
    ):
        policies = _by_name(with_waivers(pack().POLICIES, waivers, today))
        assert len(run_policy(policies[DESCRIPTION], args)) == 1
        assert run_policy(policies[WAIVED_POLICY], args) == []


def test_the_pack_itself_is_not_changed() -> None:
    """Wrapping copies the policies: the pack's own objects (and other tests) still see every violation."""
    with_waivers(pack().POLICIES, _waivers(DESCRIPTION, "x-*"), date(2026, 11, 29))
    args = make_args(SEC_GROUP, {"name": "x-sg", "deleteDefaultRules": True}, name="x-sg")
    assert len(run_policy(policy(DESCRIPTION), args)) == 1


def test_stack_rules_are_waived_by_the_resource_they_name() -> None:
    policies = _by_name(with_waivers(pack().POLICIES, _waivers(STACK_RULE, "web-1"), date(2026, 11, 29)))
    servers = [resource(INSTANCE, name, {"name": name, "securityGroups": []}) for name in ("web-1", "web-2")]
    args = make_stack_args(servers)
    blocked = run_policy_with_urns(policies[STACK_RULE], args)
    assert [urn.rsplit("::", 1)[1] for _, urn in blocked if urn] == ["web-2"]
    waived = run_policy_with_urns(policies[WAIVED_STACK_POLICY], args)
    assert [urn.rsplit("::", 1)[1] for _, urn in waived if urn] == ["web-1"]


def test_the_event_reader_restores_the_rule_and_the_report_says_waived() -> None:
    text = (
        "Report violations covered by an active waiver.\n"
        f"[{DESCRIPTION} waived by WVR-2026-042 until 2027-03-31] SecGroup 'web-sg' has no description (SEC-3, SEC-7)."
    )
    event = {
        "sequence": 1,
        "policyEvent": {
            "resourceUrn": "urn:pulumi:s::p::openstack:networking/secGroup:SecGroup::web-sg",
            "message": text,
            "policyName": WAIVED_POLICY,
            "policyPackName": "govcloud-openstack",
            "enforcementLevel": "advisory",
        },
    }
    review = events.review_from_events(events.events(json.dumps([event])), "log")
    (finding,) = review.findings
    assert (finding.policy, finding.enforcement) == (DESCRIPTION, "mandatory")
    assert finding.message == "SecGroup 'web-sg' has no description (SEC-3, SEC-7)."
    apply_waivers(review, _waivers(DESCRIPTION, "web-*"), date(2026, 11, 29))
    assert finding.waiver_state == WAIVED
    assert review.blocking == []


def test_a_reporter_message_naming_no_known_rule_is_ignored() -> None:
    event = {
        "policyEvent": {
            "message": "[no-such-rule waived by WVR-1 until 2027-01-01] x",
            "policyName": WAIVED_POLICY,
            "enforcementLevel": "advisory",
        }
    }
    assert events.review_from_events([event], "log").findings == []
