"""``govcloud decommission <stack>``: end a system's service as LC-9 orders, each party in its own role (SEC-4).

Example::

    govcloud decommission gov-portal --as 王敏 --role requester --reason "业务并入省平台 / merged"
    govcloud decommission gov-portal --as 刘洋 --role authority
    eval "$(govcloud box env --cloud govcloud-tenant)"
    govcloud decommission gov-portal --as 赵磊 --role provider    # offline, back up, verify, destroy, reclaim

The requester's run records ``decommission-requested``, the authority's ``decommission-approved``; the
provider engineer's run carries it out (``govcloud.lifecycle.decommission``: servers stopped, every
volume copied and verified through the API, ``pulumi destroy``, ``reclaimed``), resuming where a failed
run stopped. ``govcloud status`` tracks the reclaim: due 3 working days after the approval (LC-9).
Exit codes: 0 done, 1 refused or a step failed (the record says how far it got), 2 unusable input,
3 no engine.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud import paths
from govcloud.commands import record_options
from govcloud.commands.common import engine_environ, require_stacks, with_catalogue
from govcloud.errors import ExitCode
from govcloud.lifecycle.roles import AUTHORITY, PROVIDER, REQUESTER

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers
    from govcloud.lifecycle.steps import Step

_PARTY_EVENT = {REQUESTER: "decommission-requested", AUTHORITY: "decommission-approved"}


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud decommission``."""
    parser = subparsers.add_parser(
        "decommission",
        help="LC-9: request, approve, or (provider) take offline, back up and verify, destroy, reclaim",
    )
    parser.add_argument("stack", help="the stack (Pulumi.<stack>.yaml names the request)")
    record_options.actor_arguments(parser, (REQUESTER, AUTHORITY, PROVIDER))
    parser.add_argument("--reason", action="append", default=[], help="why (the requester's request)")
    parser.add_argument(
        "--copy-method",
        choices=["auto", "snapshot", "cinder-backup"],
        default="auto",
        help="auto: cinder-backup where the service runs and is visible, else snapshot + clone",
    )
    with_catalogue(parser, _decommission)


def _decommission(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from govcloud.lifecycle.actions import Action, act  # noqa: PLC0415
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415
    from govcloud.lifecycle.stacks import stack_request  # noqa: PLC0415

    root = paths.project_root()
    require_stacks(root, [args.stack])
    records = record_options.records(args)
    target = stack_request(root, args.stack, records)

    def record(event: str, data: dict[str, Any]) -> dict[str, Any]:
        action = Action(event, args.actor, args.role, request_id=target.request_id, data=data)
        return act(
            action,
            records=records,
            keys=record_options.keys(args),
            catalogue=catalogue,
            now=datetime.now(CHINA),
        )

    if args.role in _PARTY_EVENT:
        entry = record(_PARTY_EVENT[args.role], {"reasons": list(args.reason)} if args.reason else {})
        print(
            f"recorded #{entry['seq']} {entry['event']} of {target.request_id} ({args.stack}), {entry['hash']}"
        )
        return ExitCode.OK
    return _carry_out(args, root, target, record)


def _carry_out(args: argparse.Namespace, root: Path, target: Any, record: Any) -> int:
    """The provider's run: the engine, the cloud, then the steps."""
    from govcloud.lifecycle import backups  # noqa: PLC0415
    from govcloud.lifecycle.cloud import connect  # noqa: PLC0415
    from govcloud.lifecycle.decommission import Decommission, EngineStack  # noqa: PLC0415

    environ = engine_environ(root)
    conn = connect()
    method = backups.detect_method(conn) if args.copy_method == "auto" else args.copy_method
    stack_engine = EngineStack.of(root, args.stack, environ)
    run = Decommission(target, stack_engine, conn, record, copy_method=method)
    sys.stdout.write(f"== decommission {args.stack} ({target.request_id}), copies by {method}\n")
    done = run.run(_print)
    if not done:
        failed = run.steps[-1].name if run.steps else "?"
        sys.stdout.write(
            f"   stopped at '{failed}'; the record is intact: run the same command again to resume\n"
        )
        return ExitCode.VIOLATIONS
    return ExitCode.OK


def _print(step: Step) -> None:
    print(step.line(), flush=True)
