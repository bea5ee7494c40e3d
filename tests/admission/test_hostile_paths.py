"""What a pull request can put where a request is expected: pipes, devices, links, nothing at all.

Each case runs the real console script with a timeout (a hang is the bug these guard against) and
checks the exit code, the rule and code named, and that nothing from outside the checked tree is
quoted. The bounds on 1,000 files and a 100 MB event log are measured from the child's own usage.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govcloud.testing.measure import run_measured

ROOT = Path(__file__).resolve().parents[2]
GOVCLOUD = str(Path(sys.executable).parent / "govcloud")
EXAMPLE = ROOT / "requests" / "examples" / "data-exchange.yaml"
TIMEOUT_S = 60
SECRET = "password: do-not-echo-me-8f3a"  # noqa: S105 - the marker that must never be printed


def _govcloud(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GOVCLOUD, *argv], cwd=cwd, capture_output=True, text=True, check=False, timeout=TIMEOUT_S
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A checkout-like tree with one good request in requests/, and a secret file outside it."""
    requests = tmp_path / "repo" / "requests"
    requests.mkdir(parents=True)
    shutil.copy2(EXAMPLE, requests / "good.yaml")
    (tmp_path / "clouds.yaml").write_text(f"clouds:\n  x:\n    auth: {{{SECRET}}}\n", encoding="utf-8")
    return tmp_path / "repo"


def test_a_named_pipe_is_refused_without_hanging(tree: Path) -> None:
    os.mkfifo(tree / "requests" / "pipe.yaml")
    result = _govcloud("validate", "requests/", cwd=tree)
    assert result.returncode == 2
    assert (
        "requests/pipe.yaml: error request-input-usable [LC-2] unusable input [not-a-regular-file]"
        in result.stdout
    )
    assert "not a regular file (pipe), not read" in result.stdout
    assert "requests/good.yaml: ok" in result.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused(tree: Path, target: str) -> None:
    (tree / "requests" / "device.yaml").symlink_to(target)
    result = _govcloud("validate", "requests/device.yaml", cwd=tree)
    assert result.returncode == 2
    assert "[link-outside-tree]" in result.stdout


def test_a_device_named_directly_is_refused(tree: Path) -> None:
    result = _govcloud("validate", "/dev/zero", cwd=tree)
    assert result.returncode == 2
    assert "not a regular file (character device), not read" in result.stdout


def test_a_link_out_of_the_tree_is_never_read_or_quoted(tree: Path) -> None:
    (tree / "requests" / "outside.yaml").symlink_to(tree.parent / "clouds.yaml")
    for fmt in ("text", "json", "markdown", "sarif"):
        result = _govcloud("validate", "requests/", "--format", fmt, cwd=tree)
        assert result.returncode == 2
        assert "link-outside-tree" in result.stdout
        assert "do-not-echo-me" not in result.stdout + result.stderr


def test_a_link_inside_the_tree_is_followed(tree: Path) -> None:
    (tree / "requests" / "alias.yaml").symlink_to("good.yaml")
    result = _govcloud("validate", "requests/", cwd=tree)
    assert result.returncode == 0, result.stdout
    assert "requests/alias.yaml: ok (REQ-2026-0063" in result.stdout


def test_a_link_loop_is_unusable(tree: Path) -> None:
    (tree / "requests" / "a.yaml").symlink_to("b.yaml")
    (tree / "requests" / "b.yaml").symlink_to("a.yaml")
    result = _govcloud("validate", "requests/", cwd=tree)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_nothing_to_check_is_an_error_unless_allowed(tree: Path) -> None:
    (tree / "empty").mkdir()
    result = _govcloud("validate", "empty/", cwd=tree)
    assert result.returncode == 2
    assert "no request file (.yaml, .yml, .json) in empty" in result.stderr
    assert "--allow-empty" in result.stderr
    assert _govcloud("validate", "--allow-empty", "empty/", cwd=tree).returncode == 0
    unmatched = _govcloud("validate", "requests/*.nomatch", cwd=tree)  # a glob the shell left as it was
    assert unmatched.returncode == 2
    assert "No such file or directory" in unmatched.stdout


