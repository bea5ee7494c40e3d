"""The request at catalogue prices (CAT-2, CAT-3), checked against hand calculations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from govcloud.admission.admit import judge
from govcloud.admission.context import RequestContext
from govcloud.admission.costing import _window_days
from govcloud.loader import Document

if TYPE_CHECKING:
    from govcloud.catalogue.model import Catalogue


def test_portal_costs_what_the_catalogue_says(portal: dict[str, Any], catalogue: Catalogue) -> None:
    cost = RequestContext(portal, catalogue).cost
    by_item = {line.item_id: line.monthly_cny for line in cost.lines}
    # servers 2x360 + 2x720 + 1x1480; Kylin licences 5x60; 1,100 GiB of evs.ssd.luks at 1.0
    assert by_item["ecs.g.4c8g"] == 720.0
    assert by_item["ecs.g.8c16g"] == 1440.0
    assert by_item["ecs.m.8c64g"] == 1480.0
    assert by_item["img.kylin.v10.hardened"] == 300.0
    assert by_item["evs.ssd.luks"] == 1100.0
    assert by_item["bak.daily.offsite"] == 400.0  # 1,000 GiB at 0.4
    assert by_item["net.bandwidth"] == 2000.0  # 100 Mbps at 20
    assert by_item["zone.internet"] == 0.0
    assert cost.monthly_cny == 11390.0
    assert cost.yearly_cny == 136680.0


def test_periodic_extras_are_charged_for_their_windows(
    exchange: dict[str, Any], catalogue: Catalogue
) -> None:
    cost = RequestContext(exchange, catalogue).cost
    # 03-22..04-05 = 15 days x 2 x 720 / 30; 12-15..01-10 = 27 days x 4 x 720 / 30
    assert cost.periodic_yearly_cny == 720.0 + 2592.0
    assert cost.monthly_cny == 3300.0
    assert cost.yearly_cny == 3300.0 * 12 + 3312.0


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [("03-22", "04-05", 15), ("12-15", "01-10", 27), ("02-01", "02-29", 29), (None, None, 30)],
)
def test_window_days(start: str | None, end: str | None, days: int) -> None:
    assert _window_days(start, end) == days


def test_budget_that_does_not_cover_the_order(portal: dict[str, Any], catalogue: Catalogue) -> None:
    portal["spec"]["materials"]["financeApproval"]["budgetCny"] = 136679.99
    (finding,) = judge(Document(portal), catalogue)
    assert (finding.rule_id, finding.field) == (
        "request-cost-within-budget",
        "spec.materials.financeApproval.budgetCny",
    )
    assert finding.message.en == (
        "the order costs 136,680.00 CNY a year at catalogue prices (11,390.00 a month), "
        "above the approved budget of 136,679.99 CNY"
    )
    portal["spec"]["materials"]["financeApproval"]["budgetCny"] = 136680
    assert judge(Document(portal), catalogue) == []


def test_a_volume_is_charged_once_per_server_of_its_own_line(
    portal: dict[str, Any], catalogue: Catalogue
) -> None:
    """A volume belongs to its line: the db line's one server, then the web line's two, not another line's."""
    resources = portal["spec"]["resources"]
    resources[2]["volumes"].append({"item": "evs.ssd.luks", "sizeGiB": 40})  # db: 1 server
    resources[0]["volumes"].append({"item": "evs.ssd.luks", "sizeGiB": 10})  # web: 2 servers
    by_item = {line.item_id: line for line in RequestContext(portal, catalogue).cost.lines}
    assert by_item["evs.ssd.luks"].units == 1100 + 40 * 1 + 10 * 2
    assert by_item["evs.ssd.luks"].monthly_cny == 1160.0
