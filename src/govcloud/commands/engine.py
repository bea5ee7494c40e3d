"""``govcloud engine``: build the Pulumi engine from source, show its environment and status."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import engine

if TYPE_CHECKING:
    import argparse

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]  # noqa: SLF001 - argparse exposes no public name


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
    repo: Path | None = args.repo
    return repo.resolve() if repo is not None else engine.find_repo_root()


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
    root = _root(args)
    found = engine.find_engine(root, engine.engine_environ(root))
    for name, path in found.binaries.items():
        if path is None:
            sys.stdout.write(f"{name:32} missing\n")
        else:
            sys.stdout.write(f"{name:32} {engine.binary_version(name, path):24} {path}\n")
    if found.missing:
        sys.stdout.write(f"missing: {', '.join(found.missing)}; run {engine.BUILD_SCRIPT}\n")
        return 1
    return 0
