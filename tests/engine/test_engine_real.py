"""The real CLI with our language host, on the file backend, no cloud: what a program sees and shows.

A program that fails shows its Python traceback and the run's exit code; config and secrets reach the
program; ``--parallel`` is honoured; a secret is never in clear in the state file or the output.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from engine_harness import pulumi_cli

from govcloud import engine

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.engine, pytest.mark.slow]

SECRET = "s3cr3t-Ω-value"  # noqa: S105 - the value the test looks for in clear
PROGRAM = """\
import pulumi
from pulumi.runtime import settings

config = pulumi.Config()
pulumi.export("greeting", config.get("greeting") or "none")
pulumi.export("token", config.require_secret("token"))
pulumi.export("token_length", config.require_secret("token").apply(len))
pulumi.export("parallel", settings.SETTINGS.parallel)
"""
FAILING = """\
import pulumi


def build():
    raise ValueError("the request says nothing about disks")


build()
"""


@pytest.fixture
def project(tmp_path: Path, engine_repo: Path) -> tuple[Path, dict[str, str]]:
    """A project using the repo's venv, its own backend and passphrase, with stack ``dev``."""
    directory = tmp_path / "project"
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text(
        f"name: engine-smoke\nruntime:\n  name: python\n  options:\n    virtualenv: {engine_repo / '.venv'}\n",
        encoding="utf-8",
    )
    (tmp_path / "state").mkdir()
    env = engine.engine_environ(engine_repo, {"PULUMI_CONFIG_PASSPHRASE": "engine-test"}) | {
        "PULUMI_BACKEND_URL": (tmp_path / "state").as_uri()
    }
    assert pulumi_cli(directory, env, "stack", "init", "dev").returncode == 0
    return directory, env


def test_config_secrets_and_parallel_reach_the_program(
    project: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    directory, env = project
    (directory / "__main__.py").write_text(PROGRAM, encoding="utf-8")
    assert pulumi_cli(directory, env, "config", "set", "greeting", "你好").returncode == 0
    assert pulumi_cli(directory, env, "config", "set", "--secret", "token", SECRET).returncode == 0
    up = pulumi_cli(directory, env, "up", "--yes", "--parallel", "3")
    assert up.returncode == 0, up.stdout + up.stderr
    outputs = json.loads(pulumi_cli(directory, env, "stack", "output", "--json", "--show-secrets").stdout)
    assert outputs == {"greeting": "你好", "token": SECRET, "token_length": len(SECRET), "parallel": 3}

    state_file = next((tmp_path / "state").rglob("dev.json"))
    state = state_file.read_text(encoding="utf-8")
    assert SECRET not in state, "a secret is in clear in the state file"
    assert "4dabf18193072939515e22adb298388d" in state  # the engine's secret signature: it is encrypted there
    assert SECRET not in up.stdout + up.stderr
    assert SECRET not in (directory / "Pulumi.dev.yaml").read_text(encoding="utf-8")


def test_a_failing_program_shows_its_traceback_and_fails_the_run(
    project: tuple[Path, dict[str, str]],
) -> None:
    directory, env = project
    (directory / "__main__.py").write_text(FAILING, encoding="utf-8")
    preview = pulumi_cli(directory, env, "preview")
    assert preview.returncode == 1
    assert "Program failed with an unhandled exception" in preview.stdout
    assert "Traceback (most recent call last)" in preview.stdout
    assert (
        'line 5, in build\n        raise ValueError("the request says nothing about disks")' in preview.stdout
    )
    assert "ValueError: the request says nothing about disks" in preview.stdout
    assert "KeyboardInterrupt" not in preview.stdout + preview.stderr


def test_a_refusal_is_one_clear_message(project: tuple[Path, dict[str, str]]) -> None:
    """``pulumi.RunError`` (how our stack program refuses) ends the run with the message, no traceback."""
    directory, env = project
    (directory / "__main__.py").write_text(
        'import pulumi\nraise pulumi.RunError("[approval-digest] (LC-1) 申请已修改 / edited after approval")\n',
        encoding="utf-8",
    )
    up = pulumi_cli(directory, env, "up", "--yes")
    assert up.returncode == 1
    assert "[approval-digest] (LC-1) 申请已修改 / edited after approval" in up.stdout
    assert "Traceback" not in up.stdout


def test_about_names_our_host_and_the_venv(project: tuple[Path, dict[str, str]], engine_repo: Path) -> None:
    directory, env = project
    (directory / "__main__.py").write_text(PROGRAM, encoding="utf-8")
    about = pulumi_cli(directory, env, "about")
    assert about.returncode == 0, about.stderr
    assert "3.274.1" in about.stdout
    assert f"executable='{engine_repo / '.venv' / 'bin' / 'python'}'" in about.stdout
    assert "resource  openstack  5.5.3" in about.stdout
