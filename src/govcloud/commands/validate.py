"""``govcloud validate``: admission of request files (schema, then rules with the catalogue)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.admission.admit import admit_file, fails
from govcloud.admission.findings import Severity
from govcloud.admission.rules import all_request_rules
from govcloud.bilingual import Text
from govcloud.commands.common import with_catalogue, write_output
from govcloud.errors import ExitCode, GovcloudError
from govcloud.reports import RENDERERS, render

if TYPE_CHECKING:
    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers

_SUFFIXES = (".yaml", ".yml", ".json")


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud validate``."""
    parser = subparsers.add_parser(
        "validate",
        help="check tenant requests against the schema and the admission rules",
        description=(
            "Check tenant requests (申请) against the request schema and every admission rule.\n\n"
            "Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 unusable input "
            "(unreadable, malformed, too large or too deep, aliases) or a broken catalogue.\n\n"
            "Example: govcloud validate requests/examples/ --format sarif --output admission.sarif"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="FILE", help="request files, or folders of them"
    )
    parser.add_argument(
        "--format", choices=sorted(RENDERERS), default="text", help="report format (default: text)"
    )
    parser.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="exit 0 when the paths hold no request file (default: that is unusable input, exit 2)",
    )
    parser.add_argument(
        "--fail-on",
        choices=[severity.value for severity in Severity],
        default=Severity.WARNING.value,
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    with_catalogue(parser, run)


def expand(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Each request file with the tree it is checked in (a folder's entries in it, a named file in the cwd).

    Folders are not recursed into. A folder's entries are listed by name only, whatever they are (a pipe named ``x.yaml`` included), so
    the loader refuses what is not a regular file instead of the listing hiding it.
    """
    files: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            entries = (child for child in path.iterdir() if child.suffix in _SUFFIXES)
            files.extend(
                (child, path) for child in sorted(entries) if not child.is_dir() or child.is_symlink()
            )
        else:
            files.append((path, Path.cwd()))
    return files


def run(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Validate every file and report; input files are only read."""
    files = expand(args.paths)
    if not files and not args.allow_empty:
        names = ", ".join(str(path) for path in args.paths)
        text = Text(
            f"没有可检查的申请文件（.yaml/.yml/.json）：{names}；确无文件时用 --allow-empty",
            f"no request file (.yaml, .yml, .json) in {names}: nothing was checked "
            "(pass --allow-empty when that is expected)",
        )
        raise GovcloudError("request-files-found", text)
    results = [admit_file(path, catalogue, _display(path), root=root) for path, root in files]
    write_output(render(args.format, results, all_request_rules()), args.output)
    if any(result.error is not None for result in results):
        return ExitCode.UNUSABLE
    threshold = Severity(args.fail_on)
    return ExitCode.VIOLATIONS if any(fails(result, threshold) for result in results) else ExitCode.OK


def _display(path: Path) -> str:
    """The path as named (links not followed), relative to the working directory when possible.

    SARIF wants repository-relative URIs, and a reviewer wants the file the pull request added, not
    where a link of it leads.
    """
    named = Path(os.path.abspath(path))  # noqa: PTH100 - normalised without following links
    return named.relative_to(Path.cwd()).as_posix() if named.is_relative_to(Path.cwd()) else path.as_posix()
