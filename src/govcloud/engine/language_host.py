"""The Pulumi language host for Python programs and policy packs: ``bin/pulumi-language-python``.

Upstream's host is a Go module the proxy does not serve, so we run our own on the Python SDK's
generated gRPC stubs, in the project's language and venv. It does what CLI v3.274 asks of a host for
preview, up, refresh, destroy, policy packs and ``pulumi about``: start the program with the exec
script shipped in the SDK's Go module (``pulumi-language-python-exec``, copied into ``bin/`` by the
build), hand it the stack's config and secret keys, and report how it ended; run policy packs through
``RunPlugin`` with their output streamed; list the program's Pulumi packages. What the CLI copes
without (templates, code generation, packing, ``pulumi install``) answers ``UNIMPLEMENTED``.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from concurrent import futures
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import grpc  # type: ignore[import-untyped]
from google.protobuf import empty_pb2, json_format  # type: ignore[import-untyped]
from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

EXEC_SCRIPT = "pulumi-language-python-exec"
USER_ACTIONABLE_EXIT = 32
"""The exec script's exit code after it has shown the user an error: the engine should just bail."""
ANALYZER_KIND = "analyzer"
_PROBE_TIMEOUT_S = 120
_PARENT_POLL_S = 0.2
_CHUNK = 4096
_PROBE = """
import json, sys
from importlib import metadata
dists, plugins = [], []
for dist in metadata.distributions():
    name, version = dist.metadata["Name"], dist.version
    dists.append({"name": name, "version": version})
    for file in dist.files or ():
        if file.name == "pulumi-plugin.json" and len(file.parts) == 2:
            plugins.append({"dist": name, "version": version, "json": json.loads(file.read_text())})
print(json.dumps({"executable": sys.executable, "python": ".".join(map(str, sys.version_info[:3])),
                  "distributions": dists, "plugins": plugins}))
"""


class HostError(Exception):
    """The program or plugin cannot be started as configured; the message says what to change."""


@dataclass(frozen=True, slots=True)
class PythonOptions:
    """The runtime options of ``Pulumi.yaml`` / ``PulumiPolicy.yaml`` this host supports."""

    root: Path
    virtualenv: Path | None

    @classmethod
    def from_info(cls, info: language_pb2.ProgramInfo, *, plugin: bool) -> PythonOptions:
        """Read ``virtualenv`` (relative to the project root) and refuse options we would silently ignore."""
        options: dict[str, Any] = json_format.MessageToDict(info.options) if info.HasField("options") else {}
        toolchain = options.get("toolchain", "pip")
        if toolchain != "pip":
            msg = f"runtime option toolchain: {toolchain!r} is not supported by this host (use pip with a virtualenv)"
            raise HostError(msg)
        if "typechecker" in options:
            msg = (
                "runtime option typechecker is not supported by this host (run mypy in the project's checks)"
            )
            raise HostError(msg)
        virtualenv = options.get("virtualenv", "venv" if plugin else None)
        if virtualenv is not None and not isinstance(virtualenv, str):
            msg = "runtime option virtualenv must be a string"
            raise HostError(msg)
        root = Path(info.root_directory)
        return cls(root=root, virtualenv=(root / virtualenv) if virtualenv else None)

    def interpreter(self) -> str:
        """The venv's python, or ``python3`` from PATH for a program without a virtualenv option."""
        if self.virtualenv is None:
            return "python3"
        python = self.virtualenv / "bin" / "python"
        if not python.exists():
            msg = f"the virtualenv {self.virtualenv} has no bin/python: create it (tools/setup.sh) or fix the option"
            raise HostError(msg)
        return str(python)

    def environ(self, extra: Mapping[str, str]) -> dict[str, str]:
        """The child's environment: ours, the venv activated, unbuffered output, then ``extra``."""
        env = dict(os.environ)
        if self.virtualenv is not None:
            env["VIRTUAL_ENV"] = str(self.virtualenv)
            env["PATH"] = os.pathsep.join([str(self.virtualenv / "bin"), env.get("PATH", os.defpath)])
            env.pop("PYTHONHOME", None)
        env["PYTHONUNBUFFERED"] = "1"
        return env | dict(extra)


def probe(options: PythonOptions) -> dict[str, Any]:
    """Ask the program's interpreter for its version, distributions and Pulumi plugin manifests."""
    result = subprocess.run(
        [options.interpreter(), "-c", _PROBE],
        capture_output=True,
        text=True,
        check=False,
        timeout=_PROBE_TIMEOUT_S,
        env=options.environ({}),
    )
    if result.returncode != 0:
        msg = f"{options.interpreter()} could not list its packages: {result.stderr.strip()}"
        raise HostError(msg)
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def package_dependencies(report: Mapping[str, Any]) -> list[plugin_pb2.PackageDependency]:
    """Resource plugins declared by installed SDKs (``pulumi-plugin.json`` with ``resource: true``)."""
    packages = []
    for entry in report["plugins"]:
        manifest = entry["json"]
        if not manifest.get("resource", False):
            continue
        name = manifest.get("name") or entry["dist"].lower().removeprefix("pulumi-").removeprefix("pulumi_")
        packages.append(
            plugin_pb2.PackageDependency(
                name=name,
                kind="resource",
                version=manifest.get("version") or entry["version"],
                server=manifest.get("server", ""),
            )
        )
    return packages


