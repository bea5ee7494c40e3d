"""``govcloud drift``: the configuration check of built stacks, for the provider's routine and the auditor (LC-8, OPS-2).

Example::

    eval "$(govcloud box env --cloud govcloud-tenant)"
    govcloud drift gov-portal approval data-exchange
    govcloud drift gov-portal --record --as 赵磊 --role provider   # signed into the request's record

For each stack: the approval must still cover its request; then OpenStack's listing is compared with the
approved plan, ``pulumi preview --refresh`` reads the state back, and the system's resources the state
lacks are listed (``govcloud.lifecycle.drift``). Writes ``reports/<stack>/drift.json`` (+ ``.sm3``) and
the preview's event log beside it; changes nothing else. ``--record`` signs a ``configuration-checked``
entry (the evidence's SM3, the findings by rule) into the request's lifecycle record; the signer, role and
stage are checked before the check runs, and ``govcloud status`` flags a system whose last check found
drift. Exit codes: 0 every stack as approved and built, 1 a finding or a refused stack (the others are
still checked), 2 unusable input, 3 no engine.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.commands import record_options
from govcloud.commands.common import engine_environ, require_stacks, with_catalogue
from govcloud.errors import ExitCode, GovcloudError
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.roles import AUDITOR, PROVIDER

if TYPE_CHECKING:
    import argparse

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers
    from govcloud.lifecycle.actions import Action
    from govcloud.lifecycle.drift import Drift


def register(subparsers: SubParsers) -> None:
    """Add ``drift STACK...``."""
    parser = subparsers.add_parser(
        "drift",
        help="compare OpenStack, the stack's state and the approved request: changes made outside (LC-8, OPS-2)",
    )
    parser.add_argument("stacks", nargs="+", metavar="STACK", help="stack names (Pulumi.<stack>.yaml)")
    parser.add_argument(
        "--reports", type=Path, default=None, help="where the evidence goes (default: reports/<stack>/)"
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help="sign each check into its request's lifecycle record (configuration-checked; needs --as, --role)",
    )
    record_options.actor_arguments(parser, (PROVIDER, AUDITOR), required=False)
    with_catalogue(parser, _drift)


def _drift(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from govcloud.cli import report  # noqa: PLC0415 - the one format of an error, for one refused stack of several
    from govcloud.engine.runner import StackRunner  # noqa: PLC0415 - the engine only for this command
    from govcloud.lifecycle import cloud, drift  # noqa: PLC0415
    from govcloud.provisioning import gate, settings  # noqa: PLC0415

    root = paths.project_root()
    require_stacks(root, args.stacks)
    if args.record and not (args.actor and args.role):
        text = Text("记录配置核查须给出 --as 和 --role", "--record needs --as and --role")
        raise LifecycleError("drift-record-signed", "--as, --role", text)
    conn = cloud.connect()
    environ = engine_environ(root)
    code: int = ExitCode.OK
    for stack in args.stacks:
        reports = (args.reports or root / "reports") / stack
        try:
            plan = gate.approve(settings.read(root, stack)).plan  # the whole gate, as the program runs it
            action = _checked_action(args, plan.request_id, catalogue)
            found = drift.check(StackRunner(root, stack, environ), plan, conn, reports / "drift.events.jsonl")
            _show(found, _seal(found, reports / "drift.json", action, args, catalogue))
        except GovcloudError as error:  # refused or failed for this stack: the others are still checked
            code = max(code, report(args.command, error))
            continue
        if found.findings:
            code = max(code, ExitCode.VIOLATIONS)
    return code


def _checked_action(args: argparse.Namespace, request_id: str, catalogue: Catalogue) -> Action | None:
    """The entry ``--record`` signs, refused (signer, role, stage) before the check runs; None without it."""
    from govcloud.lifecycle.actions import Action, check  # noqa: PLC0415 - keep the CLI's start fast

    if not args.record:
        return None
    action = Action("configuration-checked", args.actor, args.role, request_id=request_id)
    check(action, records=record_options.records(args), keys=record_options.keys(args), catalogue=catalogue)
    return action


def _seal(
    found: Drift, path: Path, action: Action | None, args: argparse.Namespace, catalogue: Catalogue
) -> list[str]:
    """Write the evidence, then sign the entry naming its SM3; the lines saying where both went."""
    from govcloud.hardening import evidence  # noqa: PLC0415
    from govcloud.lifecycle import drift  # noqa: PLC0415
    from govcloud.lifecycle.actions import act  # noqa: PLC0415
    from govcloud.lifecycle.clock import CHINA  # noqa: PLC0415

    digest = evidence.write(found.document(), path)
    lines = [f"{path} (SM3 {digest})"]
    if action is not None:
        entry = act(
            replace(action, data=drift.entry_data(found, path, digest)),
            records=record_options.records(args),
            keys=record_options.keys(args),
            catalogue=catalogue,
            now=datetime.now(CHINA),
        )
        lines.append(f"recorded #{entry['seq']} configuration-checked of {found.plan.request_id}")
    return lines


def _show(found: Drift, where: list[str]) -> None:
    """Each finding with its rule and requirements, the verdict, and what to do about drift."""
    for finding in found.findings:
        print(f"   {finding.line()}")
    verdict = f"{len(found.findings)} finding(s)" if found.findings else "as approved and built"
    print(
        f"{found.stack}: {verdict}; {found.state_resources} resource(s) in the state, "
        f"{found.cloud_resources} in OpenStack, {found.seconds:.1f}s",
        *(f"   {line}" for line in where),
        sep="\n",
        flush=True,
    )
    if not found.findings:
        return
    print(
        f"   恢复批准的配置 / to restore what was approved: govcloud provision {found.stack} --refresh "
        "(重建被删除或改动的栈内资源 / rebuilds what the stack manages); 栈外创建的资源和栈不读回的元数据须手工"
        "清除，或经批准的变更纳入 / resources made outside the stack and metadata it does not read back "
        "are removed by hand, or brought in through an approved change (govcloud change)"
    )
    print(
        f"govcloud drift: {found.stack} 与批准并开通的配置不符 / {found.stack} differs from what was approved "
        f"and built: {len(found.findings)} finding(s)",
        file=sys.stderr,
    )
