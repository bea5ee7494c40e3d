"""The tenant's written authorisation gates every provider action on its hosts and storage (SEC-5)."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud.admission.admit import request_digest
from govcloud.bilingual import Text
from govcloud.errors import ExitCode
from govcloud.loader import UnusableInputError, load_path
from govcloud.provisioning import access
from govcloud.provisioning.refusals import GATE_RULES
from govcloud.schemas import validator

ROOT = Path(__file__).resolve().parents[2]
SYSTEM = "gov-portal"
REQUEST_ID = "REQ-2026-0042"
SUBJECT = access.Subject(SYSTEM, REQUEST_ID)
DAY = date(2026, 12, 1)
GRANT = {
    "documentNo": "市府办授〔2026〕12号",
    "signedBy": {"role": "security-officer", "name": "李强"},
    "signed": "2026-11-02",
    "validUntil": "2027-11-30",
    "actions": [
        {"action": "harden", "reason": {"zh": "按等保三级加固", "en": "harden to 等保 level 3"}},
        {"action": "audit", "reason": {"zh": "复核合规项", "en": "replay the compliance checks"}},
    ],
}


def _document(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "govcloud-iac/v1",
        "kind": "AccessAuthorisation",
        "metadata": {"requestId": REQUEST_ID, "system": SYSTEM},
        "spec": {**copy.deepcopy(GRANT), **spec},
    }


def _parsed(**spec: Any) -> access.Authorisation:
    return access.parse(_document(**spec)["spec"], REQUEST_ID, SYSTEM, "test")


def test_schema_is_2020_12_with_id_and_its_example_is_valid() -> None:
    schema = json.loads((ROOT / "catalog" / "schemas" / access.SCHEMA).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/access-authorisation-1.0.json")
    for example in schema["examples"]:
        assert validator(access.SCHEMA).errors(example) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            {"actions": [{"action": "root-shell", "reason": {"zh": "x", "en": "y"}}]},
            ("spec", "actions", 0, "action"),
        ),
        ({"signedBy": {"role": "technical", "name": "陈晓"}}, ("spec", "signedBy", "role")),
        ({"validUntil": "next year"}, ("spec", "validUntil")),
        ({"actions": []}, ("spec", "actions")),
    ],
)
def test_schema_names_the_field_and_sec_5(change: dict[str, Any], path: tuple[Any, ...]) -> None:
    errors = validator(access.SCHEMA).errors(_document(**change))
    assert [error.path for error in errors] == [path]
    assert "SEC-5" in errors[0].requirements


def test_an_authorisation_allows_its_actions_for_its_system_while_in_force() -> None:
    granted = _parsed()
    assert granted.why_not("harden", SUBJECT, DAY) is None
    assert granted.why_not("audit", SUBJECT, date(2027, 11, 30)) is None, "the last day counts"


@pytest.mark.parametrize(
    ("action", "request_id", "system", "day", "says"),
    [
        ("backup", REQUEST_ID, SYSTEM, DAY, "allows harden, audit only, not backup"),
        ("harden", REQUEST_ID, SYSTEM, date(2027, 12, 1), "expired on 2027-11-30"),
        (
            "harden",
            REQUEST_ID,
            SYSTEM,
            date(2026, 11, 1),
            "is signed 2026-11-02, not yet in force on 2026-11-01",
        ),
        ("harden", "REQ-2026-0057", SYSTEM, DAY, "authorises REQ-2026-0042 (gov-portal), not REQ-2026-0057"),
        ("harden", REQUEST_ID, "approval", DAY, "not REQ-2026-0042 (approval)"),
    ],
)
def test_why_an_authorisation_does_not_allow(
    action: str, request_id: str, system: str, day: date, says: str
) -> None:
    problem = _parsed().why_not(action, access.Subject(system, request_id), day)
    assert problem is not None
    assert says in problem.en
    assert problem.zh
    assert problem.zh != problem.en


def test_refusal_lists_every_reason_with_the_rule_and_exits_1() -> None:
    backup = [{"action": "backup", "reason": {"zh": "备份", "en": "backups"}}]
    expired = _parsed(validUntil="2026-11-30", documentNo="市府办授〔2025〕3号", actions=backup)
    no_backup = _parsed()
    missing = Text("申请中没有 spec.providerAccess", "the request has no spec.providerAccess")
    with pytest.raises(access.AccessRefusedError) as caught:
        access.authorise("backup", SUBJECT, [expired, no_backup], on=DAY, unavailable=[missing])
    error = caught.value
    assert error.exit_code == ExitCode.VIOLATIONS
    assert error.code == access.RULE_ID
    assert GATE_RULES[access.RULE_ID].requirements == ("SEC-5",)
    assert error.message() == (
        "gov-portal: 未获使用单位书面授权，拒绝 backup / refusing to backup without the tenant's written "
        "authorisation [provider-access-authorised]"
    )
    assert len(error.details) == 3
    assert all(line.startswith("[provider-access-authorised] (SEC-5) ") for line in error.details)
    assert "the request has no spec.providerAccess" in error.details[0]
    assert "expired on 2026-11-30" in error.details[1]
    assert "allows harden, audit only, not backup" in error.details[2]


def test_the_first_candidate_that_allows_is_the_one_acted_under() -> None:
    expired = _parsed(validUntil="2026-11-30")
    current = _parsed(documentNo="市府办授〔2026〕40号")
    granted = access.authorise("audit", SUBJECT, [expired, current], on=DAY)
    assert granted.document_no == "市府办授〔2026〕40号"
    evidence = granted.evidence("audit")
    assert evidence["action"] == "audit"
    assert evidence["reason"] == {"zh": "复核合规项", "en": "replay the compliance checks"}
    assert evidence["signedBy"] == {"role": "security-officer", "name": "李强"}


def test_nothing_at_all_is_refused_too() -> None:
    with pytest.raises(access.AccessRefusedError) as caught:
        access.authorise("harden", SUBJECT, [], on=DAY)
    assert caught.value.details == (
        "[provider-access-authorised] (SEC-5) 没有任何书面授权 / there is no written authorisation at all",
    )


def test_a_document_of_its_own_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "auth.yaml"
    path.write_text(yaml.safe_dump(_document(), allow_unicode=True), encoding="utf-8")
    granted = access.load_document(path)
    assert (granted.request_id, granted.system, granted.source) == (REQUEST_ID, SYSTEM, str(path))
    assert set(granted.reasons) == {"harden", "audit"}


def test_a_malformed_document_names_the_field_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "auth.yaml"
    bad = _document()
    del bad["spec"]["signedBy"]
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(access.AuthorisationInputError) as caught:
        access.load_document(path)
    assert caught.value.exit_code == ExitCode.UNUSABLE
    assert caught.value.code == "access-authorisation-usable"
    assert caught.value.where == f"{path}: spec"
    assert "signedBy" in caught.value.text.en


def test_a_hostile_document_is_refused_by_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "auth.yaml"
    path.write_text("a: &x [1]\nb: *x\n", encoding="utf-8")
    with pytest.raises(UnusableInputError):
        access.load_document(path)


class Project:
    """A project folder with one stack whose request carries an authorisation, and its approval."""

    def __init__(self, root: Path, grant: dict[str, Any] | None) -> None:
        """Copy the portal's request (with ``grant`` as its providerAccess) and approve that version."""
        self.root = root
        request = copy.deepcopy(load_path(ROOT / "requests" / "examples" / "gov-portal.yaml").data)
        request["spec"].pop("providerAccess", None)
        if grant is not None:
            request["spec"]["providerAccess"] = grant
        self.request = request
        (root / "Pulumi.yaml").write_text("name: govcloud\nruntime: python\n", encoding="utf-8")
        stack = {"config": {"govcloud:request": "request.yaml", "govcloud:approval": "approval.yaml"}}
        (root / f"Pulumi.{SYSTEM}.yaml").write_text(yaml.safe_dump(stack), encoding="utf-8")
        self.write_request(request)
        approval = load_path(ROOT / "requests" / "approvals" / "REQ-2026-0042.yaml").data
        approval["spec"]["requestDigest"] = request_digest(request)
        (root / "approval.yaml").write_text(yaml.safe_dump(approval, allow_unicode=True), encoding="utf-8")

    def write_request(self, request: dict[str, Any]) -> None:
        """The stack's request file."""
        (self.root / "request.yaml").write_text(yaml.safe_dump(request, allow_unicode=True), encoding="utf-8")


