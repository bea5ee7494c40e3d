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
from govcloud.lifecycle.gate import record_problems
from govcloud.loader import UnusableInputError, load_path
from govcloud.provisioning.refusals import Refusal, gate_rule, refusal
from govcloud.schemas import validator

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

APPROVAL_SCHEMA = "approval-1.0.json"
APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class Approval:
    """The fields of an approval record the checks need."""

    request_id: str
    request_digest: str
    decision: str
    approver_name: str
    approver_email: str
    approved_at: str


@gate_rule(
    "approval-readable",
    requirements=("LC-1",),
    description=("审批记录须存在且可读取", "The stack's approval record exists and can be read"),
)
@gate_rule(
    "approval-schema-valid",
    requirements=("LC-1",),
    description=(
        "审批记录须符合审批格式（catalog/schemas/approval-1.0.json）",
        "The approval record matches the approval format (catalog/schemas/approval-1.0.json)",
    ),
)
def load_approval(path: Path) -> tuple[Approval | None, list[Refusal]]:
    """Load and schema-check an approval record; refusals instead of exceptions."""
    try:
        document = load_path(path)
    except UnusableInputError as error:
        return None, [
            refusal(
                "approval-readable",
                Text(
                    f"审批记录 {path} 无法读取：{error.text.zh}",
                    f"approval {path} unreadable: {error.text.en}",
                ),
            )
        ]
    errors = validator(APPROVAL_SCHEMA).errors(document.data)
    if errors:
        return None, [
            refusal(
                "approval-schema-valid",
                Text(
                    f"审批记录 {format_path(error.path)}：{error.message.zh}",
                    f"approval {format_path(error.path)}: {error.message.en}",
                ),
                error.requirements or None,
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


def covering_approval(path: Path, request: Mapping[str, Any]) -> tuple[Approval | None, list[Refusal]]:
    """The approval record at ``path`` and every reason it does not cover ``request`` (empty: it does)."""
    approval, refusals = load_approval(path)
    if approval is None:
        return None, refusals
    return approval, check_approval(approval, request)


def check_approval(approval: Approval, request: Mapping[str, Any]) -> list[Refusal]:
    """Every reason this approval does not cover this request (empty: provisioning may start).

    The request's lifecycle record, when it has one, must also hold a signed approval of this very
    digest (LC-1, LC-8): one gate for the stack program and ``govcloud provision``.
    """
    found = [check(approval, request) for check in _CHECKS]
    return [item for item in found if item is not None] + record_problems(request)


@gate_rule(
    "approval-request-matches",
    requirements=("LC-1",),
    description=(
        "审批记录须针对本申请（metadata.requestId）",
        "The approval is for this request (metadata.requestId)",
    ),
)
def _request_matches(approval: Approval, request: Mapping[str, Any]) -> Refusal | None:
    request_id = request.get("metadata", {}).get("id")
    if approval.request_id == request_id:
        return None
    return refusal(
        "approval-request-matches",
        Text(
            f"审批记录针对 {approval.request_id}，而非申请 {request_id}",
            f"the approval is for {approval.request_id}, not for request {request_id}",
        ),
    )


@gate_rule(
    "approval-decision-approved",
    requirements=("LC-1", "LC-3"),
    description=("审批结论须为批准", "The authority's decision is approved"),
)
def _decision_approved(approval: Approval, _request: Mapping[str, Any]) -> Refusal | None:
    if approval.decision == APPROVED:
        return None
    return refusal(
        "approval-decision-approved",
        Text(
            f"申请未获批准（审批结论：{approval.decision}）",
            f"the request is not approved (decision: {approval.decision})",
        ),
    )


@gate_rule(
    "approval-digest-matches",
    requirements=("LC-1", "LC-8"),
    description=(
        "审批须锁定申请当前版本的摘要：审批后修改的申请须重新审批",
        "The approval pins the request's current digest: a request edited after approval needs a new one",
    ),
)
def _digest_matches(approval: Approval, request: Mapping[str, Any]) -> Refusal | None:
    digest = request_digest(request)
    if approval.request_digest == digest:
        return None
    return refusal(
        "approval-digest-matches",
        Text(
            f"申请在审批后被修改（摘要 {digest[:12]}… 与审批的 {approval.request_digest[:12]}… 不符），须重新审批",
            f"the request changed after approval (digest {digest[:12]}... is not the approved "
            f"{approval.request_digest[:12]}...); it needs a new approval",
        ),
    )


@gate_rule(
    "approval-duties-separated",
    requirements=("SEC-4",),
    description=(
        "审批人不得是申请单位的联系人（申请与审批分离）",
        "The approver is none of the requesting unit's contacts (who asks does not approve)",
    ),
)
def _duties_separated(approval: Approval, request: Mapping[str, Any]) -> Refusal | None:
    approver = Identity.of(approval.approver_name, approval.approver_email)
    contact = next((c for c in request.get("spec", {}).get("contacts", ()) if same_person(approver, c)), None)
    if contact is None:
        return None
    return refusal(
        "approval-duties-separated",
        Text(
            f"审批人 {approval.approver_name} 是申请单位的联系人（{contact.get('role')}），不得自行审批",
            f"the approver {approval.approver_name} is a contact of the requesting unit "
            f"({contact.get('role')}) and may not approve its own request",
        ),
    )


_CHECKS = (_request_matches, _decision_approved, _digest_matches, _duties_separated)
