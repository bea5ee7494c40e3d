"""The real engine: up, stack output and destroy of an export-only program on the file backend."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from govcloud import engine

pytestmark = [pytest.mark.engine, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
TIMEOUT_S = 300


def _pulumi(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["pulumi", *argv, "--non-interactive"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, f"pulumi {' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_up_output_destroy_export_only(tmp_path: Path) -> None:
    if not (REPO / engine.BIN_DIR / "pulumi").is_file():
        pytest.fail(f"{REPO}/bin/pulumi is missing: run tools/engine/build.sh first")
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(
        f"name: engine-smoke\nruntime:\n  name: python\n  options:\n    virtualenv: {REPO / '.venv'}\n",
        encoding="utf-8",
    )
    (project / "__main__.py").write_text(
        'import pulumi\n\npulumi.export("greeting", "hello from govcloud")\n', encoding="utf-8"
    )
    base = {"PULUMI_CONFIG_PASSPHRASE": "engine-test"}  # explicit: no passphrase file in the repo
    env = engine.engine_environ(REPO, base) | {
        "PULUMI_BACKEND_URL": (tmp_path / "state").as_uri(),
        "PULUMI_HOME": str(tmp_path / "home"),
    }
    (tmp_path / "state").mkdir()

    _pulumi(["stack", "init", "dev"], project, env)
    _pulumi(["up", "--yes", "--skip-preview"], project, env)
    assert _pulumi(["stack", "output", "greeting"], project, env).strip() == "hello from govcloud"
    _pulumi(["destroy", "--yes", "--skip-preview"], project, env)
    _pulumi(["stack", "rm", "--yes", "dev"], project, env)
