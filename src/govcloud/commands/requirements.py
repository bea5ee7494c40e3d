"""``govcloud requirements``: the requirement register, each ID with its seeds, rules, tasks and tests.

``--format markdown`` is ``docs/requirements.md`` (generated: ``govcloud requirements --format
markdown > docs/requirements.md``; a test keeps the file up to date). Exit code 1 when an ID is
neither enforced nor explained, or a reason names an ID that is enforced now.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from govcloud.reports.requirement_register import build, markdown, problems
from govcloud.requirements import NOT_ENFORCED, REQUIREMENTS

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud requirements``."""
    parser = subparsers.add_parser(
        "requirements",
        help="the requirement register: every ID, its seed articles, and the rules, tasks and tests citing it",
        description="Print the requirement register. Example: govcloud requirements --format markdown",
    )
    parser.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the register in the chosen format; problems go to stderr."""
    entries = build()
    if args.format == "markdown":
        sys.stdout.write(markdown(entries))
    elif args.format == "json":
        rows = [
            {
                "id": entry.id,
                "title": {"zh": REQUIREMENTS[entry.id].title_zh, "en": REQUIREMENTS[entry.id].title},
                "seedArticles": REQUIREMENTS[entry.id].seeds,
                "enforcedBy": sorted(entry.enforcers),
                "testedBy": sorted(entry.tests),
                "enforced": entry.enforced,
                "reason": NOT_ENFORCED[entry.id]._asdict() if entry.id in NOT_ENFORCED else None,
            }
            for entry in entries.values()
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        for entry in entries.values():
            state = "enforced" if entry.enforced else "not enforced"
            sys.stdout.write(
                f"{entry.id:7} {state:13} {len(entry.enforcers):3} rule(s)/task(s) {len(entry.tests):3} "
                f"test file(s)  {REQUIREMENTS[entry.id].title_zh} / {REQUIREMENTS[entry.id].title}\n"
            )
    found = problems(entries)
    for problem in found:
        sys.stderr.write(f"govcloud requirements: {problem}\n")
    return 1 if found else 0
