"""Lifecycle commands (LC-1..LC-12, EVAL-2, EVAL-4, SEC-4, SEC-6): act as a named, enrolled person in a role.

Example::

    govcloud keys enrol --name 刘洋 --email liuyang@dsj.gov.example --role authority
    govcloud submit requests/examples/gov-portal.yaml --as 王敏 --role requester
    govcloud accept REQ-2026-0042 --as 张伟 --role reviewer
    govcloud approve requests/examples/gov-portal.yaml --as 刘洋 --role authority
    govcloud record provisioned REQ-2026-0042 --as 赵磊 --role provider
    govcloud change requests/examples/gov-portal.yaml --as 王敏 --role requester \
        --optimisation-zh "…" --optimisation-en "…" --optimisation-ref OPT-2026-07
    govcloud rate REQ-2026-0042 --satisfaction 满意 --quality performance="…" --as 王敏 --role requester
    govcloud verify && govcloud status --format json

Unusable input exits 2, a refused action 1; either way nothing is written.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.commands import record_options
from govcloud.commands.common import with_catalogue
from govcloud.errors import ExitCode
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.roles import ROLES

if TYPE_CHECKING:
    import argparse

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers
    from govcloud.commands.common import CatalogueHandler

_SIMPLE = {
    "accept": "accepted",
    "reject": "rejected",
    "approve": "approved",
    "emergency": "emergency-approved",
}
_RECORDABLE = (
    "provisioned",
    "trial-started",
    "trial-extended",
    "trial-converted",
    "live",
    "change-approved",
    "change-applied",
    "decommission-requested",
    "decommission-approved",
    "offline",
    "reclaimed",
    "audited",
)


def register(subparsers: SubParsers) -> None:
    """Add the lifecycle commands."""
    keys = subparsers.add_parser("keys", help="enrol a person: roles and an SM2 key pair (SEC-4, SEC-6)")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    enrol = keys_sub.add_parser("enrol", help="create a signing key (private key stays in .govcloud/keys)")
    enrol.add_argument("--name", required=True)
    enrol.add_argument("--email", default="")
    enrol.add_argument("--phone", default="")
    enrol.add_argument("--role", action="append", required=True, choices=sorted(ROLES))
    _locations(enrol)
    enrol.set_defaults(handler=_enrol)

    submit = subparsers.add_parser("submit", help="submit a request version (LC-1, LC-2)")
    submit.add_argument("request", type=Path)
    _actor(submit, _record)
    submit.set_defaults(event="submitted")
    for command, event in _SIMPLE.items():
        parser = subparsers.add_parser(command, help=f"record '{event}' for a request (LC-3, LC-12, SEC-4)")
        parser.add_argument("request", help="the request file (approvals bind its digest) or its id")
        parser.add_argument(
            "--reason", action="append", default=[], help="reasons (required to reject, for emergencies)"
        )
        _actor(parser, _record)
        parser.set_defaults(event=event)
    record = subparsers.add_parser("record", help="record another lifecycle event (LC-4..LC-9)")
    record.add_argument("event", choices=_RECORDABLE)
    record.add_argument("request", help="the request file or its id")
    record.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="KEY=REF",
        help="LC-7 go-live evidence: vulnerabilityScan=..., penetrationTest=..., mlpsTestReport=...",
    )
    record.add_argument("--reason", action="append", default=[])
    record.add_argument(
        "--scale-up-exception",
        metavar="REASON",
        help="change-approved: the authority's explicit EVAL-2 exception for a scale-up not optimised first",
    )
    _actor(record, _record)

    rate = subparsers.add_parser("rate", help="the tenant rates the provider: satisfaction, quality (EVAL-4)")
    rate.add_argument("request", help="the request id (or file)")
    rate.add_argument(
        "--satisfaction", required=True, help="不满意 | 基本满意 | 满意 | 非常满意 (or its key)"
    )
    rate.add_argument(
        "--quality",
        action="append",
        default=[],
        metavar="DIMENSION=REMARK",
        help="a remark on performance, stability, security or availability",
    )
    _actor(rate, _record)
    rate.set_defaults(event="rated")

    change = subparsers.add_parser(
        "change", help="diff a new request version against the approved one (LC-8)"
    )
    change.add_argument("request", type=Path)
    change.add_argument("--dry-run", action="store_true", help="show the diff and classification only")
    for language in ("zh", "en"):
        change.add_argument(
            f"--optimisation-{language}",
            metavar="TEXT",
            help=f"EVAL-2: what was optimised before this scale-up and its result ({language})",
        )
    change.add_argument("--optimisation-ref", metavar="REF", help="EVAL-2: the optimisation's document")
    _actor(change, _change, required=False)

    verify = subparsers.add_parser("verify", help="check every record's chain and signatures (SEC-6, SEC-7)")
    verify.add_argument("--head", help="the head hash last seen for a single record (detects a cut tail)")
    verify.add_argument(
        "request_ids", nargs="*", help="only these requests (REQ-…) or maintenance windows (MNT-…)"
    )
    _locations(verify)
    verify.set_defaults(handler=_verify)

    status = subparsers.add_parser("status", help="stage, due dates in working days, overdue (LC-3..LC-9)")
    status.add_argument("--format", choices=["table", "json"], default="table")
    status.add_argument(
        "--today", type=record_options.day, help="judge deadlines as of this date (default: today)"
    )
    _locations(status)
    status.set_defaults(handler=_status)


def _locations(parser: argparse.ArgumentParser) -> None:
    record_options.records_argument(parser)
    record_options.keys_argument(parser)


def _actor(parser: argparse.ArgumentParser, handler: CatalogueHandler, *, required: bool = True) -> None:
    """Who acts in which role; the handler judges the request against the catalogue."""
    record_options.actor_arguments(parser, sorted(ROLES), required=required)
    with_catalogue(parser, handler)


def _enrol(args: argparse.Namespace) -> int:
    from govcloud.lifecycle.keyring import enrol  # noqa: PLC0415 - keep the CLI's start fast

    person = enrol(
        record_options.records(args),
        record_options.keys(args),
        {"name": args.name, "email": args.email, "phone": args.phone},
        tuple(args.role),
    )
    print(f"enrolled {person.name} ({', '.join(person.roles)}), key {person.key_id}")
    return ExitCode.OK


def _record(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from govcloud.lifecycle.actions import Action, act  # noqa: PLC0415
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415

    target = str(args.request)
    is_file = target.endswith((".yaml", ".yml", ".json")) or Path(target).exists()
    data: dict[str, Any] = {}
    if getattr(args, "reason", None):
        data["reasons"] = list(args.reason)
    if getattr(args, "evidence", None):
        data["evidence"] = {
            key: _evidence(key, value)
            for key, value in (_pair(text, "golive-security-tested", "--evidence") for text in args.evidence)
        }
    if getattr(args, "scale_up_exception", None) is not None:
        data["scaleUpException"] = {"reason": args.scale_up_exception}
    if args.event == "rated":
        data["satisfaction"] = args.satisfaction
        data["quality"] = dict(_pair(text, "rating-quality-dimension", "--quality") for text in args.quality)
    action = Action(
        args.event,
        args.actor,
        args.role,
        request_id=None if is_file else target,
        request_file=Path(target) if is_file else None,
        data=data,
    )
    entry = act(
        action,
        records=record_options.records(args),
        keys=record_options.keys(args),
        catalogue=catalogue,
        now=datetime.now(CHINA),
    )
    request = entry["request"]
    print(
        f"recorded #{entry['seq']} {entry['event']} of {request['id']} v{request['version']} by "
        f"{entry['actor']['name']} ({entry['role']}), {entry['hash']}"
    )
    return ExitCode.OK


def _pair(text: str, rule_id: str, option: str) -> tuple[str, str]:
    """``KEY=VALUE`` of a repeated option; anything else is unusable under the option's rule."""
    key, sep, value = text.partition("=")
    if not sep or not key or not value:
        raise LifecycleError(
            rule_id, option, Text(f"{option} 须写成 KEY=VALUE：{text}", f"{option} must be KEY=VALUE: {text}")
        )
    return key, value


