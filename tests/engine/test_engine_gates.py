"""What stops a deployment in the real engine, on the box: a mandatory rule, an expired waiver, an edit.

Each case runs ``pulumi up`` for real against the suite's own tenant and then asks OpenStack what exists:
a refused run must have created nothing. A valid waiver lets the run through, and our reports still show
the finding as waived.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
import yaml
from engine_harness import REPO, EngineCloud, isolated_environ, pulumi_cli

from govcloud.cli import main as govcloud
from govcloud.engine.runner import summary

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.engine, pytest.mark.box, pytest.mark.root, pytest.mark.slow]

TODAY = datetime.now(tz=UTC).astimezone().date()
"""The pack judges waivers by the local date, as this is."""
BAD_PROJECT = REPO / "tests" / "policies" / "data" / "bad_project"
WAIVED_RULE = "openstack-networking-secgroup-require-description"
WAIVED_PROGRAM = """\
import pulumi_openstack as openstack

# No description: breaks a mandatory rule (SEC-3, SEC-7) that the test's waiver covers.
openstack.networking.SecGroup("waived-sg", name="waived-sg", delete_default_rules=True)
"""


def _blocked_by(rule: str, output: str) -> bool:
    """Whether the engine listed ``rule`` as a mandatory violation."""
    return re.search(rf"^\s*- \[mandatory\].*\s{re.escape(rule)}\s", output, re.MULTILINE) is not None


def _everything(cloud: EngineCloud) -> dict[str, list[str]]:
    """Every object the tenant can see that a stack could have made."""
    conn = cloud.connect()
    return {
        "servers": [s.name for s in conn.compute.servers()],
        "volumes": [v.name for v in conn.block_storage.volumes()],
        "networks": [n.name for n in conn.network.networks() if not n.is_router_external],
        "security_groups": [g.name for g in conn.network.security_groups() if g.name != "default"],
        "keypairs": [k.name for k in conn.compute.keypairs()],
    }


def _pack_with_waiver(tmp_path: Path, expires: date) -> Path:
    """A copy of the pack whose waiver file covers the test program's one violation until ``expires``."""
    pack = tmp_path / "pack"
    shutil.copytree(REPO / "policies", pack, ignore=shutil.ignore_patterns("__pycache__"))
    settings = yaml.safe_load((pack / "PulumiPolicy.yaml").read_text(encoding="utf-8"))
    settings["runtime"]["options"]["virtualenv"] = str(REPO / ".venv")
    (pack / "PulumiPolicy.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    approved = min(expires, TODAY) - timedelta(days=30)
    waivers = {
        "apiVersion": "govcloud-iac/v1",
        "kind": "PolicyWaivers",
        "waivers": [
            {
                "id": "WVR-2026-901",
                "rule": WAIVED_RULE,
                "resource": "waived-sg",
                "justification": {
                    "zh": "测试用豁免：安全组说明稍后补充",
                    "en": "a test waiver until the description is written",
                },
                "requester": "王敏",
                "approver": "李强",
                "approved": approved.isoformat(),
                "expires": expires.isoformat(),
            }
        ],
    }
    (pack / "waivers.yaml").write_text(yaml.safe_dump(waivers, allow_unicode=True), encoding="utf-8")
    return pack


def _waived_project(tmp_path: Path) -> Path:
    project = tmp_path / "waived"
    (project / "program").mkdir(parents=True)
    (project / "Pulumi.yaml").write_text(
        f"name: waived\nruntime:\n  name: python\n  options:\n    virtualenv: {REPO / '.venv'}\nmain: program/\n",
        encoding="utf-8",
    )
    (project / "program" / "__main__.py").write_text(WAIVED_PROGRAM, encoding="utf-8")
    return project


def test_a_mandatory_rule_blocks_up_and_nothing_is_created(
    engine_repo: Path, engine_cloud: EngineCloud, tmp_path: Path
) -> None:
    env = isolated_environ(engine_repo, engine_cloud, tmp_path)
    before = _everything(engine_cloud)
    project = tmp_path / "bad"  # a copy: stack init writes its salt into the stack file
    shutil.copytree(BAD_PROJECT, project)
    assert pulumi_cli(project, env, "stack", "init", "bad").returncode == 0
    up = pulumi_cli(project, env, "up", "--yes", "--stack", "bad", "--policy-pack", str(REPO / "policies"))
    assert up.returncode != 0
    assert _blocked_by("openstack-compute-instance-disallow-admin-pass", up.stdout)
    assert "sets admin_pass (SEC-10)" in up.stdout
    assert _blocked_by("openstack-networking-secgrouprule-disallow-public-admin-ports", up.stdout)
    assert _everything(engine_cloud) == before, "a blocked up created something"


def test_a_valid_waiver_lets_up_through_and_reports_waived(
    engine_repo: Path, engine_cloud: EngineCloud, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = isolated_environ(engine_repo, engine_cloud, tmp_path)
    project = _waived_project(tmp_path)
    pack = _pack_with_waiver(tmp_path, TODAY + timedelta(days=90))
    log = tmp_path / "up.events.jsonl"
    assert pulumi_cli(project, env, "stack", "init", "t").returncode == 0
    up = pulumi_cli(
        project, env, "up", "--yes", "--stack", "t", "--policy-pack", str(pack), "--event-log", str(log)
    )
    try:
        assert up.returncode == 0, up.stdout[-3000:]
        assert "waived by WVR-2026-901" in up.stdout
        assert "waived-sg" in _everything(engine_cloud)["security_groups"]
        code = govcloud(
            ["review", "--event-log", str(log), "--waivers", str(pack / "waivers.yaml"), "--format", "json"]
        )
        report = json.loads(capsys.readouterr().out)
        assert code == 0
        findings = report["findings"]
        assert [(f["policy"], f["waiverState"]) for f in findings] == [(WAIVED_RULE, "waived")]
    finally:
        assert pulumi_cli(project, env, "destroy", "--yes", "--stack", "t").returncode == 0
    done = summary(log)
    assert done is not None
    assert done.changes == {"create": 2}


def test_an_expired_waiver_blocks(engine_repo: Path, engine_cloud: EngineCloud, tmp_path: Path) -> None:
    env = isolated_environ(engine_repo, engine_cloud, tmp_path)
    project = _waived_project(tmp_path)
    pack = _pack_with_waiver(tmp_path, TODAY - timedelta(days=1))
    assert pulumi_cli(project, env, "stack", "init", "t").returncode == 0
    up = pulumi_cli(project, env, "up", "--yes", "--stack", "t", "--policy-pack", str(pack))
    assert up.returncode != 0
    assert _blocked_by(WAIVED_RULE, up.stdout)
    assert "(SEC-3, SEC-7)" in up.stdout
    assert "waived-sg" not in _everything(engine_cloud)["security_groups"]


def test_a_request_edited_after_approval_is_refused_before_anything_is_registered(
    engine_repo: Path, engine_cloud: EngineCloud, tmp_path: Path
) -> None:
    """The approval pins the request's digest: one changed byte of meaning and the program refuses."""
    env = isolated_environ(engine_repo, engine_cloud, tmp_path)
    request = yaml.safe_load(
        (REPO / "requests" / "examples" / "data-exchange.yaml").read_text(encoding="utf-8")
    )
    request["spec"]["materials"]["technicalPlanRef"] = (
        "TP-2026-DATAX-v1.1"  # still admissible, no longer approved
    )
    edited = tmp_path / "data-exchange-edited.yaml"
    edited.write_text(yaml.safe_dump(request, allow_unicode=True), encoding="utf-8")
    config = tmp_path / "Pulumi.data-exchange.yaml"
    committed = yaml.safe_load((REPO / "Pulumi.data-exchange.yaml").read_text(encoding="utf-8"))
    committed["config"]["govcloud:request"] = str(edited)
    config.write_text(yaml.safe_dump(committed, allow_unicode=True), encoding="utf-8")
    log = tmp_path / "up.events.jsonl"
    before = _everything(engine_cloud)

    scratch = tmp_path / "init"
    scratch.mkdir()
    shutil.copy2(REPO / "Pulumi.yaml", scratch)
    assert pulumi_cli(scratch, env, "stack", "init", "data-exchange").returncode == 0
    up = pulumi_cli(
        REPO,
        env,
        "up",
        "--yes",
        "--stack",
        "data-exchange",
        "--config-file",
        str(config),
        "--event-log",
        str(log),
    )
    assert up.returncode != 0
    assert "[approval-digest-matches] (LC-1, LC-8)" in up.stdout, up.stdout[-2000:]
    registered = [
        json.loads(line)["resourcePreEvent"]["metadata"]["type"]
        for line in log.read_text(encoding="utf-8").splitlines()
        if '"resourcePreEvent"' in line
    ]
    assert [t for t in registered if t.startswith("openstack:")] == []
    assert _everything(engine_cloud) == before
