"""``govcloud audit``: replay the 等保2.0 level-3 checks on a stack's hosts for an auditor.

Example::

    govcloud audit gov-portal --ssh-config /var/lib/govcloud-box/standins/ssh_config
    govcloud audit gov-portal --vars playbooks/environments/netns-hosts.yml   # hosts without init or repository
    govcloud audit gov-portal --waivers playbooks/waivers/gov-portal.yml --jobs 4
    govcloud audit gov-portal --verify     # the SM3 digests of reports/gov-portal/audit/evidence.json

Writes ``reports/<stack>/audit/junit.xml``, ``evidence.json`` (+ ``evidence.json.sm3``) and
``report.html``. Exit codes: 0 every check passed, waived or not applicable; 1 a check failed
(an expired waiver counts as failed); 2 unusable input (nothing was checked).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.errors import ExitCode
from govcloud.hardening import evidence, job
from govcloud.hardening.audit import run_audit
from govcloud.hardening.errors import HardeningInputError
from govcloud.hardening.waivers import load_waivers

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``audit STACK``."""
    parser = subparsers.add_parser(
        "audit", help="replay the GB/T 22239-2019 level-3 host checks: JUnit, SM3-digested evidence, HTML"
    )
    job.add_options(parser)
    parser.add_argument(
        "--waivers",
        type=Path,
        default=None,
        help="HardeningWaivers file (default: playbooks/waivers/<stack>.yml if any)",
    )
    parser.add_argument("--jobs", type=int, default=4, help="pytest processes sharing the hosts (default 4)")
    parser.add_argument(
        "--verify", action="store_true", help="only check the SM3 digests of the stack's last evidence.json"
    )
    parser.set_defaults(handler=_audit)


def _verify(reports: Path) -> int:
    """Both SM3 digests of an evidence file: 0 intact, 1 changed, 2 missing or not JSON."""
    path = reports / "audit" / "evidence.json"
    try:
        problems = evidence.verify(path)
    except (OSError, ValueError) as exc:  # missing, unreadable or not JSON: becomes unusable input
        text = Text(f"证据文件无法读取：{exc}", f"the evidence cannot be read: {exc}")
        raise HardeningInputError(str(path), "(document)", "SEC-7", text) from exc
    for problem in problems:
        print(f"govcloud audit: {problem} [SEC-6]: 证据已被改动 / the evidence was changed", file=sys.stderr)
    if not problems:
        print(f"{path}: SM3 digests match (document and file)")
    return ExitCode.VIOLATIONS if problems else ExitCode.OK


def _audit(args: argparse.Namespace) -> int:
    if args.verify:
        return _verify(args.reports or paths.project_root() / "reports" / args.stack)
    default_waivers = paths.project_root() / "playbooks" / "waivers" / f"{args.stack}.yml"
    waivers_file: Path | None = args.waivers or (default_waivers if default_waivers.is_file() else None)
    waivers = load_waivers(waivers_file) if waivers_file is not None else []
    resolved = job.resolve(args, "audit")
    today = datetime.now(tz=UTC).astimezone().date()
    print(f"== audit {resolved.stack}: {len(resolved.targets)} host(s), {len(waivers)} waiver(s)", flush=True)
    print(job.authorised_line(resolved), flush=True)
    outputs = run_audit(resolved, waivers, today, max(1, args.jobs))
    total = outputs.summary["total"]
    for req, counts in outputs.summary["by_requirement"].items():
        print(
            f"   {req:7} {counts['checks']:4} checks: {counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['waived']} waived, {counts['not_applicable']} not applicable"
        )
    rate = total["checks"] / outputs.seconds if outputs.seconds else 0.0
    print(
        f"== {total['checks']} checks on {total['hosts']} host(s) in {outputs.seconds:.1f}s ({rate:.0f}/s): "
        f"{total['passed']} passed, {total['failed']} failed, {total['waived']} waived, "
        f"{total['not_applicable']} not applicable"
    )
    print(f"   {outputs.junit}\n   {outputs.evidence} (SM3 {outputs.digest})\n   {outputs.html}")
    if total["failed"]:
        failed = sorted({f"{r}" for r, c in outputs.summary["by_requirement"].items() if c["failed"]})
        print(
            f"govcloud audit: 不符合 / not compliant: failed checks under {', '.join(failed)}",
            file=sys.stderr,
        )
        return ExitCode.VIOLATIONS
    return ExitCode.OK
