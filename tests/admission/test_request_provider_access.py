"""The tenant's written authorisation for provider access in the request (SEC-5; backup SEC-11, OPS-3).

Each test changes one thing of an example's ``spec.providerAccess`` and checks exactly what the rule
says about what only this document carries: the actions a level-3 system and a backup need, and the
days it is valid. Its signer, the day it is signed and its schema are checked beside the security
commitment's, in ``test_signed_documents``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from signed_documents import PROVIDER_ACCESS as ACCESS

from govcloud.admission.admit import judge
from govcloud.bilingual import Text
from govcloud.loader import Document

if TYPE_CHECKING:
    from govcloud.catalogue.model import Catalogue

REASON = {"zh": "理由", "en": "the reason"}


def _only(request: dict[str, Any], *actions: str) -> None:
    ACCESS.of(request)["actions"] = [{"action": action, "reason": REASON} for action in actions]


def test_each_example_is_authorised_until_after_its_submission(each_example: dict[str, Any]) -> None:
    assert each_example["metadata"]["submitted"] < ACCESS.of(each_example)["validUntil"]


def test_no_authorisation_on_a_level3_portal_with_backup(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    del portal["spec"]["providerAccess"]
    assert ACCESS.said(portal, catalogue) == [
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
    (first, _) = ACCESS.found(portal, catalogue)
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


HARDEN_AND_AUDIT = Text(
    "服务方须加固并复核三级系统的主机（SEC-10、SEC-7），否则主机将保持未加固",
    "the provider hardens and audits level-3 hosts (SEC-10, SEC-7), else they stay unhardened",
)
WEEKLY_BACKUP = Text(
    "申请订购了备份服务 bak.weekly，服务方却无权复制数据、演练恢复（SEC-11、OPS-3）",
    "the request orders bak.weekly, whose copies the provider could not make (SEC-11, OPS-3)",
)
NEEDED = {
    "level3-without-harden": ("approval", ("audit", "backup"), "harden", HARDEN_AND_AUDIT),
    "level3-without-audit": ("approval", ("harden", "backup"), "audit", HARDEN_AND_AUDIT),
    "level3-with-neither": ("approval", ("backup",), "harden, audit", HARDEN_AND_AUDIT),
    "level2-backup-without-backup": ("exchange", ("audit",), "backup", WEEKLY_BACKUP),
}
"""The example, the actions its authorisation keeps, the ones it then lacks, and why they are needed."""


@pytest.mark.parametrize("case", NEEDED.values(), ids=NEEDED)
def test_each_action_the_system_needs_is_allowed(
    case: tuple[str, tuple[str, ...], str, Text], request: pytest.FixtureRequest, catalogue: Catalogue
) -> None:
    """Level 3 needs harden and audit (SEC-10, SEC-7), a backup service needs backup (SEC-11, OPS-3)."""
    example, kept, missing, why = case
    document: dict[str, Any] = request.getfixturevalue(example)
    _only(document, *kept)
    assert ACCESS.said(document, catalogue) == [
        (
            "spec.providerAccess.actions",
            f"the written authorisation does not allow {missing}: {why.en}",
            f"add {missing} to spec.providerAccess.actions, each with the tenant's reason",
        )
    ]
    (finding,) = ACCESS.found(document, catalogue)
    assert (finding.message.zh, finding.remediation.zh) == (
        f"书面授权未准许 {missing}：{why.zh}",
        f"在 spec.providerAccess.actions 中加入 {missing}，各附使用单位的理由",
    )


def test_a_level3_system_without_backup_still_needs_harden_and_audit(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    portal["spec"]["resources"] = [
        line for line in portal["spec"]["resources"] if line["item"] != "bak.daily.offsite"
    ]
    _only(portal, "harden", "audit")
    assert ACCESS.said(portal, catalogue) == []


@pytest.mark.parametrize("until", ["2026-11-13", "2026-11-12"])
def test_valid_until_must_be_after_signing(
    until: str, exchange: dict[str, Any], catalogue: Catalogue
) -> None:
    ACCESS.of(exchange)["validUntil"] = until
    assert ACCESS.said(exchange, catalogue) == [
        (
            "spec.providerAccess.validUntil",
            f"the authorisation is valid until {until}, not after it was signed on 2026-11-13",
            "give the last day the signed document names (a year is usual)",
        )
    ]


LIVE = {
    "trial": ("approval", "2026-12-08", Text("试运行结束（提交后 30 天）", "the trial ends (30 days after submission)"), "2026-12-09"),
    "no-trial": ("exchange", "2026-11-15", Text("申请提交", "the request was submitted"), "2026-11-16"),
}  # fmt: skip
"""The example (the approval system has a 30-day trial), a last valid day too early, what makes it live, that day."""


@pytest.mark.parametrize("case", LIVE.values(), ids=LIVE)
def test_the_authorisation_holds_until_the_system_is_live(
    case: tuple[str, str, Text, str], request: pytest.FixtureRequest, catalogue: Catalogue
) -> None:
    example, lapses, before, live = case
    document: dict[str, Any] = request.getfixturevalue(example)
    ACCESS.of(document)["validUntil"] = lapses
    assert ACCESS.said(document, catalogue) == [
        (
            "spec.providerAccess.validUntil",
            f"the authorisation lapses on {lapses}, before {before.en} on {live}: it is void before the system is live",
            f"make it valid until {live} at least (a year is usual)",
        )
    ]
    (finding,) = ACCESS.found(document, catalogue)
    assert finding.message.zh == f"授权于 {lapses} 到期，早于{before.zh}的 {live}：系统上线前授权已失效"
    ACCESS.of(document)["validUntil"] = live
    assert ACCESS.said(document, catalogue) == []


def test_every_finding_at_once(portal: dict[str, Any], catalogue: Catalogue) -> None:
    access = ACCESS.of(portal)
    access.update(signedBy={"role": "security-officer", "name": "王敏"}, signed="2026-11-05")
    access["validUntil"] = "2026-11-04"
    _only(portal, "audit")
    assert [field for field, _, _ in ACCESS.said(portal, catalogue)] == [
        "spec.providerAccess.signedBy.name",
        "spec.providerAccess.signed",
        "spec.providerAccess.validUntil",
        "spec.providerAccess.actions",
        "spec.providerAccess.actions",
    ]
