"""The monthly statement per tenant (CAT-3: per catalogue item and actual use; EVAL-3: monthly).

Resource-hours come from the records: the units a ``provisioned``/``change-applied`` entry names are in
use from that moment until the next such entry or ``reclaimed``. A catalogue price is per month of
720 hours (30 days, as ``govcloud.admission.costing`` prices months), so a line costs
``units x monthly price x hours / 720``, rounded half-up to the fen; the total is the sum of the lines.
Everything is ``Decimal``: binary floats do not add up to the fen.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from govcloud.admission.costing import MONTH_DAYS
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import fold

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue

MONTH_HOURS = Decimal(MONTH_DAYS * 24)
FEN = Decimal("0.01")
CSV_FIELDS = (
    "month",
    "tenant",
    "request",
    "item",
    "name",
    "units",
    "hours",
    "monthly_price_cny",
    "amount_cny",
)


@dataclass(frozen=True, slots=True)
class Line:
    """One catalogue item of one request for the month."""

    tenant: str
    request_id: str
    item_id: str
    name: str
    units: Decimal
    hours: Decimal
    monthly_price: Decimal

    @property
    def amount(self) -> Decimal:
        """Units x price x hours / 720, to the fen."""
        return (self.units * self.monthly_price * self.hours / MONTH_HOURS).quantize(FEN, ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Statement:
    """A month's lines for one tenant (or every tenant)."""

    month: str
    tenant: str | None
    lines: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        """The sum of the lines."""
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """``YYYY-MM`` as [first instant, first instant of the next month) in China time."""
    start = datetime.strptime(month + "-01", "%Y-%m-%d").replace(tzinfo=CHINA)
    return start, (start + timedelta(days=32)).replace(day=1)


def statement(records: Path, catalogue: Catalogue, month: str, tenant: str | None = None) -> Statement:
    """Every request's resource-hours in the month, priced at the catalogue's prices."""
    start, end = month_bounds(month)
    lines: list[Line] = []
    for path in sorted(records.glob("REQ-*.jsonl")):
        state = fold(read_entries(path))
        if tenant is not None and state.unit != tenant:
            continue
        for index, (since, units) in enumerate(state.units):
            until = state.units[index + 1][0] if index + 1 < len(state.units) else end
            seconds = int((min(until, end) - max(since, start)).total_seconds())
            if seconds <= 0:
                continue
            hours = (Decimal(seconds) / 3600).quantize(FEN, ROUND_HALF_UP)
            for item_id, count in sorted(units.items()):
                item = catalogue.items[item_id]
                price = Decimal(str(item.offering.monthly_price_cny))
                lines.append(
                    Line(
                        state.unit, state.request_id, item_id, item.name.zh, Decimal(str(count)), hours, price
                    )
                )
    return Statement(month, tenant, tuple(lines))


def to_csv(bill: Statement) -> str:
    """One row per line; amounts as plain decimals (no thousands separators)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for line in bill.lines:
        writer.writerow(
            (
                bill.month,
                line.tenant,
                line.request_id,
                line.item_id,
                line.name,
                line.units,
                line.hours,
                line.monthly_price,
                line.amount,
            )
        )
    return out.getvalue()