def test_the_approved_request_authorises_what_it_grants(tmp_path: Path) -> None:
    project = Project(tmp_path, copy.deepcopy(GRANT))
    granted = access.for_stack(tmp_path, "audit", SUBJECT, [], on=DAY)
    assert granted.document_no == GRANT["documentNo"]
    assert granted.source == f"request {tmp_path / 'request.yaml'}"
    with pytest.raises(access.AccessRefusedError, match="backup"):
        access.for_stack(project.root, "backup", SUBJECT, [], on=DAY)


def test_a_grant_written_in_after_approval_authorises_nothing(tmp_path: Path) -> None:
    project = Project(tmp_path, None)
    edited = copy.deepcopy(project.request)
    edited["spec"]["providerAccess"] = copy.deepcopy(GRANT)
    project.write_request(edited)
    with pytest.raises(access.AccessRefusedError) as caught:
        access.for_stack(tmp_path, "harden", SUBJECT, [], on=DAY)
    assert "its approval no longer covers the request" in caught.value.details[0]


def test_a_later_document_authorises_beside_the_request(tmp_path: Path) -> None:
    Project(tmp_path, None)
    document = tmp_path / "backup-auth.yaml"
    backup = [{"action": "backup", "reason": {"zh": "每日备份", "en": "the daily copies"}}]
    document.write_text(yaml.safe_dump(_document(actions=backup), allow_unicode=True), encoding="utf-8")
    with pytest.raises(access.AccessRefusedError) as caught:
        access.for_stack(tmp_path, "backup", SUBJECT, [], on=DAY)
    assert "the request has no spec.providerAccess" in caught.value.details[0]
    granted = access.for_stack(tmp_path, "backup", SUBJECT, [document], on=DAY)
    assert granted.source == str(document)


def test_hosts_without_a_stack_need_a_document(tmp_path: Path) -> None:
    with pytest.raises(access.AccessRefusedError) as caught:
        access.for_stack(tmp_path, "audit", SUBJECT, [], on=DAY)
    assert "stack gov-portal has no request (no stack config)" in caught.value.details[0]
