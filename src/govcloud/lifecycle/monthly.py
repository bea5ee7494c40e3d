"""The provider's monthly report (EVAL-3, CAT-3): billing per tenant, utilisation advice, overdue items.

One month, judged as of its last day (or an earlier ``today`` for a month still running):

- **billing**: each tenant's total from ``govcloud.lifecycle.billing`` (catalogue price x resource-hours);
- **utilisation**: ``govcloud.lifecycle.usage`` recommendations from the month's samples, when given;
- **overdue**: every request past a working-day deadline (``govcloud.lifecycle.status``), every
  emergency build still waiting for its paperwork (LC-12), and every backup period of the month
  with no good run (``govcloud.lifecycle.schedules``, OPS-3);
- **maintenance** (OPS-1): the month's planned windows, hours per affected system within and beyond
  them, and their flags (``govcloud.lifecycle.maintenance_report``);
- **provider assessment** (EVAL-4, LC-3, LC-4): response times against their working-day deadlines with
  the share met on time, and the month's satisfaction ratings (``govcloud.lifecycle.assessment``);
- **incidents** (OPS-2): every incident open at some time in the month, when it was opened and closed
  and the hours it took to close (``govcloud.lifecycle.incidents``);
- **configuration checks** (LC-8, OPS-2): every check ``govcloud drift --record`` signed in the month,
  with its findings and the SM3 of its evidence (``govcloud.lifecycle.configuration_checks``).

The same content is written as JSON, as CSV (one row per item, a ``section`` column) and as an HTML
page (``monthly_html``); a test reads the page in a browser and checks it against the other two.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govcloud.lifecycle.assessment import Assessment, assess
from govcloud.lifecycle.billing import month_bounds, statement
from govcloud.lifecycle.configuration_checks import ConfigurationCheck, month_checks
from govcloud.lifecycle.incidents import Incident, month_incidents
from govcloud.lifecycle.maintenance_report import MaintenanceSection, maintenance_section
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.rule import Outcome
from govcloud.lifecycle.rules import requirements_of
from govcloud.lifecycle.schedules import ordered
from govcloud.lifecycle.state import fold
from govcloud.lifecycle.status import record_paths, status

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue
    from govcloud.lifecycle.usage import Recommendation, Sample

CSV_FIELDS = (
    "month",
    "section",
    "tenant",
    "request",
    "subject",
    "detail",
    "requirement",
    "amount_cny",
    "working_days",
    "on_time",
)


@dataclass(frozen=True, slots=True)
class Overdue:
    """One lifecycle item past its time; its kind is a registered rule id (``govcloud.lifecycle.rules``)."""

    request_id: str
    unit: str
    kind: str
    detail: str
    requirement: str = ""
    """The kind's requirement, or for a deadline the one of its stage (one of the kind's)."""

    def __post_init__(self) -> None:
        """Fill the requirement from the registry; fail here for a kind or requirement it does not hold."""
        registered = requirements_of(self.kind, Outcome.OVERDUE)
        if not self.requirement:
            object.__setattr__(self, "requirement", ", ".join(registered))
        elif self.requirement not in registered:
            message = f"{self.kind} is not registered under {self.requirement}"
            raise ValueError(message)


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    """Everything the report shows, computed once."""

    month: str
    as_of: date
    tenant_totals: tuple[tuple[str, Decimal], ...]
    recommendations: tuple[Recommendation, ...]
    overdue: tuple[Overdue, ...]
    samples_given: bool
    assessment: Assessment
    maintenance: MaintenanceSection
    incidents: tuple[Incident, ...] = ()
    configuration: tuple[ConfigurationCheck, ...] = ()

    @property
    def total(self) -> Decimal:
        """The sum of the tenants' totals."""
        return sum((amount for _, amount in self.tenant_totals), Decimal("0.00"))

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` shape (amounts as strings: exact to the fen)."""
        return {
            "month": self.month,
            "asOf": self.as_of.isoformat(),
            "billing": {
                "tenants": [{"tenant": t, "totalCny": str(a)} for t, a in self.tenant_totals],
                "totalCny": str(self.total),
            },
            "utilisation": {
                "samplesGiven": self.samples_given,
                "recommendations": [r.as_json() for r in self.recommendations],
            },
            "overdue": [
                {
                    "requestId": o.request_id,
                    "unit": o.unit,
                    "kind": o.kind,
                    "detail": o.detail,
                    "requirement": o.requirement,
                }
                for o in self.overdue
            ],
            "providerAssessment": self.assessment.as_json(),
            "maintenance": self.maintenance.as_json(),
            "incidents": [incident.as_json() for incident in self.incidents],
            "configurationChecks": [check.as_json() for check in self.configuration],
        }


def build(
    records: Path,
    catalogue: Catalogue,
    month: str,
    samples: list[Sample] | None = None,
    today: date | None = None,
) -> MonthlyReport:
    """The report of ``month`` as of its last day, or ``today`` if that is earlier."""
    from govcloud.lifecycle.usage import recommend  # noqa: PLC0415 - only with samples

    start, end = month_bounds(month)
    as_of = min(today, (end - timedelta(days=1)).date()) if today else (end - timedelta(days=1)).date()
    bill = statement(records, catalogue, month)
    totals: dict[str, Decimal] = {}
    for line in bill.lines:
        totals[line.tenant] = totals.get(line.tenant, Decimal("0.00")) + line.amount
    in_month = [s for s in samples or () if start <= s.time < end]
    overdue = _overdue(records, catalogue, as_of, start)
    return MonthlyReport(
        month,
        as_of,
        tuple(sorted(totals.items())),
        tuple(recommend(in_month)),
        tuple(overdue),
        samples is not None,
        assess(records, start, end, as_of),
        maintenance_section(records, start, end, _end_of(as_of, start)),
        tuple(month_incidents((fold(read_entries(path)) for path in record_paths(records)), start, end)),
        tuple(month_checks(records, start, end)),
    )


def _end_of(day: date, start: datetime) -> datetime:
    """The moment the report judges: the end of its day, in the month's time zone."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), start.tzinfo)


def _overdue(records: Path, catalogue: Catalogue, as_of: date, start: datetime) -> list[Overdue]:
    found = []
    for row in status(records, as_of):
        if row.overdue_days:
            found.append(
                Overdue(
                    row.request_id,
                    row.unit,
                    "deadline",
                    f"{row.stage}: {row.waits_for} due {row.due} ({row.overdue_days} day(s) late)",
                    row.requirement,
                )
            )
        if any(flag.startswith("emergency") for flag in row.flags):
            found.append(Overdue(row.request_id, row.unit, "emergency-paperwork", row.stage))
    moment = _end_of(as_of, start)
    for order in ordered(records, catalogue):
        missed = [m for m in order.status(moment)["missed"] if datetime.fromisoformat(m) >= start]
        if missed:
            detail = f"{order.schedule.item_id}: {len(missed)} period(s) without a good run, first {missed[0][:10]}"
            found.append(Overdue(order.request_id, order.unit, "backup-missed", detail))
    return found


def incident_detail(incident: Incident) -> str:
    """The CSV's detail of an incident: severity, opened, then closed after how many hours, or still open."""
    closed = (
        f"closed {incident.closed.isoformat()} after {incident.hours_to_close} h, report {incident.report_ref}"
        if incident.closed
        else "still open"
    )
    return f"{incident.severity}; opened {incident.opened.isoformat()}; {closed}"


def to_csv(report: MonthlyReport) -> str:
    """One row per item of every section: totals, advice, overdue, responses, ratings, incidents, checks."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for tenant, amount in report.tenant_totals:
        writer.writerow((report.month, "billing", tenant, "", "tenant total", "", "CAT-3", amount, "", ""))
    for r in report.recommendations:
        writer.writerow(
            (report.month, "utilisation", r.unit, r.request, r.resource, r.kind, r.requirement, "", "", "")
        )
    for o in report.overdue:
        writer.writerow(
            (report.month, "overdue", o.unit, o.request_id, o.kind, o.detail, o.requirement, "", "", "")
        )
    for section, tenant, request, subject, detail, requirement, days, on_time in report.assessment.csv_rows():
        writer.writerow(
            (report.month, section, tenant, request, subject, detail, requirement, "", days, on_time)
        )
    for section, tenant, request, subject, detail, requirement in report.maintenance.csv_rows():
        writer.writerow((report.month, section, tenant, request, subject, detail, requirement, "", "", ""))
    for i in report.incidents:
        row = (report.month, "incident", i.unit, i.request_id, i.id, incident_detail(i), "OPS-2", "", "", "")
        writer.writerow(row)
    for c in report.configuration:
        writer.writerow(
            (report.month, "configuration", c.unit, c.request_id, c.stack, c.detail(), "LC-8", "", "", "")
        )
    return out.getvalue()
