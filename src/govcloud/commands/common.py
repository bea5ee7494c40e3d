"""Pieces several commands share: the catalogue option, catalogue errors, report output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
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
    """A catalogue error on stderr as ``govcloud.cli.main`` prints it, for commands that go on after one."""
    print(error.message(), *(f"  {detail}" for detail in error.details), sep="\n", file=sys.stderr)


def write_output(report: str, output: Path | None) -> None:
    """Print the report, or replace ``output`` atomically so a failed run never leaves half a file."""
    if output is None:
        sys.stdout.write(report)
        return
    try:
        write_atomic(output, report)
    except OSError as exc:  # a folder of that name, no permission, a full disk: nothing was replaced
        text = Text(
            f"无法写入输出文件（{exc.strerror}）", f"the output file cannot be written ({exc.strerror})"
        )
        raise GovcloudError("output-writable", text, where=str(output)) from exc
