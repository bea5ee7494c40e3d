"""``govcloud suspend|resume <stack>``: the provider suspends a tenant whose incident threatens the platform (SEC-8).

Example::

    eval "$(govcloud box env --cloud govcloud-tenant)"
    govcloud suspend gov-portal --incident INC-REQ-2026-0042-1 --as 赵磊 --role provider
    govcloud incident close REQ-2026-0042 INC-REQ-2026-0042-1 --report SEC-RPT-2026-031 ...
    govcloud resume gov-portal --as 赵磊 --role provider

``suspend`` is refused, before any server is touched, unless the provider records it and the incident is
an open ``critical`` one of the stack's request (OPS-2: ``govcloud incident open``); then every server of
the stack's state is stopped through Nova, read back SHUTOFF, and ``suspended`` recorded
(``govcloud.lifecycle.suspension``). ``resume`` is refused while that incident is open: the servers are
started, read back ACTIVE, and ``resumed`` recorded, back in the earlier stage. Exit codes: 0 done,
1 refused or a server did not stop/start (run again to resume), 2 unusable input, 3 no engine (suspend).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud import paths
from govcloud.commands import record_options
from govcloud.commands.common import engine_environ, require_stacks, with_catalogue
from govcloud.errors import ExitCode
from govcloud.lifecycle.roles import ROLES

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers
    from govcloud.lifecycle.steps import Step
    from govcloud.lifecycle.suspension import Suspension


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud suspend`` and ``govcloud resume``."""
    suspend = subparsers.add_parser(
        "suspend", help="SEC-8: stop a stack's servers during an open critical incident, recorded"
    )
    suspend.add_argument("stack", help="the stack (Pulumi.<stack>.yaml names the request)")
    suspend.add_argument("--incident", required=True, help="the open critical incident, INC-<request>-<n>")
    record_options.actor_arguments(suspend, sorted(ROLES))
    with_catalogue(suspend, _suspend)
    resume = subparsers.add_parser(
        "resume", help="SEC-8: start a suspended stack's servers once its incident is closed, recorded"
    )
    resume.add_argument("stack", help="the stack (Pulumi.<stack>.yaml names the request)")
    record_options.actor_arguments(resume, sorted(ROLES))
    with_catalogue(resume, _resume)


def _suspend(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from govcloud.lifecycle.decommission import EngineStack  # noqa: PLC0415 - keep the CLI's start fast

    run = _run(args, catalogue, "suspended")
    engine = EngineStack.of(run.root, args.stack, engine_environ(run.root))
    suspension = run.on_the_cloud()
    sys.stdout.write(f"== suspend {args.stack} ({suspension.target.request_id}) for {args.incident}\n")
    return _done(suspension.suspend(args.incident, engine, _print))


def _resume(args: argparse.Namespace, catalogue: Catalogue) -> int:
    suspension = _run(args, catalogue, "resumed").on_the_cloud()
    sys.stdout.write(f"== resume {args.stack} ({suspension.target.request_id})\n")
    return _done(suspension.resume(_print))


@dataclass(frozen=True, slots=True)
class _Run:
    """The checked action's project root, and how to reach the cloud once nothing refuses it."""

    root: Path
    on_the_cloud: Callable[[], Suspension]


def _run(args: argparse.Namespace, catalogue: Catalogue, event: str) -> _Run:
    """The stack's request, checks and recorder as the named person, and the cloud."""
    from govcloud.lifecycle.actions import Action, act, check  # noqa: PLC0415 - keep the CLI's start fast
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415
    from govcloud.lifecycle.cloud import connect  # noqa: PLC0415
    from govcloud.lifecycle.stacks import stack_request  # noqa: PLC0415
    from govcloud.lifecycle.suspension import Suspension  # noqa: PLC0415

    root = paths.project_root()
    require_stacks(root, [args.stack])
    records, keys = record_options.records(args), record_options.keys(args)
    target = stack_request(root, args.stack, records)

    def action(event: str, data: dict[str, Any]) -> Action:
        return Action(event, args.actor, args.role, request_id=target.request_id, data=data)

    def checked(event: str, data: dict[str, Any]) -> object:
        return check(action(event, data), records=records, keys=keys, catalogue=catalogue)

    def record(event: str, data: dict[str, Any]) -> dict[str, Any]:
        return act(
            action(event, data), records=records, keys=keys, catalogue=catalogue, now=datetime.now(CHINA)
        )

    if not (event == "suspended" and target.state().suspension is not None):  # a rerun has nothing to check
        # Refused here, before the engine or the cloud is reached: the checks need neither.
        checked(event, {"incident": getattr(args, "incident", ""), "servers": []})
    return _Run(root, lambda: Suspension(target, connect(), checked, record))


def _done(ok: bool) -> int:  # noqa: FBT001 - the run's verdict
    if not ok:
        sys.stdout.write("   stopped; the record is intact: run the same command again to resume\n")
        return ExitCode.VIOLATIONS
    return ExitCode.OK


def _print(step: Step) -> None:
    print(step.line(), flush=True)
