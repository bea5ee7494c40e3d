"""Faults in the middle of ``pulumi up``: an OpenStack API goes away, or the engine itself is killed.

Each case starts a real ``up`` of the smallest example (data-exchange, 39 resources) in the suite's
tenant, breaks it mid-way, and then checks what an operator needs: a clear error naming what failed,
a state that says what is unfinished, and a rerun of ``govcloud provision`` (which undoes unfinished
creates first) that converges: OpenStack's listing equals Pulumi's state and the plan, nothing orphaned.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from engine_harness import REPO, EngineCloud, isolated_environ

from govcloud.engine import observed, recovery
from govcloud.engine.provision import Provisioning
from govcloud.testing.box import process
from govcloud.testing.box.pytest_fixtures import bring_up

if TYPE_CHECKING:
    from collections.abc import Callable

    from govcloud.engine.runner import StackRunner

pytestmark = [pytest.mark.engine, pytest.mark.box, pytest.mark.root, pytest.mark.slow]

STACK = "data-exchange"
WAIT_S = 600


def _provisioning(cloud: EngineCloud, base: Path, environ: dict[str, str]) -> Provisioning:
    return Provisioning(
        root=REPO,
        stack=STACK,
        environ=environ,
        reports=base / "reports",
        connect=cloud.connect,
        inventories=base / "inventories",
        config_dir=base / "stacks",
    )


def _start_up(runner: StackRunner, log: Path) -> subprocess.Popen[bytes]:
    """``pulumi up`` in the background, with its event log (what the test watches) and output in a file.

    Never a pipe nobody reads: a full pipe would stall the engine and the fault would hit an idle run.
    """
    runner.ensure()
    argv = ["pulumi", "up", "--yes", "--non-interactive", "--stack", STACK]
    argv += ["--config-file", str(runner.config_file), "--event-log", str(log)]
    with log.with_suffix(".out").open("wb") as output:
        return subprocess.Popen(argv, cwd=REPO, env=dict(runner.environ), stdout=output, stderr=output)


def _checkpoint(environ: dict[str, str]) -> dict[str, Any]:
    """The file backend's checkpoint as the running update last wrote it (no lock needed to read)."""
    checkpoint = (
        Path(environ["PULUMI_BACKEND_URL"].removeprefix("file://")) / ".pulumi" / "stacks" / "govcloud"
    )
    checkpoint /= f"{STACK}.json"
    if not checkpoint.exists():
        return {}
    try:
        loaded: dict[str, Any] = json.loads(checkpoint.read_text(encoding="utf-8"))
    except json.JSONDecodeError:  # caught mid-write
        return {}
    return loaded.get("checkpoint", {}).get("latest") or {}


def _created(log: Path) -> int:
    """How many resources the running update has finished so far."""
    if not log.exists():
        return 0
    return sum(1 for line in log.read_text(encoding="utf-8").splitlines() if '"resOutputsEvent"' in line)


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _converges(cloud: EngineCloud, base: Path, environ: dict[str, str]) -> Provisioning:
    """Rerun the main job; it must pass and leave cloud, state and plan in agreement."""
    run = _provisioning(cloud, base, environ)
    run.run(lambda _step: None)
    failed = [f"{s.name}: {s.detail}" for s in run.steps if not s.ok]
    assert not failed, failed
    assert run.plan is not None
    seen = observed.observe(cloud.connect(), run.plan.system)
    assert observed.differences(seen, run.plan) == []
    state = run.runner.state()["deployment"]
    assert seen.ids == observed.state_ids(state), "orphans: OpenStack's listing differs from Pulumi's state"
    assert recovery.pending_creates(state) == []
    return run


def _destroy(run: Provisioning, cloud: EngineCloud) -> None:
    run.runner.operation("destroy")
    assert observed.observe(cloud.connect(), STACK).empty


@pytest.mark.parametrize(("service", "port"), [("nova-api", "8774"), ("neutron-server", "9696")])
def test_an_api_stopping_mid_up_fails_clearly_and_a_rerun_converges(
    engine_repo: Path, engine_cloud: EngineCloud, tmp_path: Path, service: str, port: str
) -> None:
    environ = isolated_environ(engine_repo, engine_cloud, tmp_path)
    runner = _provisioning(engine_cloud, tmp_path, environ).runner
    log = tmp_path / "up.events.jsonl"
    box = engine_cloud.box.paths
    up = _start_up(runner, log)
    try:
        _wait_for(lambda: _created(log) >= 8, "the update to be under way")
        record = process.load_record(box.pids, service)
        assert record is not None
        process.stop_records([record], box.pids)
        up.wait(timeout=WAIT_S)
    finally:
        if up.poll() is None:
            up.kill()
        bring_up()  # the box restarts what is missing
    output = log.with_suffix(".out").read_text(encoding="utf-8")
    assert up.returncode != 0
    assert f"127.0.0.1:{port}" in output, output[-3000:]
    assert "connection refused" in output.lower() or "connection error" in output.lower()
    state = runner.state()["deployment"]
    assert _created(log) < 39, "the fault came too late to interrupt anything"
    # Consistent: everything the state records exists in the cloud (what the engine never heard back
    # about would be a pending create, which the rerun undoes first).
    seen = observed.observe(engine_cloud.connect(), STACK)
    assert observed.state_ids(state) <= seen.ids
    _destroy(_converges(engine_cloud, tmp_path, environ), engine_cloud)


def test_killing_the_engine_mid_up_then_rerunning_converges(
    engine_repo: Path, engine_cloud: EngineCloud, tmp_path: Path
) -> None:
    environ = isolated_environ(engine_repo, engine_cloud, tmp_path)
    runner = _provisioning(engine_cloud, tmp_path, environ).runner
    log = tmp_path / "up.events.jsonl"
    up = _start_up(runner, log)
    try:
        # Kill it while creates are in flight (the engine records each as pending before it starts it).
        _wait_for(
            lambda: _created(log) >= 8 and bool(recovery.pending_creates(_checkpoint(environ))),
            "creates in flight",
        )
        up.send_signal(signal.SIGKILL)
        up.wait(timeout=30)
    finally:
        if up.poll() is None:
            up.kill()
    state = runner.state()["deployment"]
    pending = recovery.pending_creates(state)
    locks = recovery.lock_files(environ, "govcloud", STACK)
    assert locks, "a killed update leaves its lock"
    assert all(recovery.stale(lock) for lock in locks)
    assert pending, json.dumps(state.get("pending_operations"), indent=1)[:2000]

    run = _converges(engine_cloud, tmp_path, environ)
    recovered = next(step for step in run.steps if step.name == "stack state")
    assert "stale lock(s) released" in recovered.detail
    assert f"{len(pending)} unfinished create(s)" in recovered.detail
    _destroy(run, engine_cloud)
