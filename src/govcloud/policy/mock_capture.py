"""Run a Pulumi program under mocks and print every resource it registers, as the analyzer would see it.

Used by ``govcloud review --offline`` and by the level-2 policy tests. It runs in its own process
(``python -m govcloud.policy.mock_capture``) because ``set_mocks`` and a module-level program can be set up
only once per process. Each record has the URN, type, name, parent, dependencies and property
dependencies the engine would send in ``AnalyzeStack``, and the props: the mock's outputs, which are
the program's inputs in camelCase wire names (numbers as floats) plus a few computed fields
(:mod:`govcloud.testing.mocks`, the one mock the stack tests run under too).

Example: python -m govcloud.policy.mock_capture --project-dir . --stack gov-portal --output resources.json
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import sys
from pathlib import Path
from typing import Any

import pulumi
import yaml
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from govcloud.policy import resource_types
from govcloud.testing.mocks import OpenStackMocks, RecordingMonitor


def _stack_config(project_dir: Path, project: str, stack: str) -> dict[str, str]:
    """``Pulumi.<stack>.yaml`` config as the runtime wants it (``project:key`` -> string)."""
    path = project_dir / f"Pulumi.{stack}.yaml"
    if not path.exists():
        return {}
    config = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("config", {}) or {}
    out: dict[str, str] = {}
    for key, value in config.items():
        full = key if ":" in key else f"{project}:{key}"
        if isinstance(value, dict) and "secure" in value:
            continue
        out[full] = value if isinstance(value, str) else json.dumps(value)
    return out


def project_settings(project_dir: Path) -> tuple[str, Path]:
    """The project's name and its program directory, from ``Pulumi.yaml`` (``name``, ``main``)."""
    document = yaml.safe_load((project_dir / "Pulumi.yaml").read_text(encoding="utf-8")) or {}
    return str(document["name"]), (project_dir / str(document.get("main") or ".")).resolve()


def capture(
    project_dir: Path, stack: str, extra_config: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Run the project's program for ``stack`` under mocks and return its resource records."""
    project, program = project_settings(project_dir)
    mocks = OpenStackMocks()
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False, monitor=monitor)
    pulumi.runtime.set_all_config({**_stack_config(project_dir, project, stack), **(extra_config or {})})
    sys.path.insert(0, str(program))
    os.chdir(project_dir)
    entry = program / "__main__.py" if program.is_dir() else program

    def program_main() -> None:
        runpy.run_path(str(entry), run_name="__main__")

    _sync_await(run_pulumi_func(program_main))
    # The mock monitor qualifies root resources' types with the stack's ("pulumi:pulumi:Stack$..."),
    # the engine does not; use the engine's URNs so waivers and reports match a real preview.
    text = json.dumps(monitor.records, default=str).replace(f"{resource_types.STACK}$", "")
    records: list[dict[str, Any]] = json.loads(text)
    return records


def main(argv: list[str] | None = None) -> int:
    """Write the records as JSON to ``--output`` (the program may print to stdout)."""
    parser = argparse.ArgumentParser(prog="python -m govcloud.policy.mock_capture")
    parser.add_argument("--project-dir", type=Path, required=True, help="directory with Pulumi.yaml")
    parser.add_argument("--stack", required=True)
    parser.add_argument("--config", default="{}", help="extra config: JSON object of 'project:key' -> string")
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    output = args.output.resolve()
    records = capture(args.project_dir.resolve(), args.stack, json.loads(args.config))
    output.write_text(json.dumps({"resources": records}, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
