"""Separation of duties and approvals that bind the exact request digest (SEC-4, LC-1, LC-8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import yaml

from govcloud.lifecycle.errors import LifecycleError, RefusedError
from govcloud.lifecycle.gate import record_problems
from govcloud.lifecycle.keyring import enrol
from govcloud.loader import load_path

if TYPE_CHECKING:
    from conftest import Desk


def _edit(desk: Desk, old: str, new: str) -> None:
    text = desk.request.read_text(encoding="utf-8")
    assert old in text
    desk.request.write_text(text.replace(old, new), encoding="utf-8")


def _submitted(desk: Desk) -> Desk:
    desk.act("submitted", "王敏", "requester", "2026-09-30 10:00", file=True)
    return desk


@pytest.mark.parametrize(
    ("approver", "contact"),
    [
        ({"name": "Li Na", "email": "lina@dsj.gov.example"}, "{role: technical, name: Ｌｉ\u3000Ｎａ}"),
        ({"name": "黄静", "email": "hj@dsj.gov.example"}, "{role: technical, name: 黄 静}"),
        (
            {"name": "黄静", "email": "hj@dsj.gov.example", "phone": "13812345678"},
            "{role: technical, name: 陈晓, phone: +86 138-1234-5678}",
        ),
    ],
    ids=["full-width-and-ideographic-space", "ascii-space", "shared-phone"],
)
def test_self_approval_is_refused(desk: Desk, approver: dict[str, str], contact: str) -> None:
    """SEC-4: an officer who is one of the requesting unit's contacts, however written, may not approve."""
    old = "    - {role: technical, name: 陈晓, phone: 0571-87012345, email: chenxiao@vendor.example}"
    _edit(desk, old, "    - " + contact)
    enrol(desk.records, desk.keys, approver, ("authority",))
    _submitted(desk).act("accepted", "张伟", "reviewer", "2026-10-08 09:00")
    before = desk.record.read_bytes()
    with pytest.raises(RefusedError) as caught:
        desk.act("approved", approver["name"], "authority", "2026-10-09 09:00", file=True)
    assert caught.value.rule_id == "duties-requester-not-reviewer"
    assert "SEC-4" in caught.value.requirements
    assert desk.record.read_bytes() == before
    desk.act("approved", "刘洋", "authority", "2026-10-09 09:00", file=True)  # another officer may


def test_requester_may_not_approve_under_another_role(desk: Desk) -> None:
    """SEC-4: the requester enrolled a second time with a width variant of the name is refused at enrolment."""
    with pytest.raises(LifecycleError, match="record-person-once"):
        enrol(desk.records, desk.keys, {"name": "王\u3000敏", "email": "other@x.example"}, ("authority",))


def test_one_person_one_role_per_request(desk: Desk) -> None:
    enrol(desk.records, desk.keys, {"name": "周强", "email": "zq@dsj.gov.example"}, ("reviewer", "authority"))
    _submitted(desk).act("accepted", "周强", "reviewer", "2026-10-08 09:00")
    with pytest.raises(RefusedError) as caught:
        desk.act("approved", "周强", "authority", "2026-10-09 09:00", file=True)
    assert caught.value.rule_id == "duties-one-role-per-request"


def test_role_must_be_enrolled(desk: Desk) -> None:
    with pytest.raises(RefusedError, match="duties-role-held"):
        _submitted(desk).act("accepted", "赵磊", "reviewer", "2026-10-08 09:00")


def test_same_person_cannot_enrol_twice(desk: Desk) -> None:
    with pytest.raises(LifecycleError, match="record-person-once"):
        enrol(desk.records, desk.keys, {"name": "Other", "email": "LiuYang@DSJ.gov.example"}, ("authority",))


def test_approval_of_version_1_is_refused_for_version_2(approved: Desk) -> None:
    """LC-8: v1 was approved; the edited v2 is neither approved by that record nor approvable with v1's file."""
    v1 = load_path(approved.request).data
    assert record_problems(v1, approved.records) == []
    _edit(approved, "- item: ecs.g.4c8g\n      count: 2", "- item: ecs.g.4c8g\n      count: 3")
    v2 = load_path(approved.request).data
    assert [p.rule_id for p in record_problems(v2, approved.records)] == ["record-approval-current"]
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    approved.act("change-requested", "王敏", "requester", "2026-10-12 10:00", file=True)
    stale = approved.request.with_name("v1.yaml")
    stale.write_text(yaml.safe_dump(v1, allow_unicode=True), encoding="utf-8")
    approved.request, current = stale, approved.request
    with pytest.raises(RefusedError, match="record-version-current"):
        approved.act("change-approved", "刘洋", "authority", "2026-10-13 10:00", file=True)
    approved.request = current
    exception = {
        "reason": "新增网上办事大厅入口，按计划扩容 / a planned new service"
    }  # EVAL-2: a third web node
    approved.act(
        "change-approved", "刘洋", "authority", "2026-10-13 10:00", file=True, scaleUpException=exception
    )
    assert record_problems(v2, approved.records) == []


