"""Our language host at the gRPC level, as the CLI drives it (no engine needed): every call it answers.

The exec script is a stand-in that records what the host handed it, so the flags, config, secret keys,
parallelism and exit-code mapping are checked exactly; the real exec script runs in the engine tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import grpc  # type: ignore[import-untyped]
import pytest
from google.protobuf import empty_pb2, struct_pb2  # type: ignore[import-untyped]
from pulumi.runtime.proto import language_pb2, language_pb2_grpc

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".venv"
RECORDER = """\
import json, os, signal, sys, time
out = os.environ["RECORD_TO"]
with open(out, "w") as f:
    json.dump({"argv": sys.argv[1:], "config": os.environ.get("PULUMI_CONFIG"),
               "secret_keys": os.environ.get("PULUMI_CONFIG_SECRET_KEYS"),
               "virtual_env": os.environ.get("VIRTUAL_ENV"), "executable": sys.executable}, f)
print("program says hello", flush=True)
if os.environ.get("SLEEP"):
    signal.signal(signal.SIGINT, lambda *_: sys.exit(int(os.environ["ON_SIGINT"])))
    time.sleep(60)
sys.exit(int(os.environ.get("EXIT_WITH", "0")))
"""


class Host:
    """A running host process and a stub connected to it."""

    def __init__(self, process: subprocess.Popen[str], stub: Any) -> None:
        """Keep both for the test."""
        self.process = process
        self.stub = stub


def _start(exec_script: Path, env: dict[str, str]) -> Host:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "govcloud.engine.language_host",
            "--exec-script",
            str(exec_script),
            "127.0.0.1:9",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | env,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    grpc.channel_ready_future(channel).result(timeout=30)
    return Host(process, language_pb2_grpc.LanguageRuntimeStub(channel))


@pytest.fixture
def record(tmp_path: Path) -> Path:
    return tmp_path / "record.json"


@pytest.fixture
def host(tmp_path: Path, record: Path, request: pytest.FixtureRequest) -> Iterator[Host]:
    exec_script = tmp_path / "pulumi-language-python-exec"
    exec_script.write_text(RECORDER, encoding="utf-8")
    env = {"RECORD_TO": str(record), **getattr(request, "param", {})}
    running = _start(exec_script, env)
    yield running
    running.process.send_signal(signal.SIGINT)
    _, stderr = running.process.communicate(timeout=30)
    assert running.process.returncode == 0
    assert "Traceback" not in stderr, stderr


def _info(root: Path, **options: Any) -> language_pb2.ProgramInfo:
    struct = struct_pb2.Struct()
    struct.update({"virtualenv": str(VENV), **options})
    return language_pb2.ProgramInfo(
        root_directory=str(root), program_directory=str(root), entry_point=".", options=struct
    )


def _run_request(root: Path, **fields: Any) -> language_pb2.RunRequest:
    base: dict[str, Any] = {
        "project": "proj",
        "stack": "dev",
        "pwd": str(root),
        "monitor_address": "127.0.0.1:1",
        "parallel": 7,
        "dryRun": True,
        "info": _info(root),
        "config": {"proj:greeting": "hi", "proj:token": "s3cr3t"},
        "configSecretKeys": ["proj:token"],
    }
    return language_pb2.RunRequest(**(base | fields))


def test_plugin_info_is_the_sdk_version(host: Host) -> None:
    from importlib import metadata  # noqa: PLC0415

    assert host.stub.GetPluginInfo(empty_pb2.Empty()).version == metadata.version("pulumi")


def test_run_hands_the_program_flags_config_and_secret_keys(host: Host, tmp_path: Path, record: Path) -> None:
    response = host.stub.Run(_run_request(tmp_path))
    assert (response.error, response.bail) == ("", False)
    seen = json.loads(record.read_text(encoding="utf-8"))
    assert seen["argv"] == [
        "--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:9", "--project", "proj",
        "--root_directory", str(tmp_path), "--stack", "dev", "--pwd", str(tmp_path),
        "--dry_run", "true", "--parallel", "7", ".",
    ]  # fmt: skip
    assert json.loads(seen["config"]) == {"proj:greeting": "hi", "proj:token": "s3cr3t"}
    assert json.loads(seen["secret_keys"]) == ["proj:token"]
    assert seen["virtual_env"] == str(VENV)
    assert Path(seen["executable"]).parent == VENV / "bin"


@pytest.mark.parametrize(
    ("host", "error", "bail"),
    [
        ({"EXIT_WITH": "32"}, "", True),
        ({"EXIT_WITH": "3"}, "program exited with non-zero exit code: 3", False),
    ],
    indirect=["host"],
)
def test_run_maps_exit_codes_as_upstream(host: Host, tmp_path: Path, error: str, *, bail: bool) -> None:
    response = host.stub.Run(_run_request(tmp_path))
    assert (response.error, response.bail) == (error, bail)


@pytest.mark.parametrize("host", [{"SLEEP": "1", "ON_SIGINT": "5"}], indirect=True)
def test_cancel_interrupts_the_running_program(host: Host, tmp_path: Path, record: Path) -> None:
    pending = host.stub.Run.future(_run_request(tmp_path))
    deadline = time.monotonic() + 30
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    host.stub.Cancel(empty_pb2.Empty())
    response = pending.result(timeout=30)
    assert response.error == "program exited with non-zero exit code: 5"
    assert time.monotonic() - started < 10


def test_unsupported_runtime_options_are_refused_by_name(host: Host, tmp_path: Path) -> None:
    with pytest.raises(grpc.RpcError) as refused:
        host.stub.Run(_run_request(tmp_path, info=_info(tmp_path, toolchain="poetry")))
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "toolchain: 'poetry' is not supported" in refused.value.details()


def test_missing_virtualenv_is_refused_with_the_fix(host: Host, tmp_path: Path) -> None:
    with pytest.raises(grpc.RpcError) as refused:
        host.stub.Run(_run_request(tmp_path, info=_info(tmp_path, virtualenv="no-such-venv")))
    assert "no-such-venv has no bin/python" in refused.value.details()
    assert "tools/setup.sh" in refused.value.details()


def test_required_packages_are_the_installed_provider_sdks(host: Host) -> None:
    response = host.stub.GetRequiredPackages(language_pb2.GetRequiredPackagesRequest(info=_info(REPO)))
    packages = {(p.name, p.kind, p.version) for p in response.packages}
    assert ("openstack", "resource", "5.5.3") in packages
    assert all(kind == "resource" for _, kind, _ in packages)  # pulumi_policy's manifest says resource: false


def test_about_and_dependencies_describe_the_venv(host: Host) -> None:
    about = host.stub.About(language_pb2.AboutRequest(info=_info(REPO)))
    assert Path(about.executable).parent == VENV / "bin"
    assert about.version == ".".join(map(str, sys.version_info[:3]))
    deps = host.stub.GetProgramDependencies(language_pb2.GetProgramDependenciesRequest(info=_info(REPO)))
    names = {d.name.lower().replace("_", "-") for d in deps.dependencies}
    assert {"pulumi", "pulumi-openstack", "pulumi-policy"} <= names


def test_run_plugin_streams_both_outputs_and_the_exit_code(host: Host, tmp_path: Path) -> None:
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    (plugin / "__main__.py").write_text(
        "import sys\nprint('out', sys.argv[1:])\nprint('err', file=sys.stderr)\nsys.exit(7)\n",
        encoding="utf-8",
    )
    request = language_pb2.RunPluginRequest(
        pwd=str(tmp_path), args=["a", "b"], kind="resource", name="x", info=_info(plugin)
    )
    replies = list(host.stub.RunPlugin(request))
    stdout = b"".join(r.stdout for r in replies).decode()
    stderr = b"".join(r.stderr for r in replies).decode()
    assert stdout == "out ['a', 'b']\n"
    assert stderr == "err\n"
    assert replies[-1].WhichOneof("output") == "exitcode"
    assert replies[-1].exitcode == 7


def test_run_plugin_starts_our_policy_pack_and_stops_it_with_the_call(host: Host) -> None:
    """Kind ``analyzer``: ``python -m pulumi.policy <engine> <pack>``; its first line is the port."""
    request = language_pb2.RunPluginRequest(
        pwd=str(REPO),
        args=["127.0.0.1:9"],
        kind="analyzer",
        name="govcloud-openstack",
        info=_info(REPO / "policies"),
    )
    replies = host.stub.RunPlugin(request)
    first = next(r for r in replies if r.stdout)
    assert first.stdout.decode().strip().isdigit()
    replies.cancel()
