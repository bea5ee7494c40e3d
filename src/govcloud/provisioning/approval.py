"""The authority's approval of a request, and whether it still covers the request in hand.

Provisioning starts only after approval (LC-1, LC-4). An approval pins the request by its digest, so
a request edited after approval is no longer approved, and the approver must not be one of the
requesting unit's own contacts (SEC-4: who asks does not approve). The record format is deliberately
simple for now (``catalog/schemas/approval-1.0.json``); the lifecycle work makes it strict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govcloud.admission.admit import request_digest
from govcloud.admission.findings import format_path
from govcloud.bilingual import Text
from govcloud.identity import Identity, same_person
from govcloud.loader import UnusableInputError, load_path
from govcloud.schemas import validator

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

APPROVAL_SCHEMA = "approval-1.0.json"
APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class ApprovalProblem:
    """One reason the approval does not let the request be provisioned."""

    rule_id: str
    requirements: tuple[str, ...]
    message: Text

    def line(self) -> str:
        """``[rule-id] (REQ-IDS) zh / en`` for error output."""
        return f"[{self.rule_id}] ({', '.join(self.requirements)}) {self.message.joined()}"


@dataclass(frozen=True, slots=True)
class Approval:
    """The fields of an approval record the checks need."""

    request_id: str
    request_digest: str
    decision: str
    approver_name: str
    approver_email: str
    approved_at: str


def load_approval(path: Path) -> tuple[Approval | None, list[ApprovalProblem]]:
    """Load and schema-check an approval record; problems instead of exceptions."""
    try:
        document = load_path(path)
    except UnusableInputError as error:
        return None, [
            ApprovalProblem(
                "approval-readable",
                ("LC-1",),
                Text(
                    f"审批记录 {path} 无法读取：{error.text.zh}",
                    f"approval {path} unreadable: {error.text.en}",
                ),
            )
        ]
    errors = validator(APPROVAL_SCHEMA).errors(document.data)
    if errors:
        return None, [
            ApprovalProblem(
                "approval-schema-valid",
                error.requirements or ("LC-1",),
                Text(
                    f"审批记录 {format_path(error.path)}：{error.message.zh}",
                    f"approval {format_path(error.path)}: {error.message.en}",
                ),
            )
            for error in errors
        ]
    return parse_approval(document.data), []


def parse_approval(data: Mapping[str, Any]) -> Approval:
    """Fields of a schema-valid approval record."""
    spec = data["spec"]
    return Approval(
        request_id=data["metadata"]["requestId"],
        request_digest=spec["requestDigest"],
        decision=spec["decision"],
        approver_name=spec["approvedBy"]["name"],
        approver_email=spec["approvedBy"]["email"],
        approved_at=spec["approvedAt"],
    )


def check_approval(approval: Approval, request: Mapping[str, Any]) -> list[ApprovalProblem]:
    """Every reason this approval does not cover this request (empty: provisioning may start)."""
    problems: list[ApprovalProblem] = []
    request_id = request.get("metadata", {}).get("id")
    if approval.request_id != request_id:
        problems.append(
            ApprovalProblem(
                "approval-request-matches",
                ("LC-1",),
                Text(
                    f"审批记录针对 {approval.request_id}，而非申请 {request_id}",
                    f"the approval is for {approval.request_id}, not for request {request_id}",
                ),
            )
        )
    if approval.decision != APPROVED:
        problems.append(
            ApprovalProblem(
                "approval-decision-approved",
                ("LC-1", "LC-3"),
                Text(
                    f"申请未获批准（审批结论：{approval.decision}）",
                    f"the request is not approved (decision: {approval.decision})",
                ),
            )
        )
    digest = request_digest(request)
    if approval.request_digest != digest:
        problems.append(
            ApprovalProblem(
                "approval-digest-matches",
                ("LC-1", "LC-8"),
                Text(
                    f"申请在审批后被修改（摘要 {digest[:12]}… 与审批的 {approval.request_digest[:12]}… 不符），"
                    "须重新审批",
                    f"the request changed after approval (digest {digest[:12]}... is not the approved "
                    f"{approval.request_digest[:12]}...); it needs a new approval",
                ),
            )
        )
    approver = Identity.of(approval.approver_name, approval.approver_email)
    for contact in request.get("spec", {}).get("contacts", ()):
        if same_person(approver, contact):
            problems.append(
                ApprovalProblem(
                    "approval-duties-separated",
                    ("SEC-4",),
                    Text(
                        f"审批人 {approval.approver_name} 是申请单位的联系人（{contact.get('role')}），"
                        "不得自行审批",
                        f"the approver {approval.approver_name} is a contact of the requesting unit "
                        f"({contact.get('role')}) and may not approve its own request",
                    ),
                )
            )
            break
    # The request's lifecycle record, when it has one: a signed approval of this very digest (LC-1, LC-8).
    from govcloud.lifecycle.gate import record_problems  # noqa: PLC0415 - the gate imports this module

    problems += record_problems(request)
    return problems