def run_arguments(request: language_pb2.RunRequest, engine_address: str) -> list[str]:
    """The exec script's flags, as upstream's host passes them (empty values left out)."""
    flags = {
        "monitor": request.monitor_address,
        "engine": engine_address,
        "project": request.project,
        "root_directory": request.info.root_directory,
        "stack": request.stack,
        "pwd": request.pwd,
        "dry_run": "true" if request.dryRun else "false",
        "parallel": str(request.parallel),
        "organization": request.organization,
    }
    argv = [item for key, value in flags.items() if value for item in (f"--{key}", value)]
    return [*argv, request.info.entry_point or ".", *request.args]


def config_environment(request: language_pb2.RunRequest) -> dict[str, str]:
    """Config values and the names of secret ones, as the SDK reads them at start."""
    return {
        "PULUMI_CONFIG": json.dumps(dict(request.config)),
        "PULUMI_CONFIG_SECRET_KEYS": json.dumps(list(request.configSecretKeys)),
    }


def exit_outcome(code: int) -> language_pb2.RunResponse:
    """Map the program's exit code to the engine's answer (same words as upstream's host)."""
    if code == 0:
        return language_pb2.RunResponse()
    if code == USER_ACTIONABLE_EXIT:
        return language_pb2.RunResponse(bail=True)
    if code < 0:
        return language_pb2.RunResponse(error=f"program exited with signal {-code}")
    return language_pb2.RunResponse(error=f"program exited with non-zero exit code: {code}")


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    """The ``LanguageRuntime`` service; every running child can be interrupted by ``Cancel``."""

    def __init__(self, engine_address: str, exec_script: Path) -> None:
        """Remember where the engine is and which exec script starts programs."""
        self.engine_address = engine_address
        self.exec_script = exec_script
        self._children: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()

    def GetPluginInfo(self, request: Any, context: grpc.ServicerContext) -> plugin_pb2.PluginInfo:  # noqa: N802, ARG002
        """Report the version of the Python SDK whose protocol this host speaks."""
        return plugin_pb2.PluginInfo(version=metadata.version("pulumi"))

    def GetRequiredPackages(  # noqa: N802
        self, request: language_pb2.GetRequiredPackagesRequest, context: grpc.ServicerContext
    ) -> language_pb2.GetRequiredPackagesResponse:
        """The resource plugins the program's installed SDKs need (e.g. openstack 5.5.3)."""
        report = self._probe(request.info, context)
        return language_pb2.GetRequiredPackagesResponse(packages=package_dependencies(report))

    def About(  # noqa: N802
        self, request: language_pb2.AboutRequest, context: grpc.ServicerContext
    ) -> language_pb2.AboutResponse:
        """The interpreter a program runs on, for ``pulumi about``."""
        report = self._probe(request.info, context) if request.HasField("info") else probe(_no_venv())
        return language_pb2.AboutResponse(
            executable=report["executable"], version=report["python"], metadata={"toolchain": "pip"}
        )

    def GetProgramDependencies(  # noqa: N802
        self, request: language_pb2.GetProgramDependenciesRequest, context: grpc.ServicerContext
    ) -> language_pb2.GetProgramDependenciesResponse:
        """Every distribution installed in the program's venv, for ``pulumi about``."""
        report = self._probe(request.info, context)
        return language_pb2.GetProgramDependenciesResponse(
            dependencies=[
                language_pb2.DependencyInfo(name=d["name"], version=d["version"])
                for d in report["distributions"]
            ]
        )

    def Run(  # noqa: N802
        self, request: language_pb2.RunRequest, context: grpc.ServicerContext
    ) -> language_pb2.RunResponse:
        """Run the program to completion; its output goes to ours, which the engine shows."""
        options = self._options(request.info, context, plugin=False)
        argv = [options.interpreter(), str(self.exec_script), *run_arguments(request, self.engine_address)]
        try:
            child = subprocess.Popen(argv, env=options.environ(config_environment(request)))
        except OSError as error:
            return language_pb2.RunResponse(
                error=f"problem executing program (could not run language executor): {error}"
            )
        return exit_outcome(self._wait(child, context))

    def RunPlugin(  # noqa: N802
        self, request: language_pb2.RunPluginRequest, context: grpc.ServicerContext
    ) -> Iterator[language_pb2.RunPluginResponse]:
        """Run a policy pack (``python -m pulumi.policy``) or a plugin, streaming its output and exit code."""
        analyzer = request.kind == ANALYZER_KIND
        options = self._options(request.info, context, plugin=not analyzer)
        program = request.info.program_directory
        if analyzer:
            argv = [options.interpreter(), "-u", "-m", "pulumi.policy", *request.args, program]
            cwd = program
        else:
            argv = [options.interpreter(), program, *request.args]
            cwd = request.pwd or program
        extra = dict(item.split("=", 1) for item in request.env if "=" in item)
        child = subprocess.Popen(
            argv, cwd=cwd, env=options.environ(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        yield from self._stream(child, context)

    def Cancel(self, request: Any, context: grpc.ServicerContext) -> Any:  # noqa: N802, ARG002
        """Interrupt every running child; the SDK stops registering resources on SIGINT."""
        self.interrupt_children()
        return empty_pb2.Empty()

    def interrupt_children(self) -> None:
        """Send SIGINT to every child still running."""
        with self._lock:
            children = list(self._children)
        for child in children:
            _interrupt(child)

    def _options(
        self, info: language_pb2.ProgramInfo, context: grpc.ServicerContext, *, plugin: bool
    ) -> PythonOptions:
        try:
            options = PythonOptions.from_info(info, plugin=plugin)
            options.interpreter()
        except HostError as error:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(error))
            raise  # abort raises; this keeps the type checker informed
        return options

    def _probe(self, info: language_pb2.ProgramInfo, context: grpc.ServicerContext) -> dict[str, Any]:
        options = self._options(info, context, plugin=False)
        try:
            return probe(options)
        except (HostError, subprocess.TimeoutExpired) as error:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(error))
            raise  # abort raises; this keeps the type checker informed

    def _wait(self, child: subprocess.Popen[bytes], context: grpc.ServicerContext) -> int:
        """Wait for ``child``; if the engine hangs up on the call, interrupt it first."""
        with self._lock:
            self._children.add(child)
        context.add_callback(lambda: _interrupt(child))
        try:
            return child.wait()
        finally:
            with self._lock:
                self._children.discard(child)

    def _stream(
        self, child: subprocess.Popen[bytes], context: grpc.ServicerContext
    ) -> Iterator[language_pb2.RunPluginResponse]:
        chunks: queue.Queue[tuple[str, bytes]] = queue.Queue()
        readers = [
            threading.Thread(target=_pump, args=(stream, name, chunks), daemon=True)
            for stream, name in ((child.stdout, "stdout"), (child.stderr, "stderr"))
        ]
        for reader in readers:
            reader.start()
        open_streams = len(readers)
        with self._lock:
            self._children.add(child)
        context.add_callback(lambda: _interrupt(child))
        try:
            while open_streams:
                name, data = chunks.get()
                if not data:
                    open_streams -= 1
                    continue
                yield (
                    language_pb2.RunPluginResponse(stdout=data)
                    if name == "stdout"
                    else language_pb2.RunPluginResponse(stderr=data)
                )
            yield language_pb2.RunPluginResponse(exitcode=child.wait())
        finally:
            with self._lock:
                self._children.discard(child)