def test_an_event_log_that_is_a_pipe_is_refused(tree: Path) -> None:
    os.mkfifo(tree / "events.jsonl")
    result = _govcloud("review", "--event-log", "events.jsonl", cwd=tree)
    assert result.returncode == 2
    assert "not a regular file (pipe)" in result.stderr


def _measured(argv: list[str], out: Path, timeout: float = 120) -> tuple[int, str, int]:
    """Run one command; its exit code, its output, and its own peak memory in KiB."""
    with out.open("w", encoding="utf-8") as stdout:
        code, peak = run_measured(argv, stdout, timeout)
    return code, out.read_text(encoding="utf-8"), peak


@pytest.mark.slow
def test_a_directory_of_1000_requests_stays_within_time_and_memory(tmp_path: Path) -> None:
    folder = tmp_path / "requests"
    folder.mkdir()
    for index in range(1000):
        shutil.copy2(EXAMPLE, folder / f"r{index:04}.yaml")
    started = time.monotonic()
    code, output, peak = _measured([GOVCLOUD, "validate", str(folder), "--format", "json"], tmp_path / "out")
    assert code == 0, output[-2000:]
    assert len(json.loads(output)["files"]) == 1000
    assert time.monotonic() - started < 60, "validate of 1,000 files took over a minute"
    assert peak < 400 * 1024, f"validate of 1,000 files peaked at {peak // 1024} MiB"


@pytest.mark.slow
def test_a_100_mb_event_log_is_streamed(tmp_path: Path) -> None:
    event = {
        "resourcePreEvent": {
            "metadata": {"op": "create", "urn": "urn:pulumi:s::p::openstack:x:X::r", "type": "x"}
        }
    }
    violation = {
        "policyEvent": {
            "resourceUrn": "urn:pulumi:s::p::openstack:compute/instance:Instance::web-1",
            "message": "Instance 'web-1' sets admin_pass (SEC-10): remove it.",
            "policyName": "openstack-compute-instance-disallow-admin-pass",
            "policyPackName": "govcloud-openstack",
            "enforcementLevel": "mandatory",
        }
    }
    log = tmp_path / "big.jsonl"
    line = json.dumps(event | {"padding": "x" * 900}) + "\n"
    with log.open("w", encoding="utf-8") as out:
        out.write(json.dumps(violation) + "\n")
        out.writelines(line for _ in range(100 * 2**20 // len(line)))
    assert log.stat().st_size > 100 * 2**20 - len(line)
    started = time.monotonic()
    code, output, peak = _measured(
        [GOVCLOUD, "review", "--event-log", str(log), "--format", "json"], tmp_path / "out"
    )
    assert code == 1  # the one mandatory violation blocks
    assert json.loads(output)["summary"]["blocking"] == 1
    assert time.monotonic() - started < 60
    assert peak < 150 * 1024, f"the review peaked at {peak // 1024} MiB: the log was not streamed"


@pytest.mark.parametrize(
    ("content", "code"), [(None, "[link-outside-tree]"), ("a: &x 1\nb: *x\n", "[alias]")]
)
def test_an_unusable_waiver_file_is_exit_2_not_a_traceback(
    tree: Path, content: str | None, code: str
) -> None:
    """A waiver file in a pull request is as untrusted as a request: linked out, or with YAML aliases."""
    waivers = tree / "policies" / "waivers.yaml"
    waivers.parent.mkdir()
    if content is None:
        waivers.symlink_to(tree.parent / "clouds.yaml")
    else:
        waivers.write_text(content, encoding="utf-8")
    log = tree / "events.jsonl"
    log.write_text('{"sequence": 0, "preludeEvent": {}}\n', encoding="utf-8")
    result = _govcloud(
        "review", "--event-log", "events.jsonl", "--waivers", "policies/waivers.yaml", cwd=tree
    )
    assert result.returncode == 2
    assert code in result.stderr
    assert "Traceback" not in result.stderr
    assert "do-not-echo-me" not in result.stdout + result.stderr
