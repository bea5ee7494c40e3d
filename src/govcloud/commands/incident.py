"""``govcloud incident open|close``: the provider's incident process on a tenant's system (OPS-2).

Example::

    govcloud incident open REQ-2026-0042 --severity critical --as 赵磊 --role provider \
        --summary-zh "门户主机对外发起扫描，威胁平台" --summary-en "the portal's hosts scan the platform"
    govcloud incident close REQ-2026-0042 INC-REQ-2026-0042-1 --report SEC-RPT-2026-031 \
        --summary-zh "已清除木马并修补" --summary-en "trojan removed, hosts patched" --as 赵磊 --role provider

Opening records a signed ``incident-opened`` entry with the severity (``critical`` is one that threatens
the platform: the only kind ``govcloud suspend`` accepts, SEC-8) and gives the incident its id,
``INC-<request>-<n>``; closing records ``incident-closed`` with the handling report, once. ``govcloud
status`` lists the open incidents, the monthly report every incident of the month with its time to close.
Exit codes: 0 recorded, 1 refused (wrong role, not a built system, not open), 2 unusable input
(no severity or summary, a malformed incident id); nothing is written unless 0.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.commands import record_options
from govcloud.commands.common import with_catalogue
from govcloud.errors import ExitCode
from govcloud.lifecycle.roles import ROLES

if TYPE_CHECKING:
    import argparse

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud incident``."""
    parser = subparsers.add_parser("incident", help="OPS-2: open or close an incident on a tenant's system")
    sub = parser.add_subparsers(dest="incident_command", required=True)
    opening = sub.add_parser("open", help="record incident-opened: severity and a bilingual summary")
    opening.add_argument("request", help="the request id")
    opening.add_argument("--severity", default="", help="critical (threatens the platform) | major | minor")
    _summary(opening, "what happened")
    record_options.actor_arguments(opening, sorted(ROLES))
    with_catalogue(opening, _open)
    closing = sub.add_parser("close", help="record incident-closed with the handling report")
    closing.add_argument("request", help="the request id")
    closing.add_argument("incident", help="the incident id, INC-<request>-<n>")
    closing.add_argument("--report", default="", help="the handling report's document reference")
    _summary(closing, "how it was handled")
    record_options.actor_arguments(closing, sorted(ROLES))
    with_catalogue(closing, _close)


def _summary(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--summary-zh", default="", metavar="TEXT", help=f"{what}, in Chinese")
    parser.add_argument("--summary-en", default="", metavar="TEXT", help=f"{what}, in English")


def _open(args: argparse.Namespace, catalogue: Catalogue) -> int:
    summary = {"zh": args.summary_zh, "en": args.summary_en}
    entry = _act(args, catalogue, "incident-opened", {"severity": args.severity, "summary": summary})
    print(
        f"recorded #{entry['seq']} incident-opened {entry['data']['incident']} ({args.severity}) of "
        f"{args.request}, {entry['hash']}"
    )
    return ExitCode.OK


def _close(args: argparse.Namespace, catalogue: Catalogue) -> int:
    report = {"ref": args.report, "zh": args.summary_zh, "en": args.summary_en}
    entry = _act(args, catalogue, "incident-closed", {"incident": args.incident, "report": report})
    print(
        f"recorded #{entry['seq']} incident-closed {args.incident} of {args.request} (report {args.report}), "
        f"{entry['hash']}"
    )
    return ExitCode.OK


def _act(args: argparse.Namespace, catalogue: Catalogue, event: str, data: dict[str, Any]) -> dict[str, Any]:
    from govcloud.lifecycle.actions import Action, act  # noqa: PLC0415 - keep the CLI's start fast
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415

    return act(
        Action(event, args.actor, args.role, request_id=args.request, data=data),
        records=record_options.records(args),
        keys=record_options.keys(args),
        catalogue=catalogue,
        now=datetime.now(CHINA),
    )
