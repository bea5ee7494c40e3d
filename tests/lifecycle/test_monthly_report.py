"""The provider's monthly report (EVAL-3, CAT-3, EVAL-4): totals, advice, overdue items, assessment; JSON, CSV, HTML.

Three requests: the portal (built 10 October), a second unit's copy of it (built 20 October, a working
day after LC-4's three) and a third that nobody accepted within LC-3's three working days. The portal's
tenant rates the provider twice in October (the later rating counts) and once in November; the second
unit once; the portal has one critical incident, opened and closed in October (OPS-2).
The slow test opens the HTML page in headless Chromium, screenshots it and checks what it
rendered against the CSV and the JSON.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from govcloud.cli import main
from govcloud.lifecycle.actions import Action, act
from govcloud.lifecycle.billing import statement
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.monthly import build, to_csv
from govcloud.lifecycle.monthly_html import monthly_html
from govcloud.lifecycle.usage import read_samples

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import Desk

    from govcloud.catalogue.model import Catalogue

SAMPLES = Path(__file__).parent / "data" / "usage-2026-10.csv"
PORTAL_UNIT, SECOND_UNIT = "市人民政府办公室", "市第二示例局"


def _copy(desk: Desk, request_id: str, unit: str) -> Path:
    document = yaml.safe_load(desk.request.read_text(encoding="utf-8"))
    document["metadata"]["id"] = request_id
    document["spec"]["tenant"]["unit"]["zh"] = unit
    path = desk.request.with_name(f"{request_id}.yaml")
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def month(approved: Desk) -> Desk:
    """October 2026 on the desk: two tenants built, one request left unaccepted."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    approved.request = _copy(approved, "REQ-2026-0043", SECOND_UNIT)
    approved.act("submitted", "王敏", "requester", "2026-10-12 09:00", file=True)
    approved.act("accepted", "张伟", "reviewer", "2026-10-13 09:00", file=True)
    approved.act("approved", "刘洋", "authority", "2026-10-14 09:00", file=True)
    approved.act("provisioned", "赵磊", "provider", "2026-10-20 10:00", file=True)
    approved.request = _copy(approved, "REQ-2026-0044", SECOND_UNIT)
    approved.act("submitted", "王敏", "requester", "2026-10-19 09:00", file=True)  # due 22 Oct (LC-3)
    _rate(
        approved, "REQ-2026-0042", "2026-10-20 09:00", satisfaction="满意", quality={"performance": "高峰慢"}
    )
    summary = {"zh": "门户遭受流量攻击", "en": "the portal under a flood attack"}
    approved.act(
        "incident-opened", "赵磊", "provider", "2026-10-21 09:00", severity="critical", summary=summary
    )
    report = {"ref": "SEC-RPT-2026-031", "zh": "已限流并封禁来源", "en": "rate-limited, sources blocked"}
    approved.act("incident-closed", "赵磊", "provider", "2026-10-22 15:30", incident=INCIDENT, report=report)
    _rate(approved, "REQ-2026-0043", "2026-10-25 09:00", satisfaction="基本满意")
    remarks = {"stability": "十月无中断", "security": "漏洞通报及时"}
    _rate(approved, "REQ-2026-0042", "2026-10-28 09:00", satisfaction="very-satisfied", quality=remarks)
    _rate(approved, "REQ-2026-0042", "2026-11-02 09:00", satisfaction="不满意")  # November's, not October's
    return approved


INCIDENT = "INC-REQ-2026-0042-1"
"""OPS-2: October's one incident, closed after 30.5 hours."""


def _rate(desk: Desk, request_id: str, when: str, **data: object) -> None:
    """EVAL-4: the tenant's requester rates the provider."""
    at = datetime.fromisoformat(when).replace(tzinfo=CHINA)
    action = Action("rated", "王敏", "requester", request_id=request_id, data=dict(data))
    act(action, records=desk.records, keys=desk.keys, catalogue=desk.catalogue, now=at)


RESPONSES = {"acceptance": (3, 2), "approval": (2, 2), "provisioning": (2, 1)}
"""(counted, on time) in October: REQ-2026-0044's acceptance is awaited past its due day; REQ-2026-0043
was provisioned on 20 October, due the 19th (LC-4: three working days from 14 October)."""
SATISFIED = {"dissatisfied": 0, "basically-satisfied": 1, "satisfied": 0, "very-satisfied": 1}


