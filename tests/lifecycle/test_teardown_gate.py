"""``govcloud teardown`` asks the record first (LC-9, SEC-11): no verified copy, no destroy.

The project here has a stand-in ``pulumi`` in ``bin/`` that logs its arguments and serves a state,
so the test sees whether a destroy was started at all; the box suite runs the real engine.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main
from govcloud.engine import ENGINE_BINARIES
from govcloud.lifecycle import teardown_gate
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.stacks import StackRequest

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Desk

FAKE_PULUMI = """#!/bin/sh
echo "$*" >> "$FAKE_PULUMI_LOG"
case "$1 $2" in
  "stack ls") echo '[{"name": "lc-test"}]' ;;
  "stack export") cat "$FAKE_STATE" ;;
esac
"""
PORTAL_VOLUMES = tuple(
    f"gov-portal-{server}-data-1" for server in ("web-1", "web-2", "app-1", "app-2", "db-1")
)
"""The portal request's data volumes: one per server (requests/examples/gov-portal.yaml)."""


@pytest.fixture
def project(desk: Desk, stack_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stack ``lc-test`` builds the desk's request; ``bin/`` holds stand-ins for the engine's programs."""
    engine_bin = stack_project / "bin"
    engine_bin.mkdir()
    for name in ENGINE_BINARIES:
        (engine_bin / name).write_text(FAKE_PULUMI, encoding="utf-8")
        (engine_bin / name).chmod(0o755)
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"deployment": {"resources": []}}), encoding="utf-8")
    monkeypatch.setenv("GOVCLOUD_RECORDS", str(desk.records))
    monkeypatch.setenv("FAKE_PULUMI_LOG", str(tmp_path / "pulumi.log"))
    monkeypatch.setenv("FAKE_STATE", str(state))
    monkeypatch.delenv("OS_CLOUD", raising=False)
    return stack_project


def _pulumi_calls(project: Path) -> list[str]:
    log = project.parent / "pulumi.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _state(project: Path, volume_ids: list[str]) -> None:
    resources = [{"type": "openstack:blockstorage/volume:Volume", "id": v} for v in volume_ids]
    (project.parent / "state.json").write_text(
        json.dumps({"deployment": {"resources": resources}}), encoding="utf-8"
    )


def _clones(names: tuple[str, ...], method: str = "snapshot-clone") -> list[dict[str, object]]:
    return [
        {"volume_id": f"vol-{i}", "volume_name": n, "method": method, "copy_id": f"c-{i}", "verified": True}
        for i, n in enumerate(names)
    ]


def test_a_stack_without_a_record_is_refused_unless_the_override_gives_a_reason(
    desk: Desk, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["teardown", "lc-test"]) == 1
    assert capsys.readouterr().err == (
        "govcloud teardown: lc-test: REQ-2026-0042 (LC-9, SEC-11): REQ-2026-0042 没有生命周期记录：无法确认云硬盘"
        "已备份。请用 govcloud decommission，或对测试栈给出 --no-record 理由（将被记录） / REQ-2026-0042 has no "
        "lifecycle record, so nothing shows its volumes are backed up: use govcloud decommission, or for a test "
        "stack give --no-record REASON (logged) [teardown-record-consulted]\n"
    )
    assert main(["teardown", "lc-test", "--no-record", "  "]) == 1  # a blank reason is none
    assert _pulumi_calls(project) == []
    assert main(["teardown", "lc-test", "--no-record", "engine test stack, no request"]) == 0
    assert any(call.startswith("destroy") for call in _pulumi_calls(project))
    logged = [
        json.loads(line) for line in (project / ".govcloud" / "teardowns.jsonl").read_text().splitlines()
    ]
    assert [(e["stack"], e["request"], e["reason"]) for e in logged] == [
        ("lc-test", "REQ-2026-0042", "engine test stack, no request")
    ]
    assert desk.record.exists() is False  # teardown writes no lifecycle record


def test_a_recorded_stack_without_a_verified_independent_copy_is_refused(
    approved: Desk, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    assert main(["teardown", "lc-test", "--no-record", "the override is for unrecorded stacks only"]) == 1
    volumes = ", ".join(PORTAL_VOLUMES)
    assert capsys.readouterr().err == (
        "govcloud teardown: lc-test: REQ-2026-0042 (LC-9, SEC-11): 记录的最后一次 backup-verified 没有这些云硬盘"
        f"经校验、独立于原盘的副本，拒绝销毁：{volumes}（请用 govcloud decommission） / the record's last "
        "backup-verified entry holds no verified copy independent of these volumes, so nothing is destroyed: "
        f"{volumes} (use govcloud decommission) [teardown-backup-verified]\n"
    )
    approved.act(
        "backup-verified", "赵磊", "provider", "2026-10-11 10:00", volumes=_clones(PORTAL_VOLUMES, "snapshot")
    )
    assert main(["teardown", "lc-test"]) == 1  # snapshots die with their volumes
    approved.act(
        "backup-verified", "赵磊", "provider", "2026-10-11 11:00", volumes=_clones(PORTAL_VOLUMES[:2])
    )
    assert main(["teardown", "lc-test"]) == 1  # one volume still uncovered
    assert PORTAL_VOLUMES[2] in capsys.readouterr().err
    assert _pulumi_calls(project) == []  # refused before the engine ran


def test_the_state_volumes_must_be_the_copied_ones(
    approved: Desk, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names are not enough: a volume re-created under the same name has a new id and no copy."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    approved.act("backup-verified", "赵磊", "provider", "2026-10-11 10:00", volumes=_clones(PORTAL_VOLUMES))
    _state(project, ["vol-0", "vol-1", "vol-2", "vol-3", "vol-new"])
    assert main(["teardown", "lc-test"]) == 1
    assert "vol-new" in capsys.readouterr().err
    assert not any(call.startswith("destroy") for call in _pulumi_calls(project))
    _state(project, ["vol-0", "vol-1", "vol-2", "vol-3", "vol-4"])
    assert main(["teardown", "lc-test"]) == 0
    assert any(call.startswith("destroy") for call in _pulumi_calls(project))


def test_before_destroy_names_every_uncovered_volume(approved: Desk) -> None:
    target = StackRequest("gov-portal", approved.request, "REQ-2026-0042", "gov-portal", approved.record)
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    with pytest.raises(RefusedError, match=r"teardown-backup-verified.*\n?.*v-a, v-b|v-a, v-b"):
        teardown_gate.before_destroy(target, ["v-a", "v-b"])
    teardown_gate.before_destroy(target, [])  # nothing to lose
