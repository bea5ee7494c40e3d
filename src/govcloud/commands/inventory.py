"""``govcloud inventory``: write ``inventories/<stack>.yml`` from a tenant stack's outputs.

Example:
    govcloud inventory gov-portal
    govcloud inventory gov-portal --outputs tests/stacks/data/gov-portal.outputs.json

"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import engine, paths
from govcloud.errors import ExitCode
from govcloud.provisioning.inventory import load_outputs_file, read_stack_outputs, write_inventory

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``inventory STACK [--outputs FILE] [--dir DIR]``."""
    parser = subparsers.add_parser(
        "inventory", help="write the Ansible inventory of a tenant stack from its outputs"
    )
    parser.add_argument("stack", help="stack name (the system code, e.g. gov-portal)")
    parser.add_argument(
        "--outputs",
        type=Path,
        default=None,
        help="captured `pulumi stack output --json` file (default: ask the engine)",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where to write <stack>.yml (default: inventories/ in the checkout)",
    )
    parser.set_defaults(handler=_inventory)


def _inventory(args: argparse.Namespace) -> int:
    root = paths.project_root()
    directory: Path = args.dir if args.dir is not None else root / "inventories"
    if args.outputs is not None:
        outputs = load_outputs_file(args.outputs)
    else:
        pulumi = engine.find_engine(root).require("pulumi")
        outputs = read_stack_outputs(args.stack, pulumi, root, engine.engine_environ(root))
    target = write_inventory(outputs, args.stack, directory)
    sys.stdout.write(f"{target}\n")
    return ExitCode.OK
