"""Run a Pulumi program under mocks and print every resource it registers, as the analyzer would see it.

Used by ``govcloud review --offline`` and by the level-2 policy tests. It runs in its own process
(``python -m govcloud.policy.mock_capture``) because ``set_mocks`` and a module-level program can be set up
only once per process. Each record has the URN, type, name, parent, dependencies and property
dependencies the engine would send in ``AnalyzeStack``, and the props: the mock's outputs, which are
the program's inputs in camelCase wire names (numbers as floats) plus a few computed fields.

Example: python -m govcloud.policy.mock_capture --project-dir . --stack gov-portal --output resources.json
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import runpy
import sys
import threading
import zlib
from pathlib import Path
from typing import Any

import pulumi
import yaml
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

_DOC_NET = ipaddress.ip_network("192.0.2.0/24")  # TEST-NET-1: private addresses of the capture
_FIP_NET = ipaddress.ip_network("203.0.113.0/24")  # TEST-NET-3: stands in for the public pool
GET_NETWORK = "openstack:networking/getNetwork:getNetwork"


class _Mocks(pulumi.runtime.Mocks):
    """Inputs come back as outputs; ids are ``<name>_id``; what OpenStack computes gets test addresses."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        outputs = dict(args.inputs)
        # Derived from the name, not from registration order: the engine registers concurrently, and
        # a capture must be the same every time for reviews and waivers to be reproducible.
        host = 10 + zlib.crc32(args.name.encode()) % 240
        if args.typ == "openstack:networking/port:Port":
            outputs.setdefault("allFixedIps", [str(_DOC_NET[host])])
        elif args.typ == "openstack:compute/instance:Instance":
            outputs.setdefault("accessIpV4", str(_DOC_NET[host]))
        elif args.typ == "openstack:networking/floatingIp:FloatingIp":
            outputs.setdefault("address", str(_FIP_NET[host]))
        return f"{args.name}_id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        if args.token == GET_NETWORK:
            name = str(args.args.get("name", "external"))
            return {"id": f"{name}-net-id", "name": name, "external": True}, []
        return {}, []


class CapturingMonitor(MockMonitor):
    """The mock monitor, also recording what the engine would know about each registration."""

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        """Start with no records."""
        super().__init__(mocks)
        self.records: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        """Register through the mocks, then record the registration."""
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == "pulumi:pulumi:Stack":
            return response
        registration = self.resources.get(response.urn)
        record = {
            "urn": response.urn,
            "type": request.type,
            "name": request.name,
            "custom": bool(request.custom),
            "parent": request.parent,
            "dependencies": list(request.dependencies),
            "propertyDependencies": {
                key: list(value.urns) for key, value in request.propertyDependencies.items()
            },
            "props": registration.state if registration is not None else {},
        }
        with self._lock:
            self.records.append(record)
        return response


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
    mocks = _Mocks()
    monitor = CapturingMonitor(mocks)
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
    text = json.dumps(monitor.records, default=str).replace("pulumi:pulumi:Stack$", "")
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