def _evidence(key: str, value: str) -> str | dict[str, Any]:
    """An outside report's reference as given; a file of ``govcloud scan``/``audit`` pinned by its SM3."""
    from govcloud.hardening import evidence  # noqa: PLC0415

    path = Path(value)
    if not path.is_file():
        return value
    try:
        return evidence.pinned(path)
    except (OSError, ValueError) as error:  # unreadable, changed or not evidence: unusable input
        raise LifecycleError(
            "golive-evidence-intact",
            f"--evidence {key}",
            Text(f"证据文件不可用：{error}", f"the evidence file cannot be relied on: {error}"),
        ) from error


def _change(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from govcloud.lifecycle.actions import Action, act, change_preview  # noqa: PLC0415
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415
    from govcloud.lifecycle.scale_up import advice, check_evidence  # noqa: PLC0415

    report, state = change_preview(args.request, record_options.records(args), catalogue)
    optimisation = _optimisation(args)
    if optimisation is not None:
        check_evidence(optimisation)
    kind = (
        "major / 重大变更 (LC-8: LC-2 materials and re-tests again)" if report.major else "minor / 一般变更"
    )
    print(f"change: {kind}; monthly {report.monthly_before:,.2f} -> {report.monthly_after:,.2f} CNY")
    for reason in report.major_reasons:
        print(f"  major because: {reason.joined()}")
    for line in report.diff or ("(no infrastructure difference)",):
        print(f"  {line}")
    if report.scale_up:
        print("scale-up / 扩容 (EVAL-2: optimise first, then scale up / 先优化，再扩容):")
        for reason in report.scale_up:
            print(f"  because: {reason.joined()}")
        print(f"  EVAL-2: {advice(state, optimisation).joined()}")
    else:
        print("no scale-up / 不扩容 (EVAL-2 does not apply)")
    if args.dry_run:
        return ExitCode.OK
    if not args.actor or not args.role:
        text = Text(
            "除非用 --dry-run，须给出 --as 和 --role", "--as and --role are required unless --dry-run"
        )
        raise LifecycleError("change-actor-given", "--as, --role", text)
    entry = act(
        Action(
            "change-requested",
            args.actor,
            args.role,
            request_file=args.request,
            data={} if optimisation is None else {"optimisation": optimisation},
        ),
        records=record_options.records(args),
        keys=record_options.keys(args),
        catalogue=catalogue,
        now=datetime.now(CHINA),
    )
    print(
        f"recorded #{entry['seq']} change-requested v{entry['request']['version']}: needs the authority's "
        "approval (govcloud record change-approved) before pulumi up proceeds"
    )
    return ExitCode.OK


def _optimisation(args: argparse.Namespace) -> dict[str, str] | None:
    """The EVAL-2 evidence the options give, as the entry stores it; ``None`` when none is given."""
    given = {"zh": args.optimisation_zh, "en": args.optimisation_en, "ref": args.optimisation_ref}
    if all(value is None for value in given.values()):
        return None
    return {key: value or "" for key, value in given.items()}


def _verify(args: argparse.Namespace) -> int:
    from govcloud.lifecycle.keyring import load_keyring  # noqa: PLC0415
    from govcloud.lifecycle.verify import records_to_verify, verify_record  # noqa: PLC0415

    records = record_options.records(args)
    people = load_keyring(records)
    paths = records_to_verify(records, args.request_ids)
    bad = 0
    for path, schema in paths:
        verdict = verify_record(path, people, schema)
        problems = list(verdict.problems)
        if args.head and len(paths) == 1 and verdict.head != args.head:
            print(
                f"{path.name}: head {verdict.head} is not the expected {args.head}: entries were cut or added"
            )
            bad += 1
        for problem in problems:
            print(problem.line())
        bad += bool(problems)
        if not problems:
            print(f"{path.name}: ok, {verdict.entries} entries, head {verdict.head}")
    return ExitCode.VIOLATIONS if bad else ExitCode.OK


def _status(args: argparse.Namespace) -> int:
    from govcloud.lifecycle.status import status, table  # noqa: PLC0415

    today = args.today or datetime.now().astimezone().date()
    rows = status(record_options.records(args), today)
    if args.format == "json":
        sys.stdout.write(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(table(rows))
    return ExitCode.OK
