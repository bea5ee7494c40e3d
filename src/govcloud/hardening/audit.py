"""Replay the compliance suite over SSH and write JUnit XML, SM3-digested JSON evidence and HTML.

Hosts are split over ``jobs`` pytest processes (each keeps one SSH master connection per host), their
per-check lines merged, waivers applied, then every output is written from that one list of results.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.hardening import evidence, html_report, junit
from govcloud.hardening.errors import HardeningInputError
from govcloud.hardening.waivers import Waiver, apply_waivers

if TYPE_CHECKING:
    from govcloud.hardening.job import Job

PLUGIN = "govcloud.hardening.pytest_plugin"
SUITE_TIMEOUT_S = 1800
PYTEST_OK = (0, 1, 5)  # all passed, some failed, nothing collected
# The suite uses testinfra as a library and no Hypothesis: not loading their plugins saves ~30% CPU.
UNUSED_PLUGINS = ("-p", "no:pytest11.testinfra", "-p", "no:hypothesispytest")


@dataclass(frozen=True)
class AuditOutputs:
    """Where the outputs went and what they say."""

    junit: Path
    evidence: Path
    html: Path
    summary: dict[str, Any]
    seconds: float
    digest: str


def suite_dir() -> Path:
    """The compliance suite of the checkout."""
    return paths.project_root() / "tests" / "compliance"


def run_audit(job: Job, waivers: list[Waiver], today: date, jobs: int) -> AuditOutputs:
    """Run every check on every host, apply the waivers, write the three outputs."""
    out_dir = job.audit_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    started, clock = _now(), time.monotonic()
    names = [t.name for t in job.targets]
    groups = [names[i :: max(1, jobs)] for i in range(min(max(1, jobs), len(names)))]
    with tempfile.TemporaryDirectory(prefix="govcloud-audit-") as scratch:
        extra = Path(scratch) / "extravars.json"
        extra.write_text(json.dumps(dict(job.extravars)), encoding="utf-8")
        procs = [
            _start(job, extra, Path(scratch) / f"results-{n}.jsonl", group) for n, group in enumerate(groups)
        ]
        results: list[dict[str, Any]] = []
        round_trips = 0
        for n, proc in enumerate(procs):
            stdout, _ = proc.communicate(timeout=SUITE_TIMEOUT_S)
            if proc.returncode not in PYTEST_OK:
                raise HardeningInputError(
                    str(job.inventory),
                    "(suite)",
                    "SEC-7",
                    Text(
                        f"测评套件无法运行：{stdout[-400:]}",
                        f"the compliance suite could not run: {stdout[-400:]}",
                    ),
                )
            lines = (Path(scratch) / f"results-{n}.jsonl").read_text(encoding="utf-8").splitlines()
            rows = [json.loads(line) for line in lines if line]
            results += [row for row in rows if "result" in row]
            round_trips += sum(row["round_trips"] for row in rows if "round_trips" in row)
    results.sort(key=lambda r: (r["host"], r["requirement"], r["clause"], r["test_id"]))
    apply_waivers(results, waivers, today)
    meta = {
        "stack": job.stack,
        "inventory": str(job.inventory),
        "authorisation": dict(job.authorisation),
        "started": started,
        "finished": _now(),
        "waivers": [w.to_json() for w in waivers],
        "last_harden": _last_harden(out_dir),
        "processes": len(groups),
        "cached_reads": round_trips,
    }
    document = evidence.build(meta, results)
    outputs = AuditOutputs(
        out_dir / "junit.xml",
        out_dir / "evidence.json",
        out_dir / "report.html",
        document["summary"],
        time.monotonic() - clock,
        "",
    )
    digest = evidence.write(document, outputs.evidence)
    junit.write(job.stack, results, outputs.junit)
    html_report.write(document, outputs.html)
    return AuditOutputs(
        outputs.junit, outputs.evidence, outputs.html, outputs.summary, outputs.seconds, digest
    )


def _start(job: Job, extravars: Path, results: Path, hosts: list[str]) -> subprocess.Popen[str]:
    argv = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        PLUGIN,
        str(suite_dir()),
        "-q",
        "--no-header",
        *UNUSED_PLUGINS,
        "--rootdir",
        str(paths.project_root()),
        "--govcloud-inventory",
        str(job.inventory.resolve()),
        "--govcloud-extravars",
        str(extravars),
        "--govcloud-results",
        str(results),
        "--govcloud-hosts",
        ",".join(hosts),
        *job.connection.to_argv(),
    ]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        argv, cwd=paths.project_root(), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _last_harden(audit_dir: Path) -> dict[str, Any] | None:
    """The newest harden run kept beside the audit: its id, status and changes (what was applied)."""
    runs = sorted((audit_dir / "harden").glob("*/summary.json"))
    if not runs:
        return None
    summary = json.loads(runs[-1].read_text(encoding="utf-8"))
    return {"run": runs[-1].parent.name, "status": summary["status"], "changed": summary["changed"]}


def _now() -> str:
    return datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
