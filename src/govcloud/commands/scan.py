"""``govcloud scan``: the segmentation test before go-live, from inside every host of a stack (LC-7, SEC-4).

Example::

    govcloud scan gov-portal --ssh-config /var/lib/govcloud-box/standins/ssh_config
    govcloud record REQ-2026-0042 live --evidence penetrationTest=reports/gov-portal/audit/exposure.json ...

From each host, every other host's declared and commonly attacked TCP ports are tried; what is reachable
must be exactly what the request declares from the source's tier. Writes ``reports/<stack>/audit/
exposure.json`` (+ ``.sm3``), in the audit's evidence format. Logging in needs the tenant's written
authorisation of ``audit`` (SEC-5). Exit codes: 0 reachability as declared, 1 a finding or a host not
reached, 2 unusable input (nothing was run).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from govcloud.errors import ExitCode
from govcloud.hardening import evidence, exposure, job
from govcloud.hardening.exposure import ssh_runner

if TYPE_CHECKING:
    import argparse

    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``scan STACK``."""
    parser = subparsers.add_parser(
        "scan",
        help="from every host, try every other host's ports: reachable exactly as declared (LC-7, SEC-4)",
    )
    job.add_options(parser)
    parser.set_defaults(handler=_scan)


def _scan(args: argparse.Namespace) -> int:
    resolved = job.resolve(args, "audit")
    print(f"== scan {resolved.stack}: {len(resolved.targets)} host(s), each probing the others", flush=True)
    print(job.authorised_line(resolved), flush=True)
    started = time.monotonic()
    rows = exposure.scan(resolved.targets, ssh_runner(resolved.connection))
    meta = {"kind": "exposure-scan", "stack": resolved.stack, "authorisation": dict(resolved.authorisation)}
    document = evidence.build(meta, rows)
    path = resolved.audit_dir / "exposure.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = evidence.write(document, path)
    failed = [row for row in rows if row["result"] == "failed"]
    for row in failed:
        print(f"   FAILED {row['test_id']}: {row['output']}")
    reachable = sum(1 for row in rows if row["state"] in (exposure.OPEN, exposure.CLOSED))
    print(
        f"== {len(rows)} probe(s) in {time.monotonic() - started:.1f}s: {reachable} reachable, "
        f"{len(failed)} finding(s)\n   {path} (SM3 {digest})"
    )
    if failed:
        print(
            f"govcloud scan: 可达性与申请声明不符 / reachability differs from the declared flows: {len(failed)} probe(s)",
            file=sys.stderr,
        )
        return ExitCode.VIOLATIONS
    return ExitCode.OK
