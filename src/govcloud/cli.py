"""The ``govcloud`` console script: a thin argparse front end over the library.

``main`` is the one place where an error becomes the process's exit: a ``GovcloudError`` is printed as
``govcloud <command>: <zh> / <en> [<code>]`` (and its detail lines) with no traceback, and its class
gives the exit code. Any other exception is a bug and keeps its traceback, so it is seen and fixed
rather than passed off as a user's mistake.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import TYPE_CHECKING

from govcloud.errors import GovcloudError

if TYPE_CHECKING:
    from collections.abc import Sequence

# Each module registers its sub-commands; keep the list sorted.
COMMAND_MODULES: tuple[str, ...] = (
    "govcloud.commands.audit",
    "govcloud.commands.backup",
    "govcloud.commands.box",
    "govcloud.commands.catalogue",
    "govcloud.commands.decommission",
    "govcloud.commands.drift",
    "govcloud.commands.engine",
    "govcloud.commands.harden",
    "govcloud.commands.hosts",
    "govcloud.commands.incident",
    "govcloud.commands.inventory",
    "govcloud.commands.lifecycle",
    "govcloud.commands.lifecycle_reports",
    "govcloud.commands.maintenance",
    "govcloud.commands.provision",
    "govcloud.commands.report",
    "govcloud.commands.requirements",
    "govcloud.commands.review",
    "govcloud.commands.rules",
    "govcloud.commands.scan",
    "govcloud.commands.suspension",
    "govcloud.commands.validate",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every registered command group."""
    parser = argparse.ArgumentParser(
        prog="govcloud",
        description="Government-cloud (政务云) catalogue, admission, provisioning and audit tool.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def report(command: str, error: GovcloudError) -> int:
    """Print ``error`` for a person and return the exit code its class stands for."""
    lines = [f"govcloud {command}: {error.message()}", *(f"  {detail}" for detail in error.details)]
    sys.stderr.write("\n".join(lines) + "\n")
    return int(error.exit_code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        result: int = args.handler(args)
    except GovcloudError as error:
        return report(args.command, error)
    return result


if __name__ == "__main__":
    sys.exit(main())
