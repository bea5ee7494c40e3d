"""Fast checks of the engine environment, the CLI group and the analyzer launcher (no engine build needed)."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from govcloud import cli, engine
from govcloud.engine import status

REPO = Path(__file__).resolve().parents[2]
LAUNCHER = REPO / "tools" / "engine" / "launchers" / "pulumi-language-python"


def test_env_has_the_engine_keys(tmp_path: Path) -> None:
    env = engine.engine_env(tmp_path, {"PATH": "/usr/bin:/bin"})
    assert set(env) == {
        "PATH",
        "PULUMI_HOME",
        "PULUMI_BACKEND_URL",
        "PULUMI_SKIP_UPDATE_CHECK",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION",
        "PULUMI_IGNORE_AMBIENT_PLUGINS",
        "PULUMI_DEBUG_COMMANDS",
        "PULUMI_CONFIG_PASSPHRASE_FILE",
    }
    assert env["PATH"].split(":")[:3] == [str(tmp_path / "bin"), str(tmp_path / ".venv" / "bin"), "/usr/bin"]
    assert env["PULUMI_BACKEND_URL"] == f"file://{tmp_path}/.pulumi-state"
    assert env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] == "true"
    assert env["PULUMI_SKIP_UPDATE_CHECK"] == "true"
    assert env["PULUMI_IGNORE_AMBIENT_PLUGINS"] == "true"
    assert (tmp_path / ".pulumi-state").is_dir()
    assert Path(env["PULUMI_HOME"]) == tmp_path / ".pulumi-home"


def test_path_does_not_repeat_bin(tmp_path: Path) -> None:
    env = engine.engine_env(tmp_path, {"PATH": f"{tmp_path}/bin:/bin"})
    assert env["PATH"].split(":").count(f"{tmp_path}/bin") == 1


def test_passphrase_file_is_private_and_kept(tmp_path: Path) -> None:
    first = engine.engine_env(tmp_path, {})
    path = Path(first["PULUMI_CONFIG_PASSPHRASE_FILE"])
    assert path == tmp_path / ".pulumi-passphrase"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_text(encoding="utf-8")
    assert len(content.strip()) >= 32
    engine.engine_env(tmp_path, {})
    assert path.read_text(encoding="utf-8") == content


def test_existing_passphrase_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / ".pulumi-passphrase"
    path.write_text("chosen by the operator\n", encoding="utf-8")
    engine.engine_env(tmp_path, {})
    assert path.read_text(encoding="utf-8") == "chosen by the operator\n"


def test_explicit_passphrase_wins(tmp_path: Path) -> None:
    env = engine.engine_env(tmp_path, {"PULUMI_CONFIG_PASSPHRASE": "given"})
    assert "PULUMI_CONFIG_PASSPHRASE_FILE" not in env
    assert not (tmp_path / ".pulumi-passphrase").exists()
    full = engine.engine_environ(tmp_path, {"PULUMI_CONFIG_PASSPHRASE": "given"})
    assert full["PULUMI_CONFIG_PASSPHRASE"] == "given"  # noqa: S105 - test value


def test_explicit_passphrase_file_wins(tmp_path: Path) -> None:
    env = engine.engine_env(tmp_path, {"PULUMI_CONFIG_PASSPHRASE_FILE": "/elsewhere/pass"})
    assert env["PULUMI_CONFIG_PASSPHRASE_FILE"] == "/elsewhere/pass"  # noqa: S105 - a path
    assert not (tmp_path / ".pulumi-passphrase").exists()


def test_find_engine_prefers_bin_and_names_the_build(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    fake = tmp_path / "bin" / "pulumi"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    found = engine.find_engine(tmp_path, {"PATH": ""})
    assert found.require("pulumi") == fake
    assert set(found.missing) == set(engine.ENGINE_BINARIES) - {"pulumi"}
    with pytest.raises(engine.EngineNotBuiltError, match=r"tools/engine/build\.sh"):
        found.require("pulumi-language-python")


def test_parse_build_info_reads_module_versions() -> None:
    text = (
        "bin/pulumi: go1.26.8\n"
        "\tpath\tgithub.com/pulumi/pulumi/pkg/v3/cmd/pulumi\n"
        "\tmod\tgithub.com/govcloud-iac/tools/engine/cli\t(devel)\t\n"
        "\tdep\tgithub.com/pulumi/pulumi/pkg/v3\tv3.272.0\th1:abc=\n"
    )
    versions = status.parse_build_info(text)
    assert versions["github.com/pulumi/pulumi/pkg/v3"] == "v3.272.0"
    assert versions["github.com/govcloud-iac/tools/engine/cli"] == "(devel)"


def test_pins_are_read_from_versions_env() -> None:
    pins = engine.pinned_versions(REPO)
    assert pins["PULUMI_VERSION"] == "3.274.1"
    assert pins["PULUMI_OPENSTACK_VERSION"] == "5.5.3"


def test_pins_agree_with_the_go_modules_and_the_python_sdks() -> None:
    """versions.env, the go.mod files and constraints.txt name releases that go together."""
    pins = engine.pinned_versions(REPO)
    cli_mod = (REPO / "tools" / "engine" / "cli" / "go.mod").read_text(encoding="utf-8")
    assert f"github.com/pulumi/pulumi/pkg/v3 v{pins['PULUMI_VERSION']}" in cli_mod
    assert f"github.com/pulumi/pulumi/sdk/v3 v{pins['PULUMI_VERSION']}" in cli_mod
    constraints = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    assert f"pulumi_openstack=={pins['PULUMI_OPENSTACK_VERSION']}" in constraints
    # The Python SDK is the newest on PyPI (3.272.0); the CLI is the newest release the module proxy serves.
    sdk = next(line.split("==")[1] for line in constraints if line.startswith("pulumi=="))
    assert tuple(map(int, sdk.split("."))) <= tuple(map(int, pins["PULUMI_VERSION"].split(".")))


def test_cli_env_prints_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["engine", "--repo", str(tmp_path), "env"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"export PULUMI_BACKEND_URL=file://{tmp_path}/.pulumi-state" in lines
    assert all(line.startswith(("export PULUMI_", "export PATH=")) for line in lines)


def test_cli_status_reports_missing_binaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tools" / "engine").mkdir(parents=True)
    shutil.copy2(REPO / "tools" / "engine" / "versions.env", tmp_path / "tools" / "engine")
    assert cli.main(["engine", "--repo", str(tmp_path), "status"]) == 1
    out = capsys.readouterr().out
    assert "pulumi-language-python" in out
    assert "not ready:" in out
    assert "plugin cache: openstack" in out


def _launch(tmp_path: Path, python: str | None) -> subprocess.CompletedProcess[str]:
    """Run a copy of the launcher installed as <tmp>/bin/, with ``python`` as the venv's interpreter."""
    (tmp_path / "bin").mkdir()
    launcher = tmp_path / "bin" / LAUNCHER.name
    shutil.copy2(LAUNCHER, launcher)
    if python is not None:
        (tmp_path / ".venv" / "bin").mkdir(parents=True)
        stand_in = tmp_path / ".venv" / "bin" / "python"
        stand_in.write_text(python, encoding="utf-8")
        stand_in.chmod(0o755)
    return subprocess.run(
        [str(launcher), "127.0.0.1:1"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_launcher_runs_the_host_in_the_venv_next_to_bin(tmp_path: Path) -> None:
    """The launcher starts our host with <repo>/.venv/bin/python, found relative to itself, and the exec script."""
    result = _launch(tmp_path, '#!/bin/sh\necho "$0"; printf "%s\\n" "$@"\n')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{tmp_path}/bin/../.venv/bin/python",
        "-m",
        "govcloud.engine.language_host",
        "--exec-script",
        f"{tmp_path}/bin/pulumi-language-python-exec",
        "127.0.0.1:1",
    ]


def test_launcher_without_a_venv_says_what_to_do(tmp_path: Path) -> None:
    result = _launch(tmp_path, None)
    assert result.returncode == 1
    assert "tools/setup.sh" in result.stderr


def test_an_explicit_backend_wins(tmp_path: Path) -> None:
    """CI keeps state in the provider's object store; a developer's checkout keeps it in the repo."""
    env = engine.engine_env(tmp_path, {"PULUMI_BACKEND_URL": "s3://state-bucket/govcloud"})
    assert env["PULUMI_BACKEND_URL"] == "s3://state-bucket/govcloud"
