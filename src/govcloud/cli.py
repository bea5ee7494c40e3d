"""The ``govcloud`` console script: a thin argparse front end over the library."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import TYPE_CHECKING

from govcloud.commands.validate import EXIT_UNUSABLE
from govcloud.paths import ProjectNotFoundError

if TYPE_CHECKING:
    from collections.abc import Sequence

# Each module registers its sub-commands; keep the list sorted.
COMMAND_MODULES: tuple[str, ...] = (
    "govcloud.commands.audit",
    "govcloud.commands.box",
    "govcloud.commands.catalogue",
    "govcloud.commands.engine",
    "govcloud.commands.harden",
    "govcloud.commands.hosts",
    "govcloud.commands.inventory",
    "govcloud.commands.lifecycle",
    "govcloud.commands.lifecycle_reports",
    "govcloud.commands.provision",
    "govcloud.commands.requirements",
    "govcloud.commands.review",
    "govcloud.commands.rules",
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        result: int = args.handler(args)
    except ProjectNotFoundError as error:  # a per-project command run outside any project
        sys.stderr.write(f"govcloud {args.command}: {error.text.joined()}\n")
        return EXIT_UNUSABLE
    return result


if __name__ == "__main__":
    sys.exit(main())
