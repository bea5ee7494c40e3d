"""``govcloud drift``: the configuration check of built stacks, for the provider's routine and the auditor (LC-8, OPS-2).

Example::

    eval "$(govcloud box env --cloud govcloud-tenant)"
    govcloud drift gov-portal approval data-exchange

For each stack: the approval must still cover its request; then OpenStack's listing is compared with the
approved plan, ``pulumi preview --refresh`` reads the state back, and the system's resources the state
lacks are listed (``govcloud.lifecycle.drift``). Writes ``reports/<stack>/drift.json`` (+ ``.sm3``) and
the preview's event log beside it; changes nothing else. Exit codes: 0 every stack as approved and
built, 1 a finding or a refused stack (the others are still checked), 2 unusable input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import paths
from govcloud.commands.common import engine_environ, require_stacks
from govcloud.errors import ExitCode, GovcloudError

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers


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
    parser.set_defaults(handler=_drift)


def _drift(args: argparse.Namespace) -> int:
    from govcloud.cli import report  # noqa: PLC0415 - the one format of an error, for one refused stack of several
    from govcloud.engine.runner import StackRunner  # noqa: PLC0415 - the engine only for this command
    from govcloud.hardening import evidence  # noqa: PLC0415
    from govcloud.lifecycle import cloud, drift  # noqa: PLC0415
    from govcloud.provisioning import gate, settings  # noqa: PLC0415

    root = paths.project_root()
    require_stacks(root, args.stacks)
    conn = cloud.connect()
    environ = engine_environ(root)
    code: int = ExitCode.OK
    for stack in args.stacks:
        reports = (args.reports or root / "reports") / stack
        try:
            plan = gate.approve(settings.read(root, stack)).plan  # the whole gate, as the program runs it
            found = drift.check(StackRunner(root, stack, environ), plan, conn, reports / "drift.events.jsonl")
        except GovcloudError as error:  # refused or failed for this stack: the others are still checked
            code = max(code, report(args.command, error))
            continue
        path = reports / "drift.json"
        digest = evidence.write(found.document(), path)
        for finding in found.findings:
            print(f"   {finding.line()}")
        verdict = f"{len(found.findings)} finding(s)" if found.findings else "as approved and built"
        print(
            f"{stack}: {verdict}; {found.state_resources} resource(s) in the state, "
            f"{found.cloud_resources} in OpenStack, {found.seconds:.1f}s\n   {path} (SM3 {digest})",
            flush=True,
        )
        if found.findings:
            print(
                f"   恢复批准的配置 / to restore what was approved: govcloud provision {stack} --refresh "
                "(重建被删除或改动的栈内资源 / rebuilds what the stack manages); 栈外创建的资源和栈不读回的元数据须手工"
                "清除，或经批准的变更纳入 / resources made outside the stack and metadata it does not read back "
                "are removed by hand, or brought in through an approved change (govcloud change)"
            )
            print(
                f"govcloud drift: {stack} 与批准并开通的配置不符 / {stack} differs from what was approved and "
                f"built: {len(found.findings)} finding(s)",
                file=sys.stderr,
            )
            code = max(code, ExitCode.VIOLATIONS)
    return code
