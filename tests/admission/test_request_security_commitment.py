"""The tenant's signed cloud security commitment in the request (SEC-9).

Each test changes one thing of an example's ``spec.materials.securityCommitment`` and checks exactly
what admission says: the schema (two stages, field and SEC-9 named in both languages), then the
rule's findings in Chinese and English.
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from govcloud.admission.admit import judge
from govcloud.admission.findings import Severity
from govcloud.admission.rules import REQUEST_RULES
from govcloud.cli import main
from govcloud.loader import Document
from govcloud.schemas import validator

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.admission.findings import Finding
    from govcloud.catalogue.model import Catalogue

RULE = "request-security-commitment-signed"


def _found(request: dict[str, Any], catalogue: Catalogue) -> list[Finding]:
    return [finding for finding in judge(Document(request), catalogue) if finding.rule_id == RULE]


def _said(request: dict[str, Any], catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """(field, English message, English remediation) of every finding of the rule."""
    return [(f.field, f.message.en, f.remediation.en) for f in _found(request, catalogue)]


def _commitment(request: dict[str, Any]) -> dict[str, Any]:
    commitment: dict[str, Any] = request["spec"]["materials"]["securityCommitment"]
    return commitment


def test_the_rule_is_an_error_citing_sec9() -> None:
    info = REQUEST_RULES[RULE].info
    assert info.severity is Severity.ERROR
    assert info.requirements == ("SEC-9",)


@pytest.mark.parametrize("name", ["portal", "approval", "exchange"])
def test_each_example_is_committed_by_its_own_security_officer(
    name: str, request: pytest.FixtureRequest, catalogue: Catalogue
) -> None:
    document: dict[str, Any] = request.getfixturevalue(name)
    commitment = _commitment(document)
    officers = [c["name"] for c in document["spec"]["contacts"] if c["role"] == "security-officer"]
    assert commitment["signedBy"] == {"role": "security-officer", "name": officers[0]}
    assert commitment["signed"] <= document["metadata"]["submitted"]
    assert (commitment["responsibilityModel"], commitment["dataOwnership"]) == ("GB/T 31167-2023", "tenant")
    assert "承" in commitment["documentNo"]
    assert _said(document, catalogue) == []


@pytest.mark.parametrize("name", ["portal", "approval", "exchange"])
def test_no_commitment_is_refused_but_the_schema_still_reads_it(
    name: str, request: pytest.FixtureRequest, catalogue: Catalogue
) -> None:
    """Optional in the schema (stored versions from before SEC-9 stay readable), required by the rule."""
    document: dict[str, Any] = request.getfixturevalue(name)
    del document["spec"]["materials"]["securityCommitment"]
    assert validator("request-1.0.json").is_valid(document)
    assert _said(document, catalogue) == [
        (
            "spec.materials.securityCommitment",
            (
                "no signed cloud security commitment: security responsibility, data ownership and standards "
                "stay the tenant's after the move (split per GB/T 31167-2023)"
            ),
            "add the commitment the unit's requester or security officer signed as spec.materials.securityCommitment",
        )
    ]
    (finding,) = _found(document, catalogue)
    assert finding.message.zh == (
        "未附云安全承诺书：上云后安全责任、数据所有权和安全标准不变，须由使用单位签署承诺（GB/T 31167-2023 划分责任）"
    )
    assert (
        finding.remediation.zh
        == "在 spec.materials.securityCommitment 中附上申请人或单位安全责任人签署的承诺书"
    )
    assert finding.requirements == ("SEC-9",)
    assert [f.rule_id for f in judge(Document(document), catalogue)] == [RULE], "nothing else is missing"


@pytest.mark.parametrize(
    "signer",
    [
        {"role": "security-officer", "name": "陈晓"},  # the vendor's technical contact
        {"role": "requester", "name": "李强"},  # the officer, but signing as the requester
        {"role": "security-officer", "name": "李刚"},  # nobody of the request
        {"role": "security-officer", "name": "\u200b"},  # an invisible name is no name
    ],
)
def test_the_signer_is_the_contact_with_that_role_and_name(
    signer: dict[str, str], portal: dict[str, Any], catalogue: Catalogue
) -> None:
    _commitment(portal)["signedBy"] = signer
    role = {"requester": "requester", "security-officer": "unit security officer"}[signer["role"]]
    assert _said(portal, catalogue) == [
        (
            "spec.materials.securityCommitment.signedBy.name",
            f"the signer is not the {role} among the request's contacts: nobody can tell which officer signed",
            f"have the contact with role {signer['role']} in spec.contacts sign it, and write the name as given there",
        )
    ]
    (finding,) = _found(portal, catalogue)
    zh_role = {"requester": "申请人", "security-officer": "单位安全责任人"}[signer["role"]]
    assert (
        finding.message.zh == f"签署人不是本申请联系人中的{zh_role}：无法确认是单位的哪位负责人签署的承诺书"
    )
    assert finding.remediation.zh == (
        f"由 spec.contacts 中角色为 {signer['role']} 的人签署，姓名按联系人中的写法填写"
    )
    assert signer["name"] not in finding.message.zh + finding.message.en, "free text is compared, never shown"


@pytest.mark.parametrize("written", ["李 强", "李\u3000强", "李\u200d强", "李强\u00ad"])
def test_the_signers_name_is_compared_as_the_same_person(
    written: str, portal: dict[str, Any], catalogue: Catalogue
) -> None:
    _commitment(portal)["signedBy"]["name"] = written
    assert _said(portal, catalogue) == []


def test_the_requester_may_sign(portal: dict[str, Any], catalogue: Catalogue) -> None:
    _commitment(portal)["signedBy"] = {"role": "requester", "name": "王敏"}
    assert _said(portal, catalogue) == []


def test_signed_after_submission(approval: dict[str, Any], catalogue: Catalogue) -> None:
    _commitment(approval)["signed"] = "2026-11-10"
    assert _said(approval, catalogue) == [
        (
            "spec.materials.securityCommitment.signed",
            "the commitment is signed on 2026-11-10, after the request was submitted on 2026-11-09",
            "attach a commitment signed before submission and give the day it was signed",
        )
    ]
    (finding,) = _found(approval, catalogue)
    assert (
        finding.message.zh
        == "承诺书签署于 2026-11-10，晚于申请提交日 2026-11-09：提交的申请不能附尚未签署的承诺书"
    )
    assert finding.remediation.zh == "附上提交前已签署的承诺书，填写其签署日期"
    _commitment(approval)["signed"] = "2026-11-09"
    assert _said(approval, catalogue) == [], "signed on the day of submission is in time"


def test_every_finding_at_once(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    _commitment(exchange).update(signedBy={"role": "requester", "name": "郑洁"}, signed="2026-12-01")
    assert [field for field, _, _ in _said(exchange, catalogue)] == [
        "spec.materials.securityCommitment.signedBy.name",
        "spec.materials.securityCommitment.signed",
    ]


def test_the_provider_access_rule_compares_its_signer_the_same_way(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    """Both signed documents go through one comparison: the same signer is refused by both rules."""
    signer = {"role": "security-officer", "name": "陈晓"}
    _commitment(portal)["signedBy"] = signer
    portal["spec"]["providerAccess"]["signedBy"] = dict(signer)
    found = judge(Document(portal), catalogue)
    assert sorted((f.rule_id, f.field) for f in found) == [
        ("request-provider-access-authorised", "spec.providerAccess.signedBy.name"),
        (RULE, "spec.materials.securityCommitment.signedBy.name"),
    ]
    assert {f.message.en for f in found} == {
        "the signer is not the unit security officer among the request's contacts: nobody can tell which officer signed"
    }


# --- the schema: spec.materials.securityCommitment, SEC-9 ---


@pytest.mark.parametrize(
    ("change", "field", "en"),
    [
        (
            lambda c: c["signedBy"].update(role="technical"),
            ("spec", "materials", "securityCommitment", "signedBy", "role"),
            "value 'technical' not allowed; use: requester, security-officer",
        ),
        (
            lambda c: c.update(responsibilityModel="GB/T 31167-2014"),
            ("spec", "materials", "securityCommitment", "responsibilityModel"),
            "value 'GB/T 31167-2014' not allowed; use: GB/T 31167-2023",
        ),
        (
            lambda c: c.update(dataOwnership="provider"),
            ("spec", "materials", "securityCommitment", "dataOwnership"),
            "value 'provider' not allowed; use: tenant",
        ),
        (
            lambda c: c.pop("signed"),
            ("spec", "materials", "securityCommitment"),
            "missing required field(s): signed",
        ),
        (
            lambda c: c.update(scope="all systems"),
            ("spec", "materials", "securityCommitment"),
            "unknown field(s): scope (check the spelling)",
        ),
        (
            lambda c: c.update(signed="2026-02-30"),
            ("spec", "materials", "securityCommitment", "signed"),
            "bad format: '2026-02-30' is not a valid date",
        ),
        (
            lambda c: c.update(documentNo=""),
            ("spec", "materials", "securityCommitment", "documentNo"),
            "must have at least this many characters: 1 (is '')",
        ),
    ],
)
def test_a_bad_commitment_names_its_field_and_sec9(
    change: Any, field: tuple[Any, ...], en: str, portal: dict[str, Any]
) -> None:
    change(_commitment(portal))
    schema = validator("request-1.0.json")
    assert not schema.is_valid(portal)
    (error,) = schema.errors(portal)
    assert (error.path, error.message.en, error.requirements) == (field, en, ("SEC-9",))
    assert error.message.zh


def test_fast_and_explaining_validators_agree_on_the_commitment(portal: dict[str, Any]) -> None:
    """The fast path refuses what the explaining path explains, and admits the example as it does."""
    schema = validator("request-1.0.json")
    assert schema.is_valid(portal)
    assert schema.explain(portal) == []
    for key, value in [("signed", 20261028), ("documentNo", ""), ("signedBy", {"role": "requester"})]:
        changed = copy.deepcopy(portal)
        changed["spec"]["materials"]["securityCommitment"][key] = value
        assert not schema.is_valid(changed)
        assert [error.path[:3] for error in schema.explain(changed)] == [
            ("spec", "materials", "securityCommitment")
        ]


def test_the_cli_names_the_field_and_sec9_in_both_languages(
    portal: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _commitment(portal)["dataOwnership"] = "provider"
    path = tmp_path / "request.yaml"
    path.write_text(yaml.safe_dump(portal, allow_unicode=True), encoding="utf-8")
    before = path.read_bytes()
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].endswith(
        ": error request-schema-valid [SEC-9] at spec.materials.securityCommitment.dataOwnership"
    )
    assert lines[1:3] == [
        "  取值 'provider' 无效，允许：tenant",
        "  value 'provider' not allowed; use: tenant",
    ]
    assert "Traceback" not in out + err
    assert path.read_bytes() == before


def test_the_cli_refuses_a_request_without_it(
    portal: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del portal["spec"]["materials"]["securityCommitment"]
    path = tmp_path / "request.yaml"
    path.write_text(yaml.safe_dump(portal, allow_unicode=True), encoding="utf-8")
    assert main(["validate", "--format", "json", str(path)]) == 1
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    assert [(f["ruleId"], f["field"], f["requirements"]) for f in entry["findings"]] == [
        (RULE, "spec.materials.securityCommitment", ["SEC-9"])
    ]


def test_govcloud_rules_lists_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--layer", "request", "--format", "json"]) == 0
    listed = {rule["id"]: rule for rule in json.loads(capsys.readouterr().out)}
    assert (listed[RULE]["severity"], listed[RULE]["requirements"]) == ("error", ["SEC-9"])
