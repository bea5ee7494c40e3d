"""``govcloud rules``: every rule with its id, requirement IDs, severity and seed article."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from govcloud.rules import all_request_rules

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``govcloud rules``."""
    parser = subparsers.add_parser(
        "rules",
        help="list every rule with requirement IDs and severity",
        description="List every admission rule. Example: govcloud rules --format json",
    )
    parser.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the rule list in the chosen format."""
    rules = all_request_rules()
    if args.format == "json":
        rows = [
            {
                "id": rule.id,
                "layer": "request",
                "severity": rule.severity.value,
                "requirements": list(rule.requirements),
                "seedArticles": rule.seed_articles,
                "title": rule.title._asdict(),
            }
            for rule in rules
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        print("| Rule | Layer | Severity | Requirements | Seed articles | Title |")
        print("|---|---|---|---|---|---|")
        for rule in rules:
            requirements = ", ".join(rule.requirements)
            title = f"{rule.title.zh} / {rule.title.en}"
            print(
                f"| `{rule.id}` | request | {rule.severity.value} | {requirements} | {rule.seed_articles} | {title} |"
            )
    else:
        for rule in rules:
            requirements = ",".join(rule.requirements)
            print(f"{rule.id:<42} request  {rule.severity.value:<8} {requirements:<16} {rule.title.en}")
    return 0
