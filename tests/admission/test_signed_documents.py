"""What the two signed documents of a request share: provider access (SEC-5) and the commitment (SEC-9).

Each test runs over both ``spec.providerAccess`` and ``spec.materials.securityCommitment``: the rule's
record, the signer traced to a contact (compared as the same person, never shown), the day of
signing, and the schema (two stages, field and requirement named in both languages). What only one
rule judges is in ``test_request_provider_access`` and ``test_request_security_commitment``.
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest
import yaml
from signed_documents import BOTH, PROVIDER_ACCESS, SECURITY_COMMITMENT, SignedDocument

from govcloud.admission.admit import judge
from govcloud.admission.findings import Severity
from govcloud.admission.rules import REQUEST_RULES
from govcloud.cli import main
from govcloud.loader import Document
from govcloud.schemas import validator

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue

CITED = [
    pytest.param(PROVIDER_ACCESS, ("SEC-5", "SEC-11", "OPS-3"), id="provider-access"),
    pytest.param(SECURITY_COMMITMENT, ("SEC-9",), id="security-commitment"),
]
"""Each document and the requirement IDs its rule cites."""


@pytest.fixture(params=BOTH, ids=lambda document: document.name)
def document(request: pytest.FixtureRequest) -> SignedDocument:
    """Each signed document in turn."""
    signed: SignedDocument = request.param
    return signed


@pytest.mark.parametrize(("document", "requirements"), CITED)
def test_the_rule_is_an_error_citing_its_requirements(
    document: SignedDocument, requirements: tuple[str, ...]
) -> None:
    info = REQUEST_RULES[document.rule].info
    assert info.severity is Severity.ERROR
    assert info.requirements == requirements


@pytest.mark.parametrize(("document", "requirements"), CITED)
def test_govcloud_rules_lists_the_rule(
    document: SignedDocument, requirements: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "--layer", "request", "--format", "json"]) == 0
    listed = {rule["id"]: rule for rule in json.loads(capsys.readouterr().out)}
    assert (listed[document.rule]["severity"], listed[document.rule]["requirements"]) == (
        "error",
        list(requirements),
    )


def test_each_example_is_signed_before_submission_by_its_own_security_officer(
    document: SignedDocument, each_example: dict[str, Any], catalogue: Catalogue
) -> None:
    signed = document.of(each_example)
    officers = [c["name"] for c in each_example["spec"]["contacts"] if c["role"] == "security-officer"]
    assert signed["signedBy"] == {"role": "security-officer", "name": officers[0]}
    assert signed["signed"] <= each_example["metadata"]["submitted"]
    assert document.said(each_example, catalogue) == []


@pytest.mark.parametrize(
    "signer",
    [
        {"role": "security-officer", "name": "陈晓"},  # the vendor's technical contact
        {"role": "requester", "name": "李强"},  # the officer, but signing as the requester
        {"role": "security-officer", "name": "李刚"},  # nobody of the request
        {"role": "security-officer", "name": "\u200b"},  # an invisible name is no name
    ],
    ids=["vendor-contact", "officer-as-requester", "nobody-of-the-request", "invisible-name"],
)
def test_the_signer_is_the_contact_with_that_role_and_name(
    signer: dict[str, str], document: SignedDocument, portal: dict[str, Any], catalogue: Catalogue
) -> None:
    document.of(portal)["signedBy"] = signer
    role = {"requester": "requester", "security-officer": "unit security officer"}[signer["role"]]
    assert document.said(portal, catalogue) == [
        (
            f"{document.field}.signedBy.name",
            f"the signer is not the {role} among the request's contacts: nobody can tell which officer signed",
            f"have the contact with role {signer['role']} in spec.contacts sign it, and write the name as given there",
        )
    ]
    (finding,) = document.found(portal, catalogue)
    zh_role = {"requester": "申请人", "security-officer": "单位安全责任人"}[signer["role"]]
    assert finding.message.zh == (
        f"签署人不是本申请联系人中的{zh_role}：无法确认是单位的哪位负责人签署的{document.zh}"
    )
    assert finding.remediation.zh == (
        f"由 spec.contacts 中角色为 {signer['role']} 的人签署，姓名按联系人中的写法填写"
    )
    assert signer["name"] not in finding.message.zh + finding.message.en, "free text is compared, never shown"


@pytest.mark.parametrize(
    "written",
    ["李 强", "李\u3000强", "李\u200d强", "李强\u00ad"],
    ids=["space", "ideographic-space", "zero-width-joiner", "soft-hyphen"],
)
def test_the_signers_name_is_compared_as_the_same_person(
    written: str, document: SignedDocument, portal: dict[str, Any], catalogue: Catalogue
) -> None:
    document.of(portal)["signedBy"]["name"] = written
    assert document.said(portal, catalogue) == []


def test_the_requester_may_sign(
    document: SignedDocument, portal: dict[str, Any], catalogue: Catalogue
) -> None:
    document.of(portal)["signedBy"] = {"role": "requester", "name": "王敏"}
    assert document.said(portal, catalogue) == []


class Late(NamedTuple):
    """A document of an example signed the day after the example was submitted."""

    document: SignedDocument
    example: str
    submitted: str
    late: str
    nouns: tuple[str, str, str]
    """What the English texts and the Chinese remediation call the document."""


@pytest.mark.parametrize(
    "case",
    [
        Late(PROVIDER_ACCESS, "portal", "2026-11-02", "2026-11-03", ("the authorisation", "an authorisation", "授权书")),
        Late(SECURITY_COMMITMENT, "approval", "2026-11-09", "2026-11-10", ("the commitment", "a commitment", "承诺书")),
    ],
    ids=lambda case: case.document.name,
)  # fmt: skip
def test_signed_after_submission(case: Late, request: pytest.FixtureRequest, catalogue: Catalogue) -> None:
    document, (the, a, paper) = case.document, case.nouns
    example: dict[str, Any] = request.getfixturevalue(case.example)
    assert example["metadata"]["submitted"] == case.submitted
    document.of(example)["signed"] = case.late
    assert document.said(example, catalogue) == [
        (
            f"{document.field}.signed",
            f"{the} is signed on {case.late}, after the request was submitted on {case.submitted}",
            f"attach {a} signed before submission and give the day it was signed",
        )
    ]
    (finding,) = document.found(example, catalogue)
    assert finding.message.zh == (
        f"{document.zh}签署于 {case.late}，晚于申请提交日 {case.submitted}：提交的申请不能附尚未签署的{document.zh}"
    )
    assert finding.remediation.zh == f"附上提交前已签署的{paper}，填写其签署日期"
    document.of(example)["signed"] = case.submitted
    assert document.said(example, catalogue) == [], "signed on the day of submission is in time"


def test_the_provider_access_rule_compares_its_signer_the_same_way(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    """Both signed documents go through one comparison: the same signer is refused by both rules."""
    signer = {"role": "security-officer", "name": "陈晓"}
    SECURITY_COMMITMENT.of(portal)["signedBy"] = signer
    PROVIDER_ACCESS.of(portal)["signedBy"] = dict(signer)
    found = judge(Document(portal), catalogue)
    assert sorted((f.rule_id, f.field) for f in found) == [
        ("request-provider-access-authorised", "spec.providerAccess.signedBy.name"),
        ("request-security-commitment-signed", "spec.materials.securityCommitment.signedBy.name"),
    ]
    assert {f.message.en for f in found} == {
        "the signer is not the unit security officer among the request's contacts: nobody can tell which officer signed"
    }


# --- the schema: spec.providerAccess is access-authorisation-1.0.json#authorisation (SEC-5), and
# spec.materials.securityCommitment is cited as SEC-9 ---

SCHEMA_CITES = {PROVIDER_ACCESS: "SEC-5", SECURITY_COMMITMENT: "SEC-9"}
DROP = object()
"""The field's new value when the case removes it."""


