"""Each request rule on one-field changes of a valid request: the exact rule, field and message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from govcloud.admission.admit import judge
from govcloud.admission.rules.request_migration_keeps_old_system import _at_least_one_month
from govcloud.loader import Document

if TYPE_CHECKING:
    from govcloud.admission.findings import Finding
    from govcloud.catalogue.model import Catalogue

from datetime import date


def findings(request: dict[str, Any], catalogue: Catalogue) -> list[Finding]:
    return judge(Document(request), catalogue)


def rules_at(request: dict[str, Any], catalogue: Catalogue) -> set[tuple[str, str]]:
    return {(finding.rule_id, finding.field) for finding in findings(request, catalogue)}


def test_examples_are_clean(
    portal: dict[str, Any], approval: dict[str, Any], exchange: dict[str, Any], catalogue: Catalogue
) -> None:
    for request in (portal, approval, exchange):
        assert findings(request, catalogue) == []


def test_classified_is_refused(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    exchange["spec"]["system"]["dataClassification"] = "classified"
    (finding,) = findings(exchange, catalogue)
    assert (finding.rule_id, finding.field, finding.requirements) == (
        "request-no-classified-data",
        "spec.system.dataClassification",
        ("SEC-1",),
    )
    assert "non-classified" in finding.message.en
    assert "涉密" in finding.message.zh


def test_level_above_platform_is_refused_once(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    exchange["spec"]["system"]["mlpsLevel"] = 5
    found = findings(exchange, catalogue)
    level = [f for f in found if f.rule_id == "request-level-within-platform"]
    assert [f.message.en for f in level] == ["the system is 等保 level 5, above the platform's level 3"]
    assert not [f for f in found if f.rule_id == "request-items-eligible"]


def test_unknown_item_and_wrong_kinds(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    exchange["spec"]["system"]["zone"] = "ecs.g.2c4g"
    exchange["spec"]["resources"][0]["volumes"][0]["item"] = "img.debian12.hardened"
    exchange["spec"]["resources"][1]["item"] = "ecs.g.99c"
    assert rules_at(exchange, catalogue) >= {
        ("request-catalogue-items-exist", "spec.system.zone"),
        ("request-catalogue-items-exist", "spec.resources[0].volumes[0].item"),
        ("request-catalogue-items-exist", "spec.resources[1].item"),
    }
    messages = {f.message.en for f in findings(exchange, catalogue)}
    assert "catalogue 2026.11 has no item ecs.g.99c" in messages
    assert "ecs.g.2c4g is a ComputeFlavor; this place takes a NetworkZone" in messages


def test_server_line_needs_tier_and_image(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    del exchange["spec"]["resources"][0]["image"]
    del exchange["spec"]["resources"][1]["tier"]
    assert rules_at(exchange, catalogue) == {
        ("request-catalogue-items-exist", "spec.resources[0].image"),
        ("request-catalogue-items-exist", "spec.resources[1].tier"),
        ("request-network-flows-consistent", "spec.network.tiers.etl"),
    }


def test_item_outside_its_zone(approval: dict[str, Any], catalogue: Catalogue) -> None:
    approval["spec"]["resources"].append(
        {"item": "sec.waf", "count": 1, "sizingBasis": "防护 Web 攻击 / web attacks"}
    )
    (finding,) = findings(approval, catalogue)
    assert (finding.rule_id, finding.field) == ("request-items-eligible", "spec.resources[9].item")
    assert finding.message.en == "sec.waf may be used in zones internet; the system is in extranet"


def test_limit_counts_every_line_of_an_item(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["resources"][3]["count"] = 2
    portal["spec"]["resources"].append(
        {"item": "net.fip", "count": 7, "tier": "app", "sizingBasis": "每台应用服务器 / per app server"}
    )
    found = [f for f in findings(portal, catalogue) if f.rule_id == "request-quantities-within-limits"]
    assert [f.message.en for f in found] == ["9 of net.fip ordered; a request may order at most 8"]


def test_backup_needs_a_size_within_limits(portal: dict[str, Any], catalogue: Catalogue) -> None:
    del portal["spec"]["resources"][10]["sizeGiB"]
    (finding,) = findings(portal, catalogue)
    assert (finding.rule_id, finding.field) == (
        "request-quantities-within-limits",
        "spec.resources[10].sizeGiB",
    )
    portal["spec"]["resources"][10]["sizeGiB"] = 10
    (finding,) = findings(portal, catalogue)
    assert finding.message.en == "one bak.daily.offsite must be 50-20480 GiB; 10 GiB requested"


def test_floating_ips_need_servers_in_their_tier(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["resources"][3]["tier"] = "cache"
    (finding,) = findings(portal, catalogue)
    assert (finding.rule_id, finding.field) == ("request-zone-matches-exposure", "spec.resources[3].tier")
    assert finding.message.en == "2 floating IPs but tier cache has 0 servers"


def test_internet_facing_needs_every_protection(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["resources"] = [
        r for r in portal["spec"]["resources"] if r["item"] not in {"sec.bastion", "sec.hids"}
    ]
    found = [f.message.en for f in findings(portal, catalogue)]
    assert found == [
        "internet-facing level-3 system orders no host intrusion detection and anti-malware",
        "internet-facing level-3 system orders no bastion host",
    ]


def test_level2_internet_facing_needs_no_waf(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["system"]["mlpsLevel"] = 2
    portal["spec"]["resources"] = [r for r in portal["spec"]["resources"] if r["item"] != "sec.waf"]
    assert findings(portal, catalogue) == []


def test_sensitive_level2_still_needs_encryption(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    exchange["spec"]["system"]["dataClassification"] = "sensitive"
    assert rules_at(exchange, catalogue) == {
        ("request-volumes-encrypted", "spec.resources[0].volumes[0].item"),
        ("request-volumes-encrypted", "spec.resources[1].volumes[0].item"),
        ("request-sensitive-data-crypto-service", "spec.system.dataClassification"),
    }


@pytest.mark.parametrize("placeholder", ["待补充", "TBD", " n/a ", "无"])
def test_material_placeholders_are_missing_materials(
    exchange: dict[str, Any], catalogue: Catalogue, placeholder: str
) -> None:
    exchange["spec"]["materials"]["selfTestReportRef"] = placeholder
    (finding,) = findings(exchange, catalogue)
    assert (finding.rule_id, finding.field) == (
        "request-application-materials-present",
        "spec.materials.selfTestReportRef",
    )
    assert "placeholder" in finding.message.en


def test_missing_finance_approval(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    del exchange["spec"]["materials"]["financeApproval"]
    (finding,) = findings(exchange, catalogue)
    assert finding.field == "spec.materials.financeApproval.documentNo"
    assert finding.message.en == "the finance or procurement approval is missing"


def test_periodic_windows_need_dates_burst_windows_do_not(
    exchange: dict[str, Any], catalogue: Catalogue
) -> None:
    del exchange["spec"]["workload"]["schedule"][1]["end"]
    (finding,) = findings(exchange, catalogue)
    assert (finding.rule_id, finding.field) == (
        "request-workload-schedule-declared",
        "spec.workload.schedule[1]",
    )
    exchange["spec"]["workload"]["pattern"] = "burst"
    assert findings(exchange, catalogue) == []


@pytest.mark.parametrize(
    ("cutover", "until", "enough"),
    [
        ("2027-01-15", "2027-02-15", True),
        ("2027-01-15", "2027-02-14", False),
        ("2027-01-31", "2027-02-28", True),
        ("2027-01-31", "2027-02-27", False),
        ("2027-12-20", "2028-01-20", True),
        ("2028-01-31", "2028-02-29", True),
    ],
)
def test_one_calendar_month(cutover: str, until: str, *, enough: bool) -> None:
    assert _at_least_one_month(date.fromisoformat(cutover), date.fromisoformat(until)) is enough


def test_requester_cannot_be_security_officer(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["contacts"][1]["email"] = "WangMin@gov-office.example"
    (finding,) = findings(portal, catalogue)
    assert (finding.rule_id, finding.field) == ("request-duties-separated", "spec.contacts[1]")


def test_security_officer_is_required(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["contacts"][1]["role"] = "technical"
    requester = {"role": "requester", "name": "王敏"}  # SEC-5 and SEC-9 documents still signed by a contact
    portal["spec"]["providerAccess"]["signedBy"] = requester
    portal["spec"]["materials"]["securityCommitment"]["signedBy"] = requester
    (finding,) = findings(portal, catalogue)
    assert finding.message.en == "no unit security officer among the contacts"


@pytest.mark.parametrize(
    "text",
    [
        "数据库密码：Zs@2026db",
        "root password = hunter2",
        "API_KEY: abcdef0123456789",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "key AKIAIOSFODNN7EXAMPLE for uploads",
    ],
)
def test_plaintext_secret_is_found_but_never_echoed(
    exchange: dict[str, Any], catalogue: Catalogue, text: str
) -> None:
    exchange["spec"]["resources"][0]["sizingBasis"] = f"按峰值测算 / sized for peak; {text}"
    (finding,) = findings(exchange, catalogue)
    assert (finding.rule_id, finding.field) == (
        "request-no-plaintext-secrets",
        "spec.resources[0].sizingBasis",
    )
    secret = text.rsplit(maxsplit=1)[-1]
    assert (
        secret
        not in finding.message.en + finding.message.zh + finding.remediation.en + finding.remediation.zh
    )


@pytest.mark.parametrize("text", ["商用密码服务 SM2/SM3/SM4", "tokens per second: 4000", "ratio 3:1 = ok"])
def test_words_near_secrets_are_not_secrets(
    exchange: dict[str, Any], catalogue: Catalogue, text: str
) -> None:
    exchange["spec"]["resources"][0]["sizingBasis"] = f"按峰值测算 / sized for peak; {text}"
    assert findings(exchange, catalogue) == []


def test_level3_without_offsite_backup_is_a_warning(approval: dict[str, Any], catalogue: Catalogue) -> None:
    approval["spec"]["resources"] = [
        r for r in approval["spec"]["resources"] if not r["item"].startswith("bak.")
    ]
    (finding,) = findings(approval, catalogue)
    assert (finding.rule_id, finding.severity.value) == ("request-level3-offsite-backup", "warning")
