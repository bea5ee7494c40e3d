"""``govcloud review``: the policy pack's findings as SARIF, Markdown, JSON or text, with waiver state.

Two sources. ``--event-log FILE`` reads a real engine run (``pulumi preview --policy-pack policies
--event-log FILE``, or the streaming ``--json`` output). ``--stack NAME --offline`` runs the stack
program under Pulumi mocks and the real pack in the real analyzer over gRPC — labelled offline, since
it is not the engine. ``--write-config FILE`` writes the per-stack pack config that
``pulumi preview --policy-pack-config FILE`` needs (both paths use the same file).

Exit codes: 0 no unwaived mandatory violation; 1 at least one; 2 unusable input (event log, waivers,
config, or a stack program that fails under mocks).

Example: govcloud review --stack gov-portal --offline --format markdown
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.commands.common import write_output
from govcloud.errors import ExitCode, GovcloudError

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers
    from govcloud.policy.findings import Review


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud review``."""
    parser = subparsers.add_parser(
        "review",
        help="policy-pack review report (SARIF/Markdown/JSON) from an engine event log or offline",
        description=(
            "Report CrossGuard findings with severity, requirement IDs and waiver state. "
            "Exit 0: no unwaived mandatory violation; 1: some; 2: unusable input. "
            "Example: govcloud review --event-log preview.jsonl --format sarif --output policy.sarif"
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--event-log", type=Path, help="engine event log (pulumi preview --event-log FILE)")
    source.add_argument("--stack", help="stack name (with --offline, or with --write-config)")
    parser.add_argument(
        "--offline", action="store_true", help="run the program under mocks and the real pack"
    )
    parser.add_argument(
        "--project-dir", type=Path, help="directory with Pulumi.yaml (default: found from the cwd)"
    )
    parser.add_argument("--pack", type=Path, help="policy pack directory (default: <project>/policies)")
    parser.add_argument(
        "--policy-config", type=Path, help="pack config JSON (default: generated from the request)"
    )
    parser.add_argument("--write-config", type=Path, help="write the stack's generated pack config and exit")
    parser.add_argument("--waivers", type=Path, help="waiver file (default: <pack>/waivers.yaml if present)")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="date for waiver expiry (YYYY-MM-DD)"
    )
    parser.add_argument("--format", choices=["sarif", "markdown", "json", "text"], default="text")
    parser.add_argument("--output", type=Path, help="write the report here instead of stdout")
    parser.set_defaults(handler=run)


def _usage(option: str, zh: str, en: str) -> GovcloudError:
    """Options that do not go together: nothing is read or written."""
    return GovcloudError("review-options", Text(zh, en), where=option)


def run(args: argparse.Namespace) -> int:
    """Build the review, apply waivers, render, and map the result to an exit code."""
    from govcloud.policy import config as policy_config  # noqa: PLC0415 - keep `govcloud --help` fast

    if args.write_config is not None:
        if not args.stack:
            raise _usage("--write-config", "需要 --stack", "needs --stack")
        config = policy_config.for_stack(paths.project_root(args.project_dir), args.stack)
        write_output(json.dumps(config, ensure_ascii=False, indent=2) + "\n", args.write_config)
        return ExitCode.OK
    review = _review(args)
    _apply_waivers(args, review)
    from govcloud.reports.policy import RENDERERS  # noqa: PLC0415

    write_output(RENDERERS[args.format](review), args.output)
    return ExitCode.VIOLATIONS if review.blocking else ExitCode.OK


def _pack(args: argparse.Namespace) -> Path:
    """The policy pack: ``--pack``, else the project's ``policies/`` (looked up only when needed)."""
    pack: Path = args.pack or paths.project_root(args.project_dir) / "policies"
    return pack.resolve()


def _review(args: argparse.Namespace) -> Review:
    from govcloud.engine import events as engine_events  # noqa: PLC0415
    from govcloud.policy import config as policy_config  # noqa: PLC0415
    from govcloud.policy import offline as offline_review  # noqa: PLC0415

    if args.event_log is not None:
        return engine_events.load(args.event_log)
    if not args.offline:
        raise _usage(
            "--stack",
            "需要 --offline（此处没有引擎）或 --write-config",
            "needs --offline (the engine is not available here) or --write-config",
        )
    from govcloud.provisioning import settings as stack_settings  # noqa: PLC0415

    project = paths.project_root(args.project_dir)
    document: dict[str, Any] = (
        policy_config.load(args.policy_config)
        if args.policy_config
        else policy_config.for_stack(project, args.stack)
    )
    records = offline_review.capture(project, args.stack)
    review, timings = offline_review.analyze_records(
        _pack(args),
        records,
        policy_config.effective(document),
        project=stack_settings.project_name(project),
        stack=args.stack,
        source=f"stack {args.stack} (offline)",
    )
    review.notes.append(f"timings: {json.dumps(timings)}")
    return review


def _apply_waivers(args: argparse.Namespace, review: Review) -> None:
    from govcloud.policy import waivers  # noqa: PLC0415
    from govcloud.policy.findings import apply_waivers  # noqa: PLC0415

    path = args.waivers or (_pack(args) / "waivers.yaml")
    loaded = waivers.load(path) if path.exists() or args.waivers else []
    apply_waivers(review, loaded, args.today or date.today())  # noqa: DTZ011 - waivers expire by local calendar date