class Bad(NamedTuple):
    """A signed document of the portal with one field changed, and the one schema error that must cause."""

    document: SignedDocument
    field: tuple[str | int, ...]
    value: object
    en: str
    at: tuple[str | int, ...] | None = None
    """Where the error is when not at the field changed: a missing or unknown field is its document's."""


def _changed(document: dict[str, Any], field: tuple[str | int, ...], value: object) -> None:
    """Set one field of ``document`` (remove it for ``DROP``)."""
    *parents, last = field
    node: Any = document
    for key in parents:
        node = node[key]
    if value is DROP:
        del node[last]
    else:
        node[last] = value


def _bad_id(bad: Bad) -> str:
    field = ".".join(map(str, bad.field))
    return (
        f"{bad.document.name}-{field}-dropped"
        if bad.value is DROP
        else f"{bad.document.name}-{field}={bad.value!s}"
    )


A, C = PROVIDER_ACCESS, SECURITY_COMMITMENT
ROOT_ACTION = Bad(A, ("actions", 0, "action"), "root", "value 'root' not allowed; use: harden, audit, backup")
PROVIDER_OWNS_DATA = Bad(C, ("dataOwnership",), "provider", "value 'provider' not allowed; use: tenant")


@pytest.mark.parametrize(
    "bad",
    [
        ROOT_ACTION,
        Bad(A, ("signedBy", "role"), "technical", "value 'technical' not allowed; use: requester, security-officer"),
        Bad(A, ("validUntil",), DROP, "missing required field(s): validUntil", at=()),
        Bad(A, ("scope",), "all hosts", "unknown field(s): scope (check the spelling)", at=()),
        Bad(A, ("signed",), "2026-02-30", "bad format: '2026-02-30' is not a valid date"),
        Bad(A, ("actions",), [], "must have at least this many entries: 1 (is [])"),
        Bad(C, ("signedBy", "role"), "technical", "value 'technical' not allowed; use: requester, security-officer"),
        Bad(C, ("responsibilityModel",), "GB/T 31167-2014", "value 'GB/T 31167-2014' not allowed; use: GB/T 31167-2023"),
        PROVIDER_OWNS_DATA,
        Bad(C, ("signed",), DROP, "missing required field(s): signed", at=()),
        Bad(C, ("scope",), "all systems", "unknown field(s): scope (check the spelling)", at=()),
        Bad(C, ("signed",), "2026-02-30", "bad format: '2026-02-30' is not a valid date"),
        Bad(C, ("documentNo",), "", "must have at least this many characters: 1 (is '')"),
    ],
    ids=_bad_id,
)  # fmt: skip
def test_a_bad_document_names_its_field_and_requirement(bad: Bad, portal: dict[str, Any]) -> None:
    _changed(bad.document.of(portal), bad.field, bad.value)
    schema = validator("request-1.0.json")
    assert not schema.is_valid(portal)
    (error,) = schema.errors(portal)
    where = (*bad.document.path, *(bad.field if bad.at is None else bad.at))
    assert (error.path, error.message.en, error.requirements) == (
        where,
        bad.en,
        (SCHEMA_CITES[bad.document],),
    )
    assert error.message.zh