def _interrupt(child: subprocess.Popen[bytes]) -> None:
    """SIGINT to a child still running (the SDK and the analyzer stop cleanly on it)."""
    if child.poll() is None:
        child.send_signal(signal.SIGINT)


def _pump(stream: Any, name: str, chunks: queue.Queue[tuple[str, bytes]]) -> None:
    """Copy one pipe into the queue chunk by chunk; an empty chunk says it is closed."""
    while data := os.read(stream.fileno(), _CHUNK):
        chunks.put((name, data))
    chunks.put((name, b""))


def _no_venv() -> PythonOptions:
    return PythonOptions(root=Path.cwd(), virtualenv=None)


def _orphaned(parent: int) -> bool:
    """Whether the engine that started us is gone (we were re-parented)."""
    return os.getppid() != parent


def serve(engine_address: str, exec_script: Path) -> int:
    """Serve on a free loopback port, print it (the engine reads it), stop on SIGINT/SIGTERM or orphaning.

    The signal handlers only set a flag, which the main thread polls: a handler that touched a lock
    could interrupt the main thread inside that very lock and hang the host.
    """
    stop: list[int] = []
    # After Cancel the CLI sends SIGINT: end quietly, never with a KeyboardInterrupt traceback. The
    # handlers are in place before the port is printed, so no request can come before them.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda number, _frame: stop.append(number))
    parent = os.getppid()
    host = LanguageHost(engine_address, exec_script)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(host, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    while not stop and not _orphaned(parent):
        time.sleep(_PARENT_POLL_S)
    host.interrupt_children()
    server.stop(grace=1).wait(timeout=5)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``pulumi-language-python [-tracing URL] <engine address>``, as the CLI starts a language host."""
    parser = argparse.ArgumentParser(prog="pulumi-language-python", description=__doc__.splitlines()[0])
    parser.add_argument("--exec-script", type=Path, required=True, help=f"path of {EXEC_SCRIPT}")
    parser.add_argument("-tracing", "--tracing", default="", help="accepted for compatibility; not used")
    parser.add_argument("engine_address", nargs="?", default="", help="the engine's gRPC address")
    args = parser.parse_args(argv)
    if not args.exec_script.is_file():
        parser.error(f"{args.exec_script} does not exist: run tools/engine/build.sh")
    return serve(args.engine_address, args.exec_script)


if __name__ == "__main__":
    sys.exit(main())
