"""Offline review: the real pack in the real analyzer, over the stack program's resources under mocks.

Without the engine there is no ``pulumi preview``. This path still exercises everything that does not
need one: the stack program runs for real (under Pulumi mocks, in its own process), the pack runs as
the engine runs it (``python -u -m pulumi.policy`` over gRPC on 127.0.0.1), configured with the same
per-stack config ``pulumi preview --policy-pack-config`` would get. Reports label it as offline:
it is not a substitute for the engine (no provider, no diff, no real unknowns).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.engine.events import strip_description
from govcloud.errors import GovcloudError
from govcloud.policy.analyzer import LEVEL_NAMES, SEVERITY_NAMES, Analyzer
from govcloud.policy.findings import PolicyFinding, Review
from govcloud.policy.metadata import ADVISORY, counted_as

if TYPE_CHECKING:
    from collections.abc import Mapping

_PREVIEW_SKIP = "during preview"


def capture(project_dir: Path, stack: str, timeout: float = 120.0) -> list[dict[str, Any]]:
    """Run ``python -m govcloud.policy.mock_capture`` in a fresh process and return its records."""
    with tempfile.TemporaryDirectory(prefix="govcloud-capture-") as scratch:
        output = Path(scratch) / "resources.json"
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "govcloud.policy.mock_capture",
                "--project-dir",
                str(project_dir),
                "--stack",
                stack,
                "--output",
                str(output),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if completed.returncode != 0 or not output.exists():
            tail = (completed.stderr or completed.stdout).strip()[-3000:]
            text = Text(
                f"栈程序在模拟下未能运行（退出码 {completed.returncode}）",
                f"the stack program failed under mocks (exit {completed.returncode})",
            )
            raise GovcloudError(
                "stack-program-runs", text, where=f"stack {stack}", details=tuple(tail.splitlines())
            )
        records: list[dict[str, Any]] = json.loads(output.read_text(encoding="utf-8"))["resources"]
        return records


def _findings(response: Any, urn: str, review: Review) -> None:
    for diagnostic in response.diagnostics:
        level = LEVEL_NAMES.get(diagnostic.enforcementLevel, ADVISORY)
        if (
            level == ADVISORY
            and _PREVIEW_SKIP in diagnostic.message
            and "can't run policy" in diagnostic.message
        ):
            review.skipped.append(f"{diagnostic.policyName} on {urn or '(stack)'}: {diagnostic.message}")
            continue
        review.findings.append(
            PolicyFinding(
                policy=diagnostic.policyName,
                pack=diagnostic.policyPackName,
                urn=diagnostic.urn or urn,
                message=strip_description(diagnostic.policyName, diagnostic.message),
                enforcement=counted_as(level) or level,
                severity=SEVERITY_NAMES.get(diagnostic.severity, ""),
            )
        )
    for item in response.not_applicable:
        review.not_applicable[item.policy_name] = item.reason


def analyze_records(  # noqa: PLR0913 - keyword-only options
    pack_dir: Path,
    records: list[dict[str, Any]],
    effective: Mapping[str, tuple[str, Mapping[str, Any]]],
    *,
    project: str,
    stack: str,
    source: str,
) -> tuple[Review, dict[str, float]]:
    """Configure the pack, analyze every custom resource, then the stack; return findings and timings."""
    review = Review(source=source, mode="offline", resources=len(records))
    with Analyzer(pack_dir, project=project, stack=stack) as analyzer:
        analyzer.configure(effective)
        started = time.monotonic()
        custom = [record for record in records if record.get("custom", True)]
        for record in custom:
            _findings(
                analyzer.analyze(record["type"], record["name"], record["urn"], record["props"]),
                record["urn"],
                review,
            )
        per_resource = (time.monotonic() - started) / max(len(custom), 1)
        started = time.monotonic()
        _findings(analyzer.analyze_stack(records), "", review)
        timings = {
            "analyzerStartupSeconds": round(analyzer.startup_seconds, 3),
            "analyzePerResourceMs": round(per_resource * 1000, 2),
            "analyzeStackMs": round((time.monotonic() - started) * 1000, 2),
        }
    return review, timings