def test_tampered_record_blocks_the_stack_gate(approved: Desk) -> None:
    lines = approved.record.read_text(encoding="utf-8").splitlines()
    approved.record.write_text("\n".join(lines[:1] + lines[2:]) + "\n", encoding="utf-8")
    problems = record_problems(load_path(approved.request).data, approved.records)
    assert "record-entry-present" in [p.rule_id for p in problems]


def test_rejection_needs_reasons_and_go_live_needs_lc7_evidence(approved: Desk) -> None:
    """LC-7: going live needs the vulnerability scan and penetration test, and at level 3 the third-party report."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    with pytest.raises(RefusedError) as caught:
        approved.act(
            "live",
            "王敏",
            "requester",
            "2026-10-20 10:00",
            evidence={"vulnerabilityScan": "VS-1", "penetrationTest": "PT-1"},
        )
    assert caught.value.rule_id == "golive-security-tested"
    assert caught.value.field == "evidence.mlpsTestReport"  # level 3: the third-party 等保 report
    approved.act(
        "live",
        "王敏",
        "requester",
        "2026-10-20 10:00",
        evidence={"vulnerabilityScan": "VS-1", "penetrationTest": "PT-1", "mlpsTestReport": "DJCP-1"},
    )


def test_decommission_without_a_verified_backup_is_refused(
    approved: Desk, verified_copy: dict[str, object]
) -> None:
    """LC-9, SEC-11: reclaim only after a backup-verified entry that follows the approval.

    Going offline (servers stopped, nothing deleted) comes first, so the copies are of quiet disks.
    """
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    approved.act("backup-verified", "赵磊", "provider", "2026-10-11 10:00", volumes=[])
    approved.act("decommission-requested", "王敏", "requester", "2026-10-12 10:00")
    approved.act("decommission-approved", "刘洋", "authority", "2026-10-13 10:00", file=True)
    approved.act("offline", "赵磊", "provider", "2026-10-14 10:00")
    with pytest.raises(RefusedError, match="decommission-backup-verified"):
        approved.act("reclaimed", "赵磊", "provider", "2026-10-14 10:30")  # the backup before the approval
    approved.act("backup-verified", "赵磊", "provider", "2026-10-14 11:00", volumes=[verified_copy])
    approved.act("reclaimed", "赵磊", "provider", "2026-10-15 11:00")
    assert [p.rule_id for p in record_problems(load_path(approved.request).data, approved.records)] == [
        "record-not-decommissioned"
    ]


def test_emergency_build_is_allowed_and_flagged_until_the_paperwork(desk: Desk) -> None:
    """LC-12: with the authority's consent the provider builds at once; status flags it until approval."""
    from govcloud.lifecycle.record import read_entries  # noqa: PLC0415
    from govcloud.lifecycle.state import fold  # noqa: PLC0415

    _submitted(desk)
    with pytest.raises(LifecycleError, match="record-reasons-given"):
        desk.act("emergency-approved", "刘洋", "authority", "2026-09-30 11:00", file=True)
    desk.act(
        "emergency-approved", "刘洋", "authority", "2026-09-30 11:00", file=True, reasons=["flood response"]
    )
    assert record_problems(load_path(desk.request).data, desk.records) == []
    desk.act("provisioned", "赵磊", "provider", "2026-09-30 12:00")
    assert fold(read_entries(desk.record)).emergency_pending
    desk.act("approved", "刘洋", "authority", "2026-10-09 09:00", file=True)
    assert not fold(read_entries(desk.record)).emergency_pending


def test_the_approval_gate_the_stack_and_provision_use_asks_the_record(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LC-1, LC-8: an approval file that pins the digest is not enough while the record lacks the approval."""
    from govcloud.admission.admit import request_digest  # noqa: PLC0415
    from govcloud.provisioning.approval import Approval, check_approval  # noqa: PLC0415

    monkeypatch.setenv("GOVCLOUD_RECORDS", str(desk.records))
    request = load_path(desk.request).data
    approval = Approval(
        "REQ-2026-0042", request_digest(request), "approved", "刘洋", "liuyang@dsj.gov.example", "2026-10-09"
    )
    assert check_approval(approval, request) == []  # no record yet: the approval file alone decides
    _submitted(desk).act("accepted", "张伟", "reviewer", "2026-10-08 09:00")
    assert [p.rule_id for p in check_approval(approval, request)] == ["record-approval-current"]
    desk.act("approved", "刘洋", "authority", "2026-10-09 09:00", file=True)
    assert check_approval(approval, request) == []
