"""One person, however the name, mail box or phone is written (SEC-4: who asks does not approve).

Each case is a way a requester could appear as someone else: a full-width space or full-width letters
(an IME's default), another case, an invisible character pasted from a chat, the +86 prefix, or a
shared mailbox under two names. The same comparison decides the request rule and the approval check.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud.admission.admit import assess
from govcloud.catalogue.model import load_default
from govcloud.identity import Identity, normalise_email, normalise_name, normalise_phone, same_person
from govcloud.loader import Document
from govcloud.provisioning.approval import Approval, check_approval

ROOT = Path(__file__).resolve().parents[2]
REQUEST = yaml.safe_load(
    (ROOT / "requests" / "examples" / "approval-system.yaml").read_text(encoding="utf-8")
)
WANG = {"name": "王敏", "email": "wangmin@unit.example", "phone": "13800001111"}
LI = {"name": "李强", "email": "liqiang@unit.example", "phone": "13900002222"}


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("王\u3000敏", "full-width (ideographic) space"),
        ("王 敏", "ASCII space"),
        (" 王敏\t", "leading and trailing blanks"),
        ("王\u200b敏", "zero-width space"),
        ("王\u200d敏", "zero-width joiner"),
        ("\ufeff王敏", "byte-order mark"),
        ("王\u2060敏", "word joiner"),
        ("王\u00ad敏", "soft hyphen"),
        ("王\u3164敏", "Hangul filler (a letter that renders as nothing)"),
        ("王\u034f敏", "combining grapheme joiner"),
        ("王敏\ufe0f", "variation selector"),
        ("王\u2800敏", "Braille blank"),
    ],
)
def test_a_chinese_name_written_differently_is_the_same_name(written: str, why: str) -> None:
    assert normalise_name(written) == normalise_name("王敏"), why
    assert same_person({**LI, "name": written}, WANG), why


def test_a_kangxi_radical_or_compatibility_ideograph_is_the_unified_character() -> None:
    """Look-alike code points that NFKC folds: ⾦ (KANGXI RADICAL GOLD) is 金, 北 (U+F963) is 北."""
    assert normalise_name("\u2fa6敏") == normalise_name("金敏")
    assert normalise_name("\uf963京") == normalise_name("北京")


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("ＬＩ　ＱＩＡＮＧ", "full-width letters and space"),
        ("li qiang", "lower case"),
        ("LI QIANG", "upper case"),
        ("Li\u00a0Qiang", "no-break space"),
    ],
)
def test_a_latin_name_in_another_width_or_case_is_the_same_name(written: str, why: str) -> None:
    assert normalise_name(written) == normalise_name("Li Qiang"), why


def test_different_people_stay_different() -> None:
    """Normalising must not merge two real people (the rule would then refuse every request)."""
    assert not same_person(WANG, LI)
    assert normalise_name("王敏") != normalise_name("汪敏")
    assert not same_person(
        {"name": "张伟", "phone": "13800001111"}, {"name": "张伟伟", "phone": "13800001112"}
    )


@pytest.mark.parametrize(
    "written",
    [
        "+86 138 0000 1111",
        "+86-138-0000-1111",
        "0086 13800001111",
        "8613800001111",
        "（+86）138-0000-1111",
        "１３８００００１１１１",
        "138.0000.1111",
    ],
)
def test_a_mobile_number_with_a_country_prefix_or_separators_is_the_same_phone(written: str) -> None:
    assert normalise_phone(written) == "13800001111"
    assert same_person({"name": "另一人", "phone": written}, WANG)


def test_a_landline_written_internationally_is_the_same_line() -> None:
    """+86 571 drops the trunk 0 of 0571; Beijing's 010 becomes +86 10, which is not a mobile."""
    assert normalise_phone("+86 571 8888 0000") == normalise_phone("0571-88880000") == "057188880000"
    assert normalise_phone("+86 10 6666 0000") == normalise_phone("010-66660000") == "01066660000"
    assert normalise_phone("+86 (0)571 8888 0000") == "057188880000"


