"""``govcloud validate``: admission of request files (schema, then rules with the catalogue)."""

from __future__ import annotations

import argparse
from pathlib import Path

from govcloud.admission import admit_file, fails
from govcloud.catalogue import CatalogueError, load_catalogue
from govcloud.commands.common import catalogue_argument, print_catalogue_error, write_output
from govcloud.findings import Severity
from govcloud.reports import RENDERERS, render
from govcloud.rules import all_request_rules

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
_SUFFIXES = (".yaml", ".yml", ".json")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    catalogue_argument(parser)
    parser.add_argument(
        "--format", choices=sorted(RENDERERS), default="text", help="report format (default: text)"
    )
    parser.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    parser.add_argument(
        "--fail-on",
        choices=[severity.value for severity in Severity],
        default=Severity.WARNING.value,
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    parser.set_defaults(handler=run)


def expand(paths: list[Path]) -> list[Path]:
    """Folders become their request files (not recursive); files are kept as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(child for child in path.iterdir() if child.suffix in _SUFFIXES and child.is_file())
            )
        else:
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    """Validate every file and report; input files are only read."""
    try:
        catalogue = load_catalogue(args.catalogue)
    except CatalogueError as error:
        print_catalogue_error(error)
        return EXIT_UNUSABLE
    results = [admit_file(path, catalogue, _display(path)) for path in expand(args.paths)]
    write_output(render(args.format, results, all_request_rules()), args.output)
    if any(result.error is not None for result in results):
        return EXIT_UNUSABLE
    threshold = Severity(args.fail_on)
    return EXIT_FINDINGS if any(fails(result, threshold) for result in results) else EXIT_CLEAN


def _display(path: Path) -> str:
    """Paths relative to the working directory when possible: SARIF wants repository-relative URIs."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
