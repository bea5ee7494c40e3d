"""The monthly statement: catalogue price x actual resource-hours, to the fen (CAT-3, EVAL-3)."""

from __future__ import annotations

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import pytest

from govcloud.admission.context import RequestContext
from govcloud.cli import main
from govcloud.lifecycle.billing import statement, to_csv
from govcloud.lifecycle.report_html import statement_html
from govcloud.loader import load_path

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import Desk

    from govcloud.catalogue.model import Catalogue

FEN = Decimal("0.01")
UNIT = "市人民政府办公室"


def _expected(desk: Desk, catalogue: Catalogue, hours: Decimal) -> Decimal:
    """Independently: every cost line of the request, price x units x hours / 720, each to the fen."""
    cost = RequestContext(load_path(desk.request).data, catalogue).cost
    return sum(
        (
            (
                Decimal(str(line.units))
                * Decimal(str(catalogue.items[line.item_id].offering.monthly_price_cny))
                * hours
                / 720
            ).quantize(FEN, ROUND_HALF_UP)
            for line in cost.lines
        ),
        Decimal(0),
    )


@pytest.fixture
def running(approved: Desk) -> Desk:
    """Provisioned on Sat 10 Oct 2026 at 10:00 China time: 518 hours left in October."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    return approved


def test_total_is_the_sum_of_price_times_hours_to_the_fen(running: Desk, catalogue: Catalogue) -> None:
    bill = statement(running.records, catalogue, "2026-10", UNIT)
    assert {line.hours for line in bill.lines} == {Decimal("518.00")}
    assert bill.total == _expected(running, catalogue, Decimal(518))
    rows = list(csv.DictReader(io.StringIO(to_csv(bill))))
    assert sum(Decimal(r["amount_cny"]) for r in rows) == bill.total
    for row in rows:
        amount = Decimal(row["units"]) * Decimal(row["monthly_price_cny"]) * Decimal(row["hours"]) / 720
        assert Decimal(row["amount_cny"]) == amount.quantize(FEN, ROUND_HALF_UP)


def test_a_whole_month_costs_the_monthly_estimate(running: Desk, catalogue: Catalogue) -> None:
    """November has 30 days = 720 hours: the statement equals the admission estimate (costing.py)."""
    bill = statement(running.records, catalogue, "2026-11", UNIT)
    monthly = RequestContext(load_path(running.request).data, catalogue).cost.monthly_cny
    assert bill.total == Decimal(str(monthly)).quantize(FEN)


def test_reclaim_stops_the_clock_and_other_tenants_are_left_out(running: Desk, catalogue: Catalogue) -> None:
    running.act("backup-verified", "赵磊", "provider", "2026-10-11 09:00", volumes=[])
    running.act("decommission-requested", "王敏", "requester", "2026-10-12 09:00")
    running.act("decommission-approved", "刘洋", "authority", "2026-10-12 10:00", file=True)
    running.act("backup-verified", "赵磊", "provider", "2026-10-12 11:00", volumes=[])
    running.act("offline", "赵磊", "provider", "2026-10-12 12:00")
    running.act("reclaimed", "赵磊", "provider", "2026-10-12 14:00")  # 52 hours after provisioning
    assert statement(running.records, catalogue, "2026-10", UNIT).total == _expected(
        running, catalogue, Decimal(52)
    )
    assert statement(running.records, catalogue, "2026-11", UNIT).lines == ()
    assert statement(running.records, catalogue, "2026-10", "另一单位").lines == ()


def test_bill_cli_writes_csv_and_html_and_rejects_a_bad_month(
    running: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_csv, out_html = tmp_path / "oct.csv", tmp_path / "oct.html"
    argv = ["bill", "--records", str(running.records), "--month", "2026-10", "--csv", str(out_csv)]
    assert main([*argv, "--html", str(out_html)]) == 0
    assert out_csv.read_text(encoding="utf-8").startswith("month,tenant,request,item")
    assert "<svg" in out_html.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["bill", "--records", str(running.records), "--month", "2026-13"]) == 2
    assert capsys.readouterr().err == (
        "govcloud bill: --month (CAT-3): 须为 YYYY-MM：'2026-13' / must be YYYY-MM: '2026-13' [bill-month-valid]\n"
    )


@pytest.mark.slow
def test_html_statement_in_headless_chromium_matches_the_csv(
    running: Desk, catalogue: Catalogue, tmp_path: Path, headless_chromium: Callable[[Path, Path, str], str]
) -> None:
    """EVAL-3: the page renders in a real browser, and the totals it shows are the CSV's."""
    bill = statement(running.records, catalogue, "2026-10", UNIT)
    page = tmp_path / "statement.html"
    page.write_text(statement_html(bill), encoding="utf-8")
    dom = headless_chromium(page, tmp_path / "statement.png", "1000,900")
    rendered_total = Decimal(re.search(r'id="total" data-total="([0-9.]+)"', dom).group(1))  # type: ignore[union-attr]
    rendered_lines = [Decimal(a) for a in re.findall(r'data-amount="([0-9.]+)"', dom)]
    rows = list(csv.DictReader(io.StringIO(to_csv(bill))))
    assert rendered_total == sum(Decimal(r["amount_cny"]) for r in rows)
    assert rendered_lines == [Decimal(r["amount_cny"]) for r in rows]
    assert f"{rendered_total:,.2f}" in dom
    assert "<svg" in dom