def test_a_short_extension_is_no_phone_number() -> None:
    """An extension (``8021``) is shared by whoever sits at the desk: it proves nothing."""
    assert normalise_phone("8021") == ""
    assert not same_person({"name": "甲", "phone": "8021"}, {"name": "乙", "phone": "8021"})


def test_a_shared_mailbox_under_two_names_is_one_person() -> None:
    assert same_person({"name": "赵磊", "email": "WangMin@Unit.Example "}, WANG)
    assert same_person({"name": "赵磊", "email": "ｗａｎｇｍｉｎ＠ｕｎｉｔ．ｅｘａｍｐｌｅ"}, WANG)


def test_a_sub_address_reaches_the_same_mailbox() -> None:
    """``wangmin+sec@`` is delivered to ``wangmin@`` by the mail servers units use."""
    assert normalise_email("wangmin+security@unit.example") == "wangmin@unit.example"
    assert same_person({"name": "赵磊", "email": "wangmin+security@unit.example"}, WANG)


def test_missing_or_blank_fields_never_match() -> None:
    """Two blanks are not the same person; an address without ``@`` is no address."""
    assert not same_person({"name": "\u200b"}, {"name": " "})
    assert normalise_email("nobody") == ""
    assert not Identity.of().same_person(Identity.of())


def test_identity_and_mapping_compare_alike() -> None:
    assert same_person(Identity.of("王\u3000敏"), WANG)
    assert same_person(WANG, Identity.from_mapping({**LI, "phone": "+8613800001111"}))


def _contacts(request: dict[str, Any], role: str) -> dict[str, Any]:
    return next(contact for contact in request["spec"]["contacts"] if contact["role"] == role)


def _duties_findings(request: dict[str, Any]) -> list[tuple[Any, ...]]:
    findings, _ = assess(Document(request), load_default())
    return [f.path for f in findings if f.rule_id == "request-duties-separated"]


@pytest.mark.parametrize(
    "disguise",
    [
        lambda name: name[0] + "\u3000" + name[1:],
        lambda name: name + "\u200b",
        lambda name: "\ufeff" + name,
    ],
)
def test_the_requester_disguised_as_security_officer_is_refused(disguise: Any) -> None:
    """SEC-4, the reported evasion: the officer's entry is the requester with an invisible change."""
    request = copy.deepcopy(REQUEST)
    requester = _contacts(request, "requester")
    officer = _contacts(request, "security-officer")
    officer["name"] = disguise(requester["name"])
    assert _duties_findings(REQUEST) == []
    assert _duties_findings(request)


def test_an_officer_reachable_on_the_requesters_phone_is_refused() -> None:
    request = copy.deepcopy(REQUEST)
    requester = _contacts(request, "requester")
    _contacts(request, "security-officer")["phone"] = requester["phone"]
    assert _duties_findings(request)


def test_an_approver_who_is_a_contact_written_in_full_width_is_refused() -> None:
    """SEC-4 for approvals: the approver's name matched only when byte-equal before."""
    requester = _contacts(REQUEST, "requester")
    approval = Approval(
        request_id=REQUEST["metadata"]["id"],
        request_digest="0" * 64,
        decision="approved",
        approver_name=requester["name"][0] + "\u3000" + requester["name"][1:],
        approver_email="approver@bureau.example",
        approved_at="2026-11-12",
    )
    rules = {problem.rule_id for problem in check_approval(approval, REQUEST)}
    assert "approval-duties-separated" in rules
    stranger = dataclasses.replace(approval, approver_name="刘洋")
    assert "approval-duties-separated" not in {
        problem.rule_id for problem in check_approval(stranger, REQUEST)
    }


@pytest.mark.parametrize("blank", ["\u3000", "\u200b\u200b", "\u3164", " \ufeff "])
def test_a_contact_whose_name_is_only_invisible_characters_is_refused(blank: str) -> None:
    """SEC-4: a name nobody can read names nobody; the schema's minLength 1 lets it through."""
    request = copy.deepcopy(REQUEST)
    request["spec"]["contacts"][0]["name"] = blank
    assert ("spec", "contacts", 0, "name") in _duties_findings(request)
