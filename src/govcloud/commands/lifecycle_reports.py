"""Reports from the lifecycle records: the monthly statement (CAT-3, EVAL-3) and the utilisation review (EVAL-1/2/5).

Example::

    govcloud bill --month 2026-10 --tenant 市人民政府办公室 --csv oct.csv --html oct.html
    govcloud usage review samples.csv --record-violations
    govcloud usage review samples.csv --record-review REQ-2026-0042 --as 赵磊 --role provider   # EVAL-2
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.commands import record_options
from govcloud.commands.common import with_catalogue, write_output
from govcloud.errors import ExitCode
from govcloud.lifecycle.roles import PROVIDER

if TYPE_CHECKING:
    import argparse
    from typing import Any

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers
    from govcloud.lifecycle.usage import Sample


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud bill`` and ``govcloud usage``."""
    bill = subparsers.add_parser("bill", help="monthly statement per tenant: CSV and HTML (CAT-3, EVAL-3)")
    bill.add_argument("--month", required=True, help="YYYY-MM")
    bill.add_argument(
        "--tenant", help="the tenant unit (Chinese name as in the request); default every tenant"
    )
    bill.add_argument("--csv", type=Path, help="write the CSV here (default: print it)")
    bill.add_argument("--html", type=Path, help="also write the self-contained HTML page here")
    record_options.records_argument(bill)
    with_catalogue(bill, _bill)

    usage = subparsers.add_parser(
        "usage", help="utilisation review from usage samples (EVAL-1, EVAL-2, EVAL-5)"
    )
    usage_sub = usage.add_subparsers(dest="usage_command", required=True)
    review = usage_sub.add_parser(
        "review", help="recommendations from a usage CSV (format: govcloud.lifecycle.usage)"
    )
    review.add_argument("samples", type=Path)
    review.add_argument("--format", choices=["table", "json"], default="table")
    review.add_argument(
        "--record-violations",
        action="store_true",
        help="register idle/over-provisioned findings: the tenant gets no new resources (EVAL-5)",
    )
    review.add_argument(
        "--record-review",
        metavar="REQUEST_ID",
        help="sign this system's review into its lifecycle record (utilisation-reviewed; EVAL-2 reads it)",
    )
    record_options.actor_arguments(review, [PROVIDER], required=False)
    with_catalogue(review, _review)
    resolve = usage_sub.add_parser("resolve", help="mark a tenant's violation resolved (EVAL-5)")
    resolve.add_argument("violation_id")
    record_options.records_argument(resolve)
    resolve.set_defaults(handler=_resolve)


def _bill(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from govcloud.lifecycle.billing import statement, to_csv  # noqa: PLC0415
    from govcloud.lifecycle.report_html import statement_html  # noqa: PLC0415

    month = record_options.month(args.month, "bill-month-valid")
    bill = statement(record_options.records(args), catalogue, month, args.tenant)
    write_output(to_csv(bill), args.csv)
    if args.html is not None:
        write_output(statement_html(bill), args.html)
    print(
        f"{args.month} {args.tenant or 'all tenants'}: {len(bill.lines)} line(s), total {bill.total:,.2f} CNY",
        file=sys.stderr,
    )
    return ExitCode.OK


def _review(args: argparse.Namespace, catalogue: Catalogue) -> int:
    import json  # noqa: PLC0415

    from govcloud.lifecycle.usage import read_samples, recommend  # noqa: PLC0415
    from govcloud.lifecycle.violations import open_violations  # noqa: PLC0415

    samples = read_samples(args.samples)
    entry = _record_review(args, samples, catalogue) if args.record_review else None
    findings = recommend(samples)
    if args.format == "json":
        sys.stdout.write(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=1) + "\n")
    else:
        for finding in findings:
            print(
                f"{finding.unit}  {finding.resource:<24} {finding.kind:<18} {finding.requirement:<7} "
                f"{finding.advice.joined()}"
            )
    if args.record_violations:
        opened = open_violations(record_options.records(args), findings)
        print(f"{len(opened)} violation(s) registered (EVAL-5)", file=sys.stderr)
    if entry is not None:
        print(
            f"recorded #{entry['seq']} utilisation-reviewed of {entry['request']['id']}: the system is "
            f"{entry['data']['verdict']} (EVAL-2)",
            file=sys.stderr,
        )
    return ExitCode.VIOLATIONS if findings else ExitCode.OK


def _record_review(args: argparse.Namespace, samples: list[Sample], catalogue: Catalogue) -> dict[str, Any]:
    """Sign one system's review into its record before anything else is written (EVAL-2)."""
    from datetime import datetime  # noqa: PLC0415

    from govcloud.bilingual import Text  # noqa: PLC0415
    from govcloud.lifecycle.actions import Action, act  # noqa: PLC0415
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415
    from govcloud.lifecycle.errors import LifecycleError  # noqa: PLC0415
    from govcloud.lifecycle.usage import review_entry  # noqa: PLC0415

    if not args.actor or not args.role:
        text = Text("记录利用率评估须给出 --as 和 --role", "--record-review needs --as and --role")
        raise LifecycleError("review-actor-given", "--as, --role", text)
    data = review_entry(samples, args.record_review, args.samples)
    return act(
        Action("utilisation-reviewed", args.actor, args.role, request_id=args.record_review, data=data),
        records=record_options.records(args),
        keys=record_options.keys(args),
        catalogue=catalogue,
        now=datetime.now(CHINA),
    )


def _resolve(args: argparse.Namespace) -> int:
    from govcloud.lifecycle.violations import resolve  # noqa: PLC0415

    resolve(record_options.records(args), args.violation_id)
    return ExitCode.OK
