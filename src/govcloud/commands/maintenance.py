"""Platform maintenance windows (OPS-1): planned, approved, announced ahead, done; flagged when not.

Example::

    govcloud maintenance plan MNT-2026-001 --start 2026-12-19T22:00 --end 2026-12-20T02:00 \
        --impact-zh "块存储升级，云硬盘读写暂停约 10 分钟" --impact-en "block storage upgrade: volume I/O pauses ~10 min" \
        --affects all --as 赵磊 --role provider
    govcloud maintenance approve MNT-2026-001 --as 刘洋 --role authority
    govcloud maintenance announce MNT-2026-001 --as 赵磊 --role provider    # --late REASON when short of notice
    govcloud maintenance done MNT-2026-001 --as 赵磊 --role provider [--ended-at 2026-12-20T01:40]
    govcloud maintenance status [--today 2026-12-20] [--format json]        # exit 1 when any window is flagged

Unusable input exits 2, a refusal 1; either way nothing is written.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from govcloud.commands import record_options
from govcloud.commands.common import with_catalogue
from govcloud.errors import ExitCode
from govcloud.lifecycle.roles import ROLES

if TYPE_CHECKING:
    import argparse

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers

_EVENTS = {
    "plan": "maintenance-planned",
    "approve": "maintenance-approved",
    "announce": "maintenance-announced",
    "done": "maintenance-done",
    "cancel": "maintenance-cancelled",
}


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud maintenance``."""
    maintenance = subparsers.add_parser("maintenance", help="planned platform maintenance windows (OPS-1)")
    sub = maintenance.add_subparsers(dest="maintenance_command", required=True)
    helps = {
        "plan": "plan a window: start, end, impact, affected systems (provider)",
        "approve": "approve a planned window (authority; not its planner)",
        "announce": "record the tenants' notice, noticeWorkingDays ahead (provider)",
        "done": "record the window's work finished (provider)",
        "cancel": "cancel a window before it starts (provider or authority)",
    }
    for command, event in _EVENTS.items():
        parser = sub.add_parser(command, help=helps[command])
        parser.add_argument("window_id", metavar="MNT-ID")
        if command == "plan":
            parser.add_argument(
                "--start", required=True, help="ISO date-time (China time unless it has an offset)"
            )
            parser.add_argument("--end", required=True, help="ISO date-time")
            parser.add_argument("--impact-zh", required=True, help="the impact on tenants, in Chinese")
            parser.add_argument("--impact-en", required=True, help="the impact on tenants, in English")
            parser.add_argument(
                "--affects", nargs="+", required=True, metavar="all|REQ-ID", help="all, or request ids"
            )
        if command == "announce":
            parser.add_argument(
                "--late", action="append", metavar="REASON", help="record a notice short of noticeWorkingDays"
            )
        if command == "done":
            parser.add_argument("--ended-at", help="when the work ended (default: now)")
        if command == "cancel":
            parser.add_argument("--reason", action="append", required=True)
        record_options.actor_arguments(
            parser, sorted(ROLES)
        )  # a wrong role is refused with its rule (exit 1)
        parser.set_defaults(event=event)
        with_catalogue(parser, _record)
    status = sub.add_parser("status", help="every window, its state and OPS-1 flags (exit 1 when any)")
    status.add_argument("--today", help="judge as of this date (its end) or date-time (default: now)")
    status.add_argument("--format", choices=["table", "json"], default="table")
    record_options.records_argument(status)
    status.set_defaults(handler=_status)


def _record(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415 - keep the CLI's start fast
    from govcloud.lifecycle.maintenance_actions import MaintenanceAction, record_maintenance  # noqa: PLC0415

    data = {
        key: value
        for key, value in {
            "start": getattr(args, "start", None),
            "end": getattr(args, "end", None),
            "impact_zh": getattr(args, "impact_zh", None),
            "impact_en": getattr(args, "impact_en", None),
            "affects": getattr(args, "affects", None),
            "late_reasons": getattr(args, "late", None),
            "ended_at": getattr(args, "ended_at", None),
            "reasons": getattr(args, "reason", None),
        }.items()
        if value is not None
    }
    entry = record_maintenance(
        MaintenanceAction(args.event, args.window_id, args.actor, args.role, data),
        records=record_options.records(args),
        keys=record_options.keys(args),
        catalogue=catalogue,
        now=datetime.now(CHINA),
    )
    late = " (notice late / 通知迟发)" if entry["data"].get("late") else ""
    print(
        f"recorded #{entry['seq']} {entry['event']} of {entry['window']['id']} by {entry['actor']['name']} "
        f"({entry['role']}){late}, {entry['hash']}"
    )
    return ExitCode.OK


def _status(args: argparse.Namespace) -> int:
    from govcloud.lifecycle.maintenance_status import maintenance_status, table  # noqa: PLC0415

    rows = maintenance_status(record_options.records(args), _moment(args.today))
    if args.format == "json":
        sys.stdout.write(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(table(rows))
    return ExitCode.VIOLATIONS if any(r.flags for r in rows) else ExitCode.OK


def _moment(text: str | None) -> datetime:
    """``--today``: a date means the end of that day; a date-time without offset is China time."""
    from govcloud.bilingual import Text  # noqa: PLC0415
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415
    from govcloud.lifecycle.errors import LifecycleError  # noqa: PLC0415

    if text is None:
        return datetime.now(CHINA)
    try:
        if len(text) == len("YYYY-MM-DD"):
            day = datetime.fromisoformat(text).date()
            return datetime.combine(day + timedelta(days=1), time(), CHINA)
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise LifecycleError(
            "maintenance-window-valid",
            "--today",
            Text(f"不是 ISO 日期或时间：{text[:60]!r}", f"not an ISO date or date-time: {text[:60]!r}"),
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)
