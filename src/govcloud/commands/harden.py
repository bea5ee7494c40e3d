"""``govcloud harden``: apply the 等保2.0 level-3 host baseline to every host of a stack.

Example::

    govcloud harden gov-portal --ssh-config /var/lib/govcloud-box/standins/ssh_config
    govcloud harden gov-portal --vars playbooks/environments/netns-hosts.yml   # hosts without init or repository
    govcloud harden gov-portal --limit gov-portal-web-1 --tags ssh,audit   # one host, two concerns
    govcloud harden gov-portal --canary gov-portal-web-2   # this host first, instead of the sorted first

The canary is hardened first and must prove a fresh login and its tier's listening services before
any other host is touched (``govcloud.hardening.canary``). Progress is streamed per task (hosts changed
or failed, running counts); each run's job events and ``summary.json`` stay in
``reports/<stack>/audit/harden/<run>/``. Exit codes: 0 every host hardened, 1 a host failed or could
not be reached (a failed canary: ``harden-canary-passed``, the other hosts untouched), 2 unusable
input (nothing was run).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from govcloud.errors import ExitCode
from govcloud.hardening import job
from govcloud.hardening.harden import Progress, run_harden

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``harden STACK``."""
    parser = subparsers.add_parser(
        "harden", help="harden a stack's hosts to GB/T 22239-2019 level 3 (ansible-runner)"
    )
    job.add_options(parser)
    parser.add_argument("--limit", default=None, help="only these hosts (an Ansible host pattern)")
    parser.add_argument("--forks", type=int, default=10, help="hosts worked on at once (default 10)")
    parser.add_argument(
        "--tags", default=None, help="only these concerns (comma-separated role tags, e.g. ssh,audit)"
    )
    parser.add_argument(
        "--canary",
        default=None,
        metavar="HOST",
        help="the host hardened and proved first (default: the first of the run's hosts in sorted order)",
    )
    parser.set_defaults(handler=_harden)


def _harden(args: argparse.Namespace) -> int:
    resolved = job.resolve(args, "harden")
    print(
        f"== harden {resolved.stack}: {len(resolved.targets)} host(s) from {resolved.inventory}", flush=True
    )
    print(job.authorised_line(resolved), flush=True)
    progress = Progress(lambda line: print(line, flush=True))
    run = run_harden(resolved, progress, forks=args.forks, tags=args.tags)
    for host, counts in run.hosts.items():
        print(
            f"   {host:24} ok={counts['ok']} changed={counts['changed']} failed={counts['failures']} "
            f"unreachable={counts['dark']} skipped={counts['skipped']}"
        )
    for host in run.verdict.untouched:
        print(f"   {host:24} untouched")
    print(run.verdict.line())
    verdict = "ok" if run.ok else "FAILED"
    print(
        f"== {verdict}: {run.changed} change(s) in {run.seconds:.1f}s ({progress.line()}); "
        f"job events in {run.run_dir}"
    )
    if run.verdict.stopped_the_run:
        raise run.verdict.error()
    if not run.ok:
        failed = ", ".join(run.failed_hosts) or f"ansible-runner status {run.status} rc {run.rc}"
        print(f"govcloud harden: 加固失败 / hardening failed: {failed}", file=sys.stderr)
        return ExitCode.VIOLATIONS
    return ExitCode.OK
