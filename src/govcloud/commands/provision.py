"""``govcloud provision`` and ``govcloud teardown``: run approved stacks through the real engine.

Example::

    eval "$(govcloud box env --cloud govcloud-tenant)"
    govcloud provision gov-portal --ssh-config /var/lib/govcloud-box/standins/ssh_config
    govcloud provision gov-portal --preview-only      # admission, approval, preview with the pack
    govcloud teardown gov-portal                       # pulumi destroy, then nothing of it left
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud import paths
from govcloud.commands.common import engine_environ, require_stacks
from govcloud.engine.provision import Provisioning, StepResult
from govcloud.errors import ExitCode

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``provision`` and ``teardown``."""
    parser = subparsers.add_parser(
        "provision",
        help="admission, approval, preview and up with the policy pack, then check the cloud and the hosts",
    )
    parser.add_argument("stacks", nargs="+", metavar="STACK", help="stack names (Pulumi.<stack>.yaml)")
    parser.add_argument("--preview-only", action="store_true", help="stop after the preview: build nothing")
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="read every resource back first, so what was deleted or changed outside the stack is built again "
        "as approved (after govcloud drift)",
    )
    parser.add_argument(
        "--reports", type=Path, default=None, help="where the reports go (default: reports/<stack>/)"
    )
    parser.add_argument(
        "--ssh-config", type=Path, default=None, help="ssh_config that reaches the hosts (check they answer)"
    )
    parser.add_argument(
        "--no-cloud-check", action="store_true", help="skip comparing OpenStack's own listing with the plan"
    )
    parser.set_defaults(handler=_provision)

    teardown = subparsers.add_parser(
        "teardown", help="pulumi destroy a stack, then check nothing of it is left"
    )
    teardown.add_argument("stacks", nargs="+", metavar="STACK")
    teardown.add_argument(
        "--no-record",
        metavar="REASON",
        help="destroy a stack whose request has no lifecycle record (a test stack); the reason is logged "
        "to .govcloud/teardowns.jsonl (LC-9, SEC-11)",
    )
    teardown.set_defaults(handler=_teardown)


def _connect() -> Any:
    import openstack  # noqa: PLC0415 - slow import, only for the cloud check

    return openstack.connect()


def _print_step(step: StepResult) -> None:
    mark = "ok " if step.ok else "FAIL"
    sys.stdout.write(f"  [{mark}] {step.name:26} {step.seconds:6.1f}s  {step.detail}\n")
    sys.stdout.flush()


def _provision(args: argparse.Namespace) -> int:
    root = paths.project_root()
    require_stacks(root, args.stacks)
    environ = engine_environ(root)
    cloud = not args.no_cloud_check and bool(os.environ.get("OS_CLOUD") or os.environ.get("OS_AUTH_URL"))
    failed = []
    for stack in args.stacks:
        started = time.monotonic()
        sys.stdout.write(f"== {stack}\n")
        run = Provisioning(
            root=root,
            stack=stack,
            environ=environ,
            reports=(args.reports or root / "reports") / stack,
            apply=not args.preview_only,
            refresh=args.refresh,
            ssh_config=args.ssh_config,
            connect=_connect if cloud else None,
        )
        if not run.run(_print_step):
            failed.append(stack)
        sys.stdout.write(
            f"   {stack}: {'done' if run.ok else 'stopped'} in {time.monotonic() - started:.1f}s\n"
        )
    if failed:
        sys.stdout.write(f"not provisioned: {', '.join(failed)} (reports in reports/<stack>/)\n")
        return ExitCode.VIOLATIONS
    return ExitCode.OK


def _teardown(args: argparse.Namespace) -> int:
    from govcloud.cli import report  # noqa: PLC0415 - the one format of an error, for one refused stack of several
    from govcloud.engine import observed  # noqa: PLC0415
    from govcloud.engine.runner import StackRunError, StackRunner, summary  # noqa: PLC0415
    from govcloud.lifecycle import teardown_gate  # noqa: PLC0415
    from govcloud.lifecycle.errors import RefusedError  # noqa: PLC0415
    from govcloud.lifecycle.stacks import volume_ids  # noqa: PLC0415

    root = paths.project_root()
    require_stacks(root, args.stacks)
    targets = teardown_gate.admit(root, args.stacks, args.no_record)  # a refusal destroys nothing named
    environ = engine_environ(root)
    teardown_gate.log_overrides(root, targets, args.no_record)
    code: int = ExitCode.OK
    for stack in args.stacks:
        runner = StackRunner(root, stack, environ)
        log = root / "reports" / stack / "destroy.events.jsonl"
        started = time.monotonic()
        try:
            runner.ensure()
            teardown_gate.before_destroy(targets[stack], volume_ids(runner.state().get("deployment") or {}))
            runner.operation("destroy", event_log=log)
        except RefusedError as error:  # this stack's volumes are not all backed up: the others still go
            code = report(args.command, error)
            continue
        except StackRunError as error:
            sys.stdout.write(f"{stack}: {error}\n")
            code = ExitCode.VIOLATIONS
            continue
        done = summary(log)
        left = observed.observe(_connect(), stack).counts() if os.environ.get("OS_CLOUD") else None
        remaining = {kind: n for kind, n in (left or {}).items() if n}
        verdict = "nothing left in OpenStack" if left is not None and not remaining else f"left: {remaining}"
        if left is None:
            verdict = "OpenStack not checked (no OS_CLOUD)"
        sys.stdout.write(
            f"{stack}: {done.describe() if done else 'destroyed'} in {time.monotonic() - started:.1f}s; {verdict}\n"
        )
        code = code if not remaining else ExitCode.VIOLATIONS
    return code