@pytest.mark.parametrize(
    ("document", "field", "value"),
    [
        (A, "signed", 20261030),
        (A, "documentNo", ""),
        (A, "actions", [{"action": "backup"}]),
        (C, "signed", 20261028),
        (C, "documentNo", ""),
        (C, "signedBy", {"role": "requester"}),
    ],
    ids=["access-signed-a-number", "access-empty-number", "access-action-without-reason",
         "commitment-signed-a-number", "commitment-empty-number", "commitment-signer-unnamed"],
)  # fmt: skip
def test_fast_and_explaining_validators_agree_on_the_document(
    document: SignedDocument, field: str, value: object, portal: dict[str, Any]
) -> None:
    """The fast path refuses what the explaining path explains, and admits the example as it does."""
    schema = validator("request-1.0.json")
    assert schema.is_valid(portal)
    assert schema.explain(portal) == []
    changed = copy.deepcopy(portal)
    document.of(changed)[field] = value
    assert not schema.is_valid(changed)
    assert [error.path[: len(document.path)] for error in schema.explain(changed)] == [document.path]


@pytest.mark.parametrize(
    ("bad", "printed"),
    [
        (ROOT_ACTION, ("[SEC-5] at spec.providerAccess.actions[0].action", "  取值 'root' 无效，允许：harden, audit, backup")),
        (PROVIDER_OWNS_DATA, ("[SEC-9] at spec.materials.securityCommitment.dataOwnership", "  取值 'provider' 无效，允许：tenant")),
    ],
    ids=["provider-access", "security-commitment"],
)  # fmt: skip
def test_the_cli_names_the_field_and_requirement_in_both_languages(
    bad: Bad,
    printed: tuple[str, str],
    portal: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``printed``: how the first line ends (requirement and field), then the Chinese line."""
    where, zh = printed
    _changed(bad.document.of(portal), bad.field, bad.value)
    path = tmp_path / "request.yaml"
    path.write_text(yaml.safe_dump(portal, allow_unicode=True), encoding="utf-8")
    before = path.read_bytes()
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].endswith(f": error request-schema-valid {where}")
    assert lines[1:3] == [zh, f"  {bad.en}"]
    assert "Traceback" not in out + err
    assert path.read_bytes() == before
