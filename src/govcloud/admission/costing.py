"""What a request costs at catalogue prices (CAT-2, CAT-3): one line per item, per month and per year.

Finance approves a yearly budget with the request (LC-2); admission compares the two, and the
reports show reviewers the monthly figure. Prices are the catalogue's, set by finance (CAT-2).
Periodic extra resources (LC-11) are charged for the days of their windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from govcloud import controls

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any

    from govcloud.admission.resource_lines import Line
    from govcloud.catalogue.model import Catalogue, CatalogueItem

MONTH_DAYS = 30


@dataclass(frozen=True, slots=True)
class CostLine:
    """Units of one item and what they cost per month."""

    item_id: str
    units: float
    monthly_cny: float


@dataclass(frozen=True, slots=True)
class Cost:
    """The request's cost: steady monthly lines plus the yearly cost of periodic extras."""

    lines: tuple[CostLine, ...]
    periodic_yearly_cny: float

    @property
    def monthly_cny(self) -> float:
        """Steady cost per month."""
        return round(sum(line.monthly_cny for line in self.lines), 2)

    @property
    def yearly_cny(self) -> float:
        """Twelve steady months plus the periodic windows."""
        return round(self.monthly_cny * 12 + self.periodic_yearly_cny, 2)


def estimate(
    catalogue: Catalogue,
    lines: Sequence[Line],
    zone_item: CatalogueItem | None,
    schedule: Iterable[Mapping[str, Any]],
) -> Cost:
    """Price a schema-valid request's lines, zone and schedule windows (unknown ids cost nothing)."""
    units: dict[str, float] = {}

    def add(item: CatalogueItem | None, amount: float) -> None:
        if item is not None:
            units[item.id] = units.get(item.id, 0.0) + amount

    for line in lines:
        size = line.data.get("sizeGiB")
        add(
            line.item,
            line.count * size if line.item and line.item.offering.unit == "gib" and size else line.count,
        )
        add(catalogue.get(line.data.get("image", "")), line.count)
    for line in lines:
        for volume in line.volumes:
            add(volume.item, line.count * volume.data["sizeGiB"])  # one volume on each of its servers
    add(zone_item, 1)
    priced = tuple(
        CostLine(item_id, amount, round(amount * catalogue.items[item_id].offering.monthly_price_cny, 2))
        for item_id, amount in units.items()
    )
    return Cost(priced, round(_periodic_yearly(catalogue, schedule), 2))


def _periodic_yearly(catalogue: Catalogue, schedule: Iterable[Mapping[str, Any]]) -> float:
    """Extras of each schedule window, charged per day of the window (a month when undated)."""
    total = 0.0
    for entry in schedule:
        days = _window_days(entry.get("start"), entry.get("end"))
        for extra in entry["extra"]:
            item = catalogue.get(extra["item"])
            if item is not None:
                total += extra["count"] * item.offering.monthly_price_cny * days / MONTH_DAYS
    return total


def _window_days(start: str | None, end: str | None) -> int:
    """Days from MM-DD to MM-DD inclusive, across the year end if need be; a month when undated.

    A bound no year has (02-31) counts no days: admission reports it (request-workload-schedule-declared).
    """
    if start is None or end is None:
        return MONTH_DAYS
    first, last = controls.day_of_year(start), controls.day_of_year(end)
    if first is None or last is None:
        return 0
    days = (last - first).days + 1
    return days if days > 0 else days + 366
