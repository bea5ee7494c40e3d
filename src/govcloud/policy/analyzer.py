"""Drive a CrossGuard pack exactly as the engine does: ``python -u -m pulumi.policy`` over gRPC on loopback.

The engine launches a Python pack through the language host's ``RunPlugin``, which runs
``python -u -m pulumi.policy <engineAddress> <packDir>``; the pack prints its port on the first stdout
line and serves the Analyzer service. This client does the same with the public protos from
``pulumi.runtime.proto``: ``GetAnalyzerInfo``, ``Configure`` (the reconciled per-policy config),
``Analyze`` per resource and ``AnalyzeStack``. It is what ``govcloud review --offline`` and the
level-3 tests use; it is not the engine (no diffing, no provider, no real preview).
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any, Self

import grpc  # type: ignore[import-untyped]
from google.protobuf import empty_pb2, struct_pb2  # type: ignore[import-untyped]
from pulumi.runtime.proto import analyzer_pb2 as pb
from pulumi.runtime.proto import analyzer_pb2_grpc

from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
from govcloud.policy.metadata import ENFORCEMENT_LEVELS

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path
    from types import TracebackType

LEVELS = {name: pb.EnforcementLevel.Value(name.upper()) for name in ENFORCEMENT_LEVELS}
LEVEL_NAMES = {number: name for name, number in LEVELS.items()}
SEVERITY_NAMES = {
    pb.POLICY_SEVERITY_LOW: "low",
    pb.POLICY_SEVERITY_MEDIUM: "medium",
    pb.POLICY_SEVERITY_HIGH: "high",
    pb.POLICY_SEVERITY_CRITICAL: "critical",
}


PACK_RULE = "policy-pack-starts"


def _not_started(pack_dir: Path, zh: str, en: str, details: tuple[str, ...] = ()) -> GovcloudError:
    """The pack given cannot be used (exit 2): it did not start or did not answer."""
    text = Text(f"策略包未能启动：{zh}", f"the policy pack did not start: {en}")
    return GovcloudError(PACK_RULE, text, where=str(pack_dir), details=details)


def _struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(json.loads(json.dumps(values, default=str)))
    return struct


class Analyzer:
    """A running pack; use as a context manager so the process is always stopped."""

    def __init__(
        self,
        pack_dir: Path,
        *,
        project: str = "project",
        stack: str = "stack",
        dry_run: bool = True,
        timeout: float = 30.0,
    ) -> None:
        """Start the pack the way the analyzer shim does and connect to the port it prints."""
        env = dict(
            os.environ,
            PULUMI_CONFIG="{}",
            PULUMI_PROJECT=project,
            PULUMI_STACK=stack,
            PULUMI_DRY_RUN="true" if dry_run else "false",
        )
        started = time.monotonic()
        self.pack_dir = pack_dir
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:0", "."],
                cwd=pack_dir,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                text=True,
            )
        except OSError as exc:  # no such directory, or not one
            raise _not_started(
                pack_dir, f"目录无法使用（{exc.strerror}）", f"the directory cannot be used ({exc.strerror})"
            ) from exc
        try:
            port = self._read_port(timeout)
            self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
            grpc.channel_ready_future(self.channel).result(timeout=timeout)
        except BaseException:
            self.close()
            raise
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self.channel)
        self.startup_seconds = time.monotonic() - started

    def _read_port(self, timeout: float) -> int:
        assert self.process.stdout is not None  # noqa: S101 - Popen(stdout=PIPE) guarantees it
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout)
        selector.close()
        line = self.process.stdout.readline() if ready else ""
        if not line.strip().isdigit():
            self.process.kill()
            _, err = self.process.communicate(timeout=10)
            raise _not_started(
                self.pack_dir,
                f"首行 {line!r} 不是端口号",
                f"its first line {line!r} is not a port",
                tuple(err.strip()[-2000:].splitlines()),
            )
        return int(line)

    def info(self) -> Any:
        """``GetAnalyzerInfo``: the pack's name and its policies with their metadata."""
        return self.stub.GetAnalyzerInfo(empty_pb2.Empty())

    def configure(self, effective: Mapping[str, tuple[str, Mapping[str, Any]]]) -> None:
        """``Configure`` with each policy's enforcement level and properties (defaults already filled in)."""
        config = {
            name: pb.PolicyConfig(enforcementLevel=LEVELS[level], properties=_struct(properties))
            for name, (level, properties) in effective.items()
        }
        self.stub.Configure(pb.ConfigureAnalyzerRequest(policyConfig=config))

    def analyze(self, resource_type: str, name: str, urn: str, props: Mapping[str, Any]) -> Any:
        """``Analyze`` one resource."""
        request = pb.AnalyzeRequest(type=resource_type, name=name, urn=urn, properties=_struct(props))
        return self.stub.Analyze(request)

    def analyze_stack(self, records: Iterable[Mapping[str, Any]]) -> Any:
        """``AnalyzeStack`` over every resource, with parents and (property) dependencies."""
        resources = [
            pb.AnalyzerResource(
                type=record["type"],
                name=record["name"],
                urn=record["urn"],
                properties=_struct(record.get("props", {})),
                parent=record.get("parent", ""),
                dependencies=record.get("dependencies", []),
                propertyDependencies={
                    key: pb.AnalyzerPropertyDependencies(urns=urns)
                    for key, urns in record.get("propertyDependencies", {}).items()
                },
            )
            for record in records
        ]
        return self.stub.AnalyzeStack(pb.AnalyzeStackRequest(resources=resources))

    def close(self) -> None:
        """Close the channel and stop the pack process (it never exits on its own)."""
        channel = getattr(self, "channel", None)
        if channel is not None:
            channel.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> Self:
        """Use in ``with``."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Always stop the process."""
        self.close()
