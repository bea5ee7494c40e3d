"""Pieces several commands share: the catalogue option, catalogue errors, report output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import paths
from govcloud.admission.findings import format_path
from govcloud.files import write_atomic

if TYPE_CHECKING:
    import argparse

    from govcloud.catalogue.model import CatalogueError


def catalogue_argument(parser: argparse.ArgumentParser) -> None:
    """``--catalogue PATH``, defaulting to the project's catalogue."""
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=paths.default_catalogue_path(),
        help="service catalogue file (default: catalog/catalogue.yaml)",
    )


def print_catalogue_error(error: CatalogueError) -> None:
    """Every catalogue error on stderr, bilingual, with its field path."""
    print(f"{error.source}: 服务目录无效 / the catalogue is invalid", file=sys.stderr)
    for item in error.errors:
        requirements = ", ".join(item.requirements) or "CAT-2"
        print(
            f"  {format_path(item.path)} [{requirements}]: {item.message.zh} / {item.message.en}",
            file=sys.stderr,
        )


def write_output(report: str, output: Path | None) -> None:
    """Print the report, or replace ``output`` atomically so a failed run never leaves half a file."""
    if output is None:
        sys.stdout.write(report)
    else:
        write_atomic(output, report)
