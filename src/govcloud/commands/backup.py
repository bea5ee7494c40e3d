"""``govcloud backup run|status|drill``: the backups requests ordered, made and proven (SEC-11, OPS-3).

Example::

    eval "$(govcloud box env --cloud govcloud-tenant)"
    govcloud backup run --as 赵磊 --role provider        # from cron: every due copy, pruning, one entry a run
    govcloud backup status --format json                # last run, next due, missed periods; exit 1 if any missed
    govcloud backup drill gov-portal --as 赵磊 --role provider   # restore the newest copy, verify, clean up

``run`` and ``drill`` need the cloud (the OS_* environment); ``status`` reads only the records.
Exit codes: 0 done, 1 a copy or drill did not verify or runs were missed, 2 unusable input.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.commands import record_options
from govcloud.commands.common import with_catalogue
from govcloud.errors import ExitCode
from govcloud.provisioning import access

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers
    from govcloud.commands.common import CatalogueHandler


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud backup``."""
    backup = subparsers.add_parser("backup", help="run, report and drill the ordered backups (SEC-11, OPS-3)")
    sub = backup.add_subparsers(dest="backup_command", required=True)
    run = sub.add_parser("run", help="make every due copy, prune past retention, record each run")
    record_options.actor_arguments(run, ["provider"])
    access.add_option(run)
    _moment_and_catalogue(run, _run)
    status = sub.add_parser("status", help="per request and schedule: last run, next due, missed runs")
    status.add_argument("--format", choices=["table", "json"], default="table")
    record_options.records_argument(status)
    _moment_and_catalogue(status, _status)
    drill = sub.add_parser("drill", help="restore drill: newest verified copy into a new volume, verified")
    drill.add_argument("stack")
    record_options.actor_arguments(drill, ["provider"])
    access.add_option(drill)
    _moment_and_catalogue(drill, _drill)


def _moment_and_catalogue(parser: argparse.ArgumentParser, handler: CatalogueHandler) -> None:
    """Every backup command judges the orders as of ``--now`` against the catalogue."""
    parser.add_argument(
        "--now", type=_moment, default=None, help="judge as of this time (ISO 8601 with offset)"
    )
    with_catalogue(parser, handler)


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        message = "needs an offset, e.g. 2026-10-20T02:00:00+08:00"
        raise ValueError(message)
    return moment


def _now(args: argparse.Namespace) -> datetime:
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415

    return args.now or datetime.now(CHINA)


def _recorder(args: argparse.Namespace, catalogue: Any) -> Any:
    from govcloud.lifecycle.actions import Action, act  # noqa: PLC0415

    records, keys = record_options.records(args), record_options.keys(args)

    def record(request_id: str, data: dict[str, Any]) -> dict[str, Any]:
        action = Action("backup-verified", args.actor, args.role, request_id=request_id, data=data)
        return act(action, records=records, keys=keys, catalogue=catalogue, now=_now(args))

    return record


def _run(args: argparse.Namespace, catalogue: Any) -> int:
    from govcloud.lifecycle import backups, schedules  # noqa: PLC0415
    from govcloud.lifecycle.cloud import connect  # noqa: PLC0415

    documents = [access.load_document(path) for path in args.authorisation]
    now = _now(args)
    granted: dict[str, access.Authorisation] = {}
    refused: list[str] = []
    orders = schedules.ordered(record_options.records(args), catalogue)
    for order in orders:
        if not order.due(now):
            continue
        candidates = [c for c in (order.authorisation, *documents) if c is not None]
        unavailable = [order.unauthorised] if order.unauthorised else []
        try:
            granted[order.request_id] = access.authorise(
                "backup", order.subject, candidates, on=now.date(), unavailable=unavailable
            )
        except access.AccessRefusedError as error:
            refused += [
                f"govcloud backup: {order.request_id}: {error.message()}",
                *(f"  {d}" for d in error.details),
            ]
    conn = connect()
    how = backups.detect_method(conn)
    record = _recorder(args, catalogue)
    results = schedules.run_due(
        conn,
        [order for order in orders if order.request_id in granted],
        now,
        lambda request_id, data: record(
            request_id, {**data, "authorisation": granted[request_id].document_no}
        ),
        how,
    )
    for result in results:
        print(
            f"{result.request_id} {result.item_id}: {len(result.copies)} {how} copy(ies) "
            f"{'verified' if result.ok else 'NOT verified'}, {len(result.pruned)} pruned past retention"
        )
    print(f"{len(results)} schedule run(s) due and made", file=sys.stderr)
    for line in refused:
        print(line, file=sys.stderr)
    return ExitCode.OK if all(r.ok for r in results) and not refused else ExitCode.VIOLATIONS


def _status(args: argparse.Namespace, catalogue: Any) -> int:
    from govcloud.lifecycle import schedules  # noqa: PLC0415

    now = _now(args)
    rows = [order.status(now) for order in schedules.ordered(record_options.records(args), catalogue)]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        print(f"{'request':<16} {'schedule':<18} {'stage':<16} {'last run':<26} {'next due':<26} missed")
        for row in rows:
            missed = len(row["missed"])
            note = f"{missed} (first {row['missed'][0][:10]})" if missed else "0"
            if row["offsiteOrdered"]:
                note += "; off-site copy not made on this platform / 本平台无异地副本"
            print(
                f"{row['requestId']:<16} {row['schedule']:<18} {row['stage']:<16} "
                f"{row['lastRun'] or '-':<26} {row['nextDue']:<26} {note}"
            )
    return ExitCode.VIOLATIONS if any(row["missed"] for row in rows) else ExitCode.OK


def _drill(args: argparse.Namespace, catalogue: Any) -> int:
    from govcloud import paths  # noqa: PLC0415
    from govcloud.files import write_atomic  # noqa: PLC0415
    from govcloud.lifecycle.cloud import connect  # noqa: PLC0415
    from govcloud.lifecycle.drill import drill  # noqa: PLC0415
    from govcloud.lifecycle.stacks import stack_request  # noqa: PLC0415

    del catalogue
    root = paths.project_root()
    target = stack_request(root, args.stack, record_options.records(args))
    subject = access.Subject(target.system, target.request_id)
    granted = access.for_stack(root, "backup", subject, args.authorisation, on=_now(args).date())
    evidence = drill(connect(), target, args.actor)
    evidence["authorisation"] = granted.evidence("backup")
    out = root / "reports" / args.stack / "restore-drill.json"
    write_atomic(out, json.dumps(evidence, ensure_ascii=False, indent=1) + "\n")
    for check in evidence["verification"]["checks"]:
        print(f"  {check}")
    verdict = "restored and verified" if evidence["verification"]["verified"] else "NOT verified"
    print(f"{args.stack}: copy {evidence['operation']['copy']} {verdict}; evidence {out}")
    return ExitCode.OK if evidence["verification"]["verified"] else ExitCode.VIOLATIONS
