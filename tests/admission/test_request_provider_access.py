"""The tenant's written authorisation for provider access in the request (SEC-5; backup SEC-11, OPS-3).

Each test changes one thing of an example's ``spec.providerAccess`` and checks exactly what admission
says: the schema (two stages, field and SEC-5 named in both languages), then the rule's findings.
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

RULE = "request-provider-access-authorised"
REASON = {"zh": "理由", "en": "the reason"}


def _found(request: dict[str, Any], catalogue: Catalogue) -> list[Finding]:
    return [finding for finding in judge(Document(request), catalogue) if finding.rule_id == RULE]


def _said(request: dict[str, Any], catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """(field, English message, English remediation) of every finding of the rule."""
    return [(f.field, f.message.en, f.remediation.en) for f in _found(request, catalogue)]


def _access(request: dict[str, Any]) -> dict[str, Any]:
    access: dict[str, Any] = request["spec"]["providerAccess"]
    return access


def _only(request: dict[str, Any], *actions: str) -> None:
    _access(request)["actions"] = [{"action": action, "reason": REASON} for action in actions]


def test_the_rule_is_an_error_citing_sec5_and_the_backup_requirements() -> None:
    info = REQUEST_RULES[RULE].info
    assert info.severity is Severity.ERROR
    assert info.requirements == ("SEC-5", "SEC-11", "OPS-3")


@pytest.mark.parametrize("name", ["portal", "approval", "exchange"])
def test_each_example_is_authorised_by_its_own_security_officer(
    name: str, request: pytest.FixtureRequest, catalogue: Catalogue
) -> None:
    document: dict[str, Any] = request.getfixturevalue(name)
    access = _access(document)
    officers = [c["name"] for c in document["spec"]["contacts"] if c["role"] == "security-officer"]
    assert access["signedBy"] == {"role": "security-officer", "name": officers[0]}
    assert access["signed"] <= document["metadata"]["submitted"] < access["validUntil"]
    assert _said(document, catalogue) == []


def test_no_authorisation_on_a_level3_portal_with_backup(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    del portal["spec"]["providerAccess"]
    assert _said(portal, catalogue) == [
        (
            "spec.providerAccess",
            (
                "no written authorisation allows harden, audit: the provider hardens and audits level-3 hosts "
                "(SEC-10, SEC-7), else they stay unhardened"
            ),
            "add the unit's signed authorisation as spec.providerAccess, allowing harden, audit with reasons",
        ),
        (
            "spec.providerAccess",
            (
                "no written authorisation allows backup: the request orders bak.daily.offsite, whose copies the "
                "provider could not make (SEC-11, OPS-3)"
            ),
            "add the unit's signed authorisation as spec.providerAccess, allowing backup with reasons",
        ),
    ]
    (first, _) = _found(portal, catalogue)
    assert first.message.zh == (
        "申请未附准许 harden, audit 的书面授权：服务方须加固并复核三级系统的主机（SEC-10、SEC-7），否则主机将保持未加固"
    )
    assert first.requirements == ("SEC-5", "SEC-11", "OPS-3")


def test_no_authorisation_is_fine_below_level3_without_backup(
    exchange: dict[str, Any], catalogue: Catalogue
) -> None:
    del exchange["spec"]["providerAccess"]
    exchange["spec"]["resources"] = [
        line for line in exchange["spec"]["resources"] if not line["item"].startswith("bak.")
    ]
    assert judge(Document(exchange), catalogue) == []


def test_a_level2_backup_needs_the_backup_action(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    _only(exchange, "audit")
    assert _said(exchange, catalogue) == [
        (
            "spec.providerAccess.actions",
            (
                "the written authorisation does not allow backup: the request orders bak.weekly, whose copies the "
                "provider could not make (SEC-11, OPS-3)"
            ),
            "add backup to spec.providerAccess.actions, each with the tenant's reason",
        )
    ]
    (finding,) = _found(exchange, catalogue)
    assert finding.message.zh == (
        "书面授权未准许 backup：申请订购了备份服务 bak.weekly，服务方却无权复制数据、演练恢复（SEC-11、OPS-3）"
    )
    assert finding.remediation.zh == "在 spec.providerAccess.actions 中加入 backup，各附使用单位的理由"


@pytest.mark.parametrize(
    ("kept", "missing"),
    [(("audit", "backup"), "harden"), (("harden", "backup"), "audit"), (("backup",), "harden, audit")],
)
def test_level3_needs_harden_and_audit(
    kept: tuple[str, ...], missing: str, approval: dict[str, Any], catalogue: Catalogue
) -> None:
    _only(approval, *kept)
    assert _said(approval, catalogue) == [
        (
            "spec.providerAccess.actions",
            (
                f"the written authorisation does not allow {missing}: the provider hardens and audits level-3 hosts "
                "(SEC-10, SEC-7), else they stay unhardened"
            ),
            f"add {missing} to spec.providerAccess.actions, each with the tenant's reason",
        )
    ]


def test_a_level3_system_without_backup_still_needs_harden_and_audit(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    portal["spec"]["resources"] = [
        line for line in portal["spec"]["resources"] if line["item"] != "bak.daily.offsite"
    ]
    _only(portal, "harden", "audit")
    assert _said(portal, catalogue) == []


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
    _access(portal)["signedBy"] = signer
    role = {"requester": "requester", "security-officer": "unit security officer"}[signer["role"]]
    assert _said(portal, catalogue) == [
        (
            "spec.providerAccess.signedBy.name",
            f"the signer is not the {role} among the request's contacts: nobody can tell which officer signed",
            f"have the contact with role {signer['role']} in spec.contacts sign it, and write the name as given there",
        )
    ]
    (finding,) = _found(portal, catalogue)
    assert signer["name"] not in finding.message.zh + finding.message.en, "free text is compared, never shown"


@pytest.mark.parametrize("written", ["李 强", "李\u3000强", "李\u200d强"])
def test_the_signers_name_is_compared_as_the_same_person(
    written: str, portal: dict[str, Any], catalogue: Catalogue
) -> None:
    _access(portal)["signedBy"]["name"] = written
    assert _said(portal, catalogue) == []


def test_the_requester_may_sign(portal: dict[str, Any], catalogue: Catalogue) -> None:
    _access(portal)["signedBy"] = {"role": "requester", "name": "王敏"}
    assert _said(portal, catalogue) == []


def test_signed_after_submission(portal: dict[str, Any], catalogue: Catalogue) -> None:
    _access(portal)["signed"] = "2026-11-03"
    assert _said(portal, catalogue) == [
        (
            "spec.providerAccess.signed",
            "the authorisation is signed on 2026-11-03, after the request was submitted on 2026-11-02",
            "attach an authorisation signed before submission and give the day it was signed",
        )
    ]
    (finding,) = _found(portal, catalogue)
    assert (
        finding.message.zh
        == "授权签署于 2026-11-03，晚于申请提交日 2026-11-02：提交的申请不能附尚未签署的授权"
    )
    _access(portal)["signed"] = "2026-11-02"
    assert _said(portal, catalogue) == []


@pytest.mark.parametrize("until", ["2026-11-13", "2026-11-12"])
def test_valid_until_must_be_after_signing(
    until: str, exchange: dict[str, Any], catalogue: Catalogue
) -> None:
    _access(exchange)["validUntil"] = until
    assert _said(exchange, catalogue) == [
        (
            "spec.providerAccess.validUntil",
            f"the authorisation is valid until {until}, not after it was signed on 2026-11-13",
            "give the last day the signed document names (a year is usual)",
        )
    ]


def test_valid_until_reaches_the_end_of_the_trial(approval: dict[str, Any], catalogue: Catalogue) -> None:
    """Submitted 2026-11-09 with a 30-day trial: the system is live on 2026-12-09."""
    _access(approval)["validUntil"] = "2026-12-08"
    assert _said(approval, catalogue) == [
        (
            "spec.providerAccess.validUntil",
            (
                "the authorisation lapses on 2026-12-08, before the trial ends (30 days after submission) on "
                "2026-12-09: it is void before the system is live"
            ),
            "make it valid until 2026-12-09 at least (a year is usual)",
        )
    ]
    (finding,) = _found(approval, catalogue)
    assert finding.message.zh == (
        "授权于 2026-12-08 到期，早于试运行结束（提交后 30 天）的 2026-12-09：系统上线前授权已失效"
    )
    _access(approval)["validUntil"] = "2026-12-09"
    assert _said(approval, catalogue) == []


def test_without_a_trial_it_must_hold_on_submission(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    _access(exchange)["validUntil"] = "2026-11-15"
    assert _said(exchange, catalogue) == [
        (
            "spec.providerAccess.validUntil",
            (
                "the authorisation lapses on 2026-11-15, before the request was submitted on 2026-11-16: "
                "it is void before the system is live"
            ),
            "make it valid until 2026-11-16 at least (a year is usual)",
        )
    ]


def test_every_finding_at_once(portal: dict[str, Any], catalogue: Catalogue) -> None:
    access = _access(portal)
    access.update(signedBy={"role": "security-officer", "name": "王敏"}, signed="2026-11-05")
    access["validUntil"] = "2026-11-04"
    _only(portal, "audit")
    assert [field for field, _, _ in _said(portal, catalogue)] == [
        "spec.providerAccess.signedBy.name",
        "spec.providerAccess.signed",
        "spec.providerAccess.validUntil",
        "spec.providerAccess.actions",
        "spec.providerAccess.actions",
    ]


# --- the schema: spec.providerAccess is access-authorisation-1.0.json#authorisation ---


@pytest.mark.parametrize(
    ("change", "field", "en"),
    [
        (
            lambda a: a["actions"][0].update(action="root"),
            ("spec", "providerAccess", "actions", 0, "action"),
            "value 'root' not allowed; use: harden, audit, backup",
        ),
        (
            lambda a: a["signedBy"].update(role="technical"),
            ("spec", "providerAccess", "signedBy", "role"),
            "value 'technical' not allowed; use: requester, security-officer",
        ),
        (lambda a: a.pop("validUntil"), ("spec", "providerAccess"), "missing required field(s): validUntil"),
        (
            lambda a: a.update(scope="all hosts"),
            ("spec", "providerAccess"),
            "unknown field(s): scope (check the spelling)",
        ),
        (
            lambda a: a.update(signed="2026-02-30"),
            ("spec", "providerAccess", "signed"),
            "bad format: '2026-02-30' is not a valid date",
        ),
        (
            lambda a: a.update(actions=[]),
            ("spec", "providerAccess", "actions"),
            "must have at least this many entries: 1 (is [])",
        ),
    ],
)
def test_a_bad_authorisation_names_its_field_and_sec5(
    change: Any, field: tuple[Any, ...], en: str, portal: dict[str, Any]
) -> None:
    change(_access(portal))
    schema = validator("request-1.0.json")
    assert not schema.is_valid(portal)
    (error,) = schema.errors(portal)
    assert (error.path, error.message.en, error.requirements) == (field, en, ("SEC-5",))
    assert error.message.zh


def test_fast_and_explaining_validators_agree_on_the_authorisation(portal: dict[str, Any]) -> None:
    """The fast path refuses what the explaining path explains, and admits the example as it does."""
    schema = validator("request-1.0.json")
    assert schema.is_valid(portal)
    assert schema.explain(portal) == []
    for key, value in [("signed", 20261030), ("documentNo", ""), ("actions", [{"action": "backup"}])]:
        changed = copy.deepcopy(portal)
        changed["spec"]["providerAccess"][key] = value
        assert not schema.is_valid(changed)
        assert [error.path[:2] for error in schema.explain(changed)] == [("spec", "providerAccess")]


def test_the_cli_names_the_field_and_sec5_in_both_languages(
    portal: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _access(portal)["actions"][0]["action"] = "root"
    path = tmp_path / "request.yaml"
    path.write_text(yaml.safe_dump(portal, allow_unicode=True), encoding="utf-8")
    before = path.read_bytes()
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].endswith(": error request-schema-valid [SEC-5] at spec.providerAccess.actions[0].action")
    assert lines[1:3] == [
        "  取值 'root' 无效，允许：harden, audit, backup",
        "  value 'root' not allowed; use: harden, audit, backup",
    ]
    assert "Traceback" not in out + err
    assert path.read_bytes() == before


def test_govcloud_rules_lists_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--layer", "request", "--format", "json"]) == 0
    listed = {rule["id"]: rule for rule in json.loads(capsys.readouterr().out)}
    assert (listed[RULE]["severity"], listed[RULE]["requirements"]) == ("error", ["SEC-5", "SEC-11", "OPS-3"])