def test_tenant_totals_are_the_statements_and_overdue_items_are_found(
    month: Desk, catalogue: Catalogue
) -> None:
    report = build(month.records, catalogue, "2026-10", read_samples(SAMPLES))
    for tenant, amount in report.tenant_totals:
        assert amount == statement(month.records, catalogue, "2026-10", tenant).total
    assert [t for t, _ in report.tenant_totals] == sorted([PORTAL_UNIT, SECOND_UNIT])
    assert report.total == statement(month.records, catalogue, "2026-10").total
    kinds = {(o.request_id, o.kind, o.requirement) for o in report.overdue}
    assert ("REQ-2026-0044", "deadline", "LC-3") in kinds
    assert ("REQ-2026-0042", "backup-missed", "OPS-3") in kinds  # bak.daily.offsite never ran
    assert ("REQ-2026-0043", "backup-missed", "OPS-3") in kinds
    assert {r.kind for r in report.recommendations} == {"idle", "over-provisioned", "busy"}


def test_provider_assessment_counts_responses_against_their_deadlines_and_the_month_s_ratings(
    month: Desk, catalogue: Catalogue
) -> None:
    """EVAL-4, LC-3, LC-4: response times in working days against the status deadlines; satisfaction levels."""
    assessment = build(month.records, catalogue, "2026-10").assessment
    summaries = {s["kind"]: s for s in assessment.summaries()}
    assert {kind: (s["counted"], s["onTime"]) for kind, s in summaries.items()} == RESPONSES
    assert summaries["provisioning"] | {"meanWorkingDays": None} == {
        "kind": "provisioning",
        "requirement": "LC-4",
        "deadlineWorkingDays": 3,
        "counted": 2,
        "onTime": 1,
        "late": 1,
        "shareOnTime": 0.5,
        "meanWorkingDays": None,
        "maxWorkingDays": 4,  # 15, 16, 19 and 20 October
    }
    awaited = next(r for r in assessment.responses if r.ended is None)
    assert (awaited.request_id, awaited.kind, awaited.due.isoformat(), awaited.working_days) == (
        "REQ-2026-0044",
        "acceptance",
        "2026-10-22",
        9,  # 20-23 and 26-30 October; Saturday the 31st is no working day
    )
    across_the_holiday = next(r for r in assessment.responses if r.request_id == "REQ-2026-0042")
    assert (across_the_holiday.working_days, across_the_holiday.on_time) == (1, True)  # 30 Sep -> 8 Oct
    assert assessment.distribution() == SATISFIED
    latest = next(r for r in assessment.ratings if r.request_id == "REQ-2026-0042")
    assert latest.quality == {"stability": "十月无中断", "security": "漏洞通报及时"}
    early = build(month.records, catalogue, "2026-10", today=date(2026, 10, 21)).assessment
    assert {s["kind"]: (s["counted"], s["onTime"]) for s in early.summaries()}["acceptance"] == (2, 2)
    assert early.distribution()["satisfied"] == 1  # as of 21 October the later rating has not happened
    november = build(month.records, catalogue, "2026-11").assessment
    assert november.distribution() == {**dict.fromkeys(SATISFIED, 0), "dissatisfied": 1}


def test_csv_and_json_agree_to_the_fen(month: Desk, catalogue: Catalogue) -> None:
    report = build(month.records, catalogue, "2026-10", read_samples(SAMPLES))
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    billing = {r["tenant"]: Decimal(r["amount_cny"]) for r in rows if r["section"] == "billing"}
    document = report.as_json()
    assert billing == {t["tenant"]: Decimal(t["totalCny"]) for t in document["billing"]["tenants"]}
    assert sum(billing.values()) == Decimal(document["billing"]["totalCny"])
    assert sum(r["section"] == "overdue" for r in rows) == len(document["overdue"])
    assert (
        sum(r["section"] == "utilisation" for r in rows)
        == len(document["utilisation"]["recommendations"])
        == 4
    )
    assessment = document["providerAssessment"]
    responses = [r for r in rows if r["section"] == "response"]
    assert (
        len(responses)
        == len(assessment["responseItems"])
        == sum(s["counted"] for s in assessment["responses"])
    )
    for summary in assessment["responses"]:
        mine = [r for r in responses if r["subject"] == summary["kind"]]
        assert (len(mine), sum(r["on_time"] == "yes" for r in mine)) == RESPONSES[summary["kind"]]
        assert (summary["counted"], summary["onTime"]) == RESPONSES[summary["kind"]]
        assert max(int(r["working_days"]) for r in mine) == summary["maxWorkingDays"]
    levels = {level["key"]: level["count"] for level in assessment["satisfaction"]["levels"]}
    assert (
        levels
        == SATISFIED
        == {
            key: sum(r["subject"] == key for r in rows if r["section"] == "satisfaction") for key in SATISFIED
        }
    )
    assert assessment["satisfaction"]["ratings"] == 2
    assert sum(r["section"] == "quality" for r in rows) == 2


