"""Approval records (LC-1, LC-3, LC-8, SEC-4): schema, and whether one covers a given request."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from govcloud.admission.admit import request_digest
from govcloud.loader import load_path
from govcloud.provisioning.approval import check_approval, load_approval, parse_approval
from govcloud.schemas import validator

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [
    ("gov-portal.yaml", "REQ-2026-0042.yaml"),
    ("approval-system.yaml", "REQ-2026-0057.yaml"),
    ("data-exchange.yaml", "REQ-2026-0063.yaml"),
]


def _request(name: str) -> Any:
    return load_path(ROOT / "requests" / "examples" / name).data


def _approval_data(name: str) -> Any:
    return load_path(ROOT / "requests" / "approvals" / name).data


@pytest.mark.parametrize(("request_file", "approval_file"), PAIRS)
def test_committed_approvals_cover_their_requests(request_file: str, approval_file: str) -> None:
    approval, problems = load_approval(ROOT / "requests" / "approvals" / approval_file)
    assert problems == []
    assert approval is not None
    assert check_approval(approval, _request(request_file)) == []


def test_schema_baseline_and_example_valid() -> None:
    schema = json.loads((ROOT / "catalog" / "schemas" / "approval-1.0.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "https://govcloud-iac.example/schemas/approval-1.0.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    for example in schema["examples"]:
        assert validator("approval-1.0.json").errors(example) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["spec"].update(decision="maybe"), "spec.decision"),
        (lambda d: d["spec"].update(requestDigest="abc"), "spec.requestDigest"),
        (lambda d: d["spec"].pop("approvedBy"), "spec"),
        (lambda d: d["spec"].update(approvedAt="6 Nov 2026"), "spec.approvedAt"),
        (lambda d: d.update(extra=1), "(document)"),
    ],
)
def test_schema_rejects(change: Any, field: str, tmp_path: Path) -> None:
    data = copy.deepcopy(_approval_data("REQ-2026-0042.yaml"))
    change(data)
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    approval, problems = load_approval(path)
    assert approval is None
    assert [p.rule_id for p in problems] == ["approval-schema-valid"] * len(problems)
    assert any(field in p.message.en for p in problems), [p.message.en for p in problems]


def test_unreadable_approval(tmp_path: Path) -> None:
    approval, problems = load_approval(tmp_path / "missing.yaml")
    assert approval is None
    assert problems[0].rule_id == "approval-readable"
    assert "LC-1" in problems[0].line()


def test_each_problem_found_together() -> None:
    data = copy.deepcopy(_approval_data("REQ-2026-0042.yaml"))
    data["metadata"]["requestId"] = "REQ-2026-9999"
    data["spec"]["decision"] = "rejected"
    data["spec"]["approvedBy"] = {"name": "someone", "email": "ChenXiao@Vendor.example"}  # technical contact
    problems = check_approval(parse_approval(data), _request("gov-portal.yaml"))
    assert [p.rule_id for p in problems] == [
        "approval-request-matches",
        "approval-decision-approved",
        "approval-duties-separated",
    ]
    assert problems[2].requirements == ("SEC-4",)


def test_edit_of_the_request_voids_the_approval() -> None:
    request = copy.deepcopy(_request("data-exchange.yaml"))
    approval = parse_approval(_approval_data("REQ-2026-0063.yaml"))
    assert approval.request_digest == request_digest(request)
    request["spec"]["resources"][0]["count"] = 1
    problems = check_approval(approval, request)
    assert [p.rule_id for p in problems] == ["approval-digest-matches"]
    assert "needs a new approval" in problems[0].message.en
