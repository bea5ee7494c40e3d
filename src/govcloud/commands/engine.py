"""``govcloud engine``: build the Pulumi engine from source, show its environment and status."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import engine, paths

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``engine build``, ``engine env`` and ``engine status``."""
    parser = subparsers.add_parser("engine", help="build and inspect the Pulumi engine in bin/")
    parser.add_argument("--repo", type=Path, default=None, help="checkout root (default: found from cwd)")
    actions = parser.add_subparsers(dest="engine_command", required=True, metavar="ACTION")

    build = actions.add_parser("build", help="run tools/engine/build.sh, streaming its output")
    build.add_argument("--force", action="store_true", help="build even if a compatible pulumi is on PATH")
    build.set_defaults(handler=_build)

    env = actions.add_parser("env", help="print `export K=V` lines for running the engine")
    env.set_defaults(handler=_env)

    status = actions.add_parser("status", help="show where each engine program is and its version")
    status.set_defaults(handler=_status)


def _root(args: argparse.Namespace) -> Path:
    return paths.project_root(args.repo)


def _build(args: argparse.Namespace) -> int:
    root = _root(args)
    argv = ["bash", str(root / engine.BUILD_SCRIPT)]
    if args.force:
        argv.append("--force")
    # Output is inherited, not captured: the Go build runs for minutes and its progress lines matter.
    return subprocess.run(argv, cwd=root, check=False).returncode


def _env(args: argparse.Namespace) -> int:
    for key, value in engine.engine_env(_root(args)).items():
        sys.stdout.write(f"export {key}={shlex.quote(value)}\n")
    return 0


def _status(args: argparse.Namespace) -> int:
    from govcloud.engine import status  # noqa: PLC0415 - only this action reads build info

    root = _root(args)
    environ = engine.engine_environ(root)
    found = engine.find_engine(root, environ)
    version = engine.pinned_versions(root)["PULUMI_OPENSTACK_VERSION"]
    pieces = status.describe(found, Path(environ["PULUMI_HOME"]) / "plugins", version)
    for piece in pieces:
        where = str(piece.path) if piece.path else "-"
        sys.stdout.write(f"{piece.name:28} {piece.version:12} {piece.origin}\n{'':28} {where}\n")
    problems = [p.name for p in pieces if p.path is None or "DIFFERS" in p.origin]
    if problems:
        sys.stdout.write(f"not ready: {', '.join(problems)}; run {engine.BUILD_SCRIPT}\n")
        return 1
    return 0