def test_report_cli_writes_all_three_and_refuses_a_bad_month(
    month: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = {kind: tmp_path / f"oct.{kind}" for kind in ("json", "csv", "html")}
    argv = [
        "report",
        "monthly",
        "--month",
        "2026-10",
        "--records",
        str(month.records),
        "--usage",
        str(SAMPLES),
    ]
    assert main([*argv, *(arg for kind, path in out.items() for arg in (f"--{kind}", str(path)))]) == 0
    assert json.loads(out["json"].read_text(encoding="utf-8"))["month"] == "2026-10"
    assert out["csv"].read_text(encoding="utf-8").startswith("month,section,tenant")
    assert "<svg" in out["html"].read_text(encoding="utf-8")
    assert "overdue item(s); 5 of 7 response(s) on time, 2 rating(s)\n" in capsys.readouterr().err
    assert main(["report", "monthly", "--month", "2026-00", "--records", str(month.records)]) == 2
    assert capsys.readouterr().err == (
        "govcloud report: --month (EVAL-3): 须为 YYYY-MM：'2026-00' / must be YYYY-MM: '2026-00' [report-month-valid]\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("time,unit\n", encoding="utf-8")
    assert (
        main([*argv[:5], str(month.records), "--usage", str(bad), "--json", str(tmp_path / "no.json")]) == 2
    )
    assert "[usage-samples-usable]" in capsys.readouterr().err
    assert not (tmp_path / "no.json").exists()


@pytest.mark.slow
def test_html_report_in_headless_chromium_matches_the_csv_and_json(
    month: Desk, catalogue: Catalogue, tmp_path: Path, headless_chromium: Callable[[Path, Path, str], str]
) -> None:
    """EVAL-3: the page renders in a real browser; its totals and counts are the CSV's and the JSON's."""
    report = build(month.records, catalogue, "2026-10", read_samples(SAMPLES))
    page = tmp_path / "monthly.html"
    page.write_text(monthly_html(report), encoding="utf-8")
    shot = tmp_path / "monthly.png"
    dom = headless_chromium(page, shot, "1100,1400")
    assert shot.stat().st_size > 10_000  # a page with content, not a blank frame
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    document = report.as_json()
    rendered = [Decimal(a) for a in re.findall(r'data-tenant-total="([0-9.]+)"', dom)]
    assert rendered == [Decimal(r["amount_cny"]) for r in rows if r["section"] == "billing"]
    total = Decimal(re.search(r'id="total" data-total="([0-9.]+)"', dom).group(1))  # type: ignore[union-attr]
    assert total == sum(rendered) == Decimal(document["billing"]["totalCny"])
    assert f"{total:,.2f}" in dom
    overdue = int(re.search(r'data-overdue="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    assert overdue == len(document["overdue"]) == sum(r["section"] == "overdue" for r in rows)
    assert dom.count("<tr><td>") >= len(rows)  # every item is a rendered row
    assessment = document["providerAssessment"]
    rendered_responses = {
        kind: (int(counted), int(on_time))
        for kind, counted, on_time in re.findall(
            r'data-response-kind="([a-z]+)" data-counted="(\d+)" data-on-time="(\d+)"', dom
        )
    }
    assert rendered_responses == {s["kind"]: (s["counted"], s["onTime"]) for s in assessment["responses"]}
    assert rendered_responses == {
        kind: (
            sum(r["section"] == "response" and r["subject"] == kind for r in rows),
            sum(r["section"] == "response" and r["subject"] == kind and r["on_time"] == "yes" for r in rows),
        )
        for kind in RESPONSES
    }
    assert "50.0%" in dom  # provisioning: one of two on time
    levels = {key: int(n) for key, n in re.findall(r'data-satisfaction="([a-z-]+)" data-count="(\d+)"', dom)}
    assert (
        levels
        == {level["key"]: level["count"] for level in assessment["satisfaction"]["levels"]}
        == SATISFIED
    )
    ratings = int(re.search(r'data-ratings="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    assert (
        ratings == assessment["satisfaction"]["ratings"] == sum(r["section"] == "satisfaction" for r in rows)
    )
    assert "非常满意 / very satisfied" in dom
    incidents = int(re.search(r'data-incidents="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    assert incidents == len(document["incidents"]) == sum(r["section"] == "incident" for r in rows) == 1
    hours = [float(h) for h in re.findall(r'data-hours-to-close="([0-9.]+)"', dom)]
    assert hours == [i["hoursToClose"] for i in document["incidents"]] == [30.5]
    assert INCIDENT in dom
    assert "<svg" in dom
