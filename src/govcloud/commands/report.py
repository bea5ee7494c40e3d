"""``govcloud report monthly``: the provider's monthly report (EVAL-3, CAT-3) as JSON, CSV and HTML.

Example::

    govcloud report monthly --month 2026-10 --usage samples.csv --json oct.json --csv oct.csv --html oct.html

Billing per tenant, utilisation recommendations from the month's usage samples (EVAL-1),
the overdue lifecycle items (LC-3..LC-9 deadlines, LC-12 paperwork, OPS-3 missed backups) and the
provider assessment (EVAL-4: response times against the LC-3/LC-4 deadlines, satisfaction ratings); see
``govcloud.lifecycle.monthly``. With no output option the JSON is printed. Exit 0, or 2 for a bad
month, an unreadable usage file or catalogue; nothing is written then.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.commands import record_options
from govcloud.commands.common import with_catalogue, write_output
from govcloud.errors import ExitCode

if TYPE_CHECKING:
    import argparse

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud report monthly``."""
    report = subparsers.add_parser("report", help="the provider's reports (EVAL-3)")
    sub = report.add_subparsers(dest="report_command", required=True)
    monthly = sub.add_parser("monthly", help="billing, utilisation and overdue items of a month")
    monthly.add_argument("--month", required=True, help="YYYY-MM")
    monthly.add_argument("--usage", type=Path, help="usage samples CSV (format: govcloud.lifecycle.usage)")
    monthly.add_argument(
        "--today", type=record_options.day, help="judge as of this day (default: the month's last day)"
    )
    monthly.add_argument("--json", type=Path, help="write the JSON here")
    monthly.add_argument("--csv", type=Path, help="write the CSV here")
    monthly.add_argument("--html", type=Path, help="write the self-contained HTML page here")
    record_options.records_argument(monthly)
    with_catalogue(monthly, _monthly)


def _monthly(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from govcloud.lifecycle.monthly import build, to_csv  # noqa: PLC0415
    from govcloud.lifecycle.monthly_html import monthly_html  # noqa: PLC0415
    from govcloud.lifecycle.usage import read_samples  # noqa: PLC0415

    month = record_options.month(args.month, "report-month-valid")
    samples = read_samples(args.usage) if args.usage is not None else None
    report = build(record_options.records(args), catalogue, month, samples, args.today)
    document = json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n"
    if args.json is not None or not (args.csv or args.html):
        write_output(document, args.json)
    if args.csv is not None:
        write_output(to_csv(report), args.csv)
    if args.html is not None:
        write_output(monthly_html(report), args.html)
    print(
        f"{args.month}: {len(report.tenant_totals)} tenant(s), total {report.total:,.2f} CNY; "
        f"{len(report.recommendations)} recommendation(s); {len(report.overdue)} overdue item(s); "
        f"{sum(r.on_time for r in report.assessment.responses)} of {len(report.assessment.responses)} "
        f"response(s) on time, {len(report.assessment.ratings)} rating(s)",
        file=sys.stderr,
    )
    return ExitCode.OK
