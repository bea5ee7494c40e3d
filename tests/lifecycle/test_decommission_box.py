"""On the box, through the real engine: LC-9 decommission and the ordered backups (SEC-11, OPS-3), end to end.

A purpose-made tiny system (``data/lc-decom.yaml``: one server, one volume, a weekly backup) is
submitted, accepted and approved in a records folder of the test's own, built with ``govcloud
provision`` in a project and tenant of the test's own, then:

0. a critical incident suspends it (SEC-8): its server stopped through Nova, its host silent, ``provision``
   refused; ``resume`` is refused until the incident is closed with its handling report, then the
   server runs and its host answers again;
1. ``govcloud teardown`` is refused (the record has no verified copy) and nothing is destroyed;
2. ``govcloud backup run`` makes the due weekly copy, ``backup status`` shows it, ``backup drill``
   restores it into a new volume and verifies it through the API;
3. ``govcloud decommission`` by the provider before the requester and authority have acted is refused;
   then requester, authority and provider each run it: the server is stopped, the volume copied into
   an independent volume and verified, ``pulumi destroy`` run, and the record shows offline,
   backup-verified and reclaimed, verifying end to end. OpenStack then holds only the copy.

Everything the test made (stack, copies, project, user) is removed at the end, whatever happened.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from govcloud import engine
from govcloud.admission.admit import request_digest
from govcloud.engine import observed
from govcloud.lifecycle.keyring import enrol, load_keyring
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.verify import verify_record
from govcloud.loader import load_path
from govcloud.testing.box import clouds, tenants

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.testing.box.pytest_fixtures import OpenStackBox

pytestmark = [pytest.mark.slow, pytest.mark.box, pytest.mark.engine, pytest.mark.root]

REPO = Path(__file__).resolve().parents[2]
REQUEST = Path(__file__).parent / "data" / "lc-decom.yaml"
STACK = SYSTEM = "lc-decom"
REQUEST_ID = "REQ-2026-0991"
PEOPLE = {
    "王敏": ({"email": "wangmin@gov-office.example", "phone": "13800571234"}, ("requester",)),
    "张伟": ({"email": "zhangwei@dsj.gov.example", "phone": "13700001111"}, ("reviewer",)),
    "刘洋": ({"email": "liuyang@dsj.gov.example", "phone": "13700002222"}, ("authority",)),
    "赵磊": ({"email": "zhaolei@provider.example", "phone": "13700003333"}, ("provider",)),
}
SHARED = ("policies", "catalog", ".venv", "bin", ".pulumi-home")
"""What the test's project links from the checkout: pack, catalogue, venv, built engine. The program
(``stacks/``) is copied: it finds its project from its own path."""


@pytest.fixture
def tenant(openstack_box: OpenStackBox, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A project and member user of the test's own; emptied and removed afterwards."""
    admin = openstack_box.connect(openstack_box.admin_cloud)
    with tenants.own_tenant(
        admin, tmp_path, "lc-decom", "govcloud lifecycle decommission test tenant"
    ) as own:
        yield own.clouds_yaml, own.name


def _project(base: Path) -> Path:
    """A project directory with the stack ``lc-decom``: its own request, approval, key and records."""
    root = base / "project"
    root.mkdir()
    (root / "Pulumi.yaml").write_text((REPO / "Pulumi.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for name in SHARED:
        (root / name).symlink_to(REPO / name)
    shutil.copytree(REPO / "stacks", root / "stacks", ignore=shutil.ignore_patterns("__pycache__"))
    request = root / "lc-decom.yaml"
    shutil.copyfile(REQUEST, request)
    approval = {
        "apiVersion": "govcloud-iac/v1",
        "kind": "Approval",
        "metadata": {"requestId": REQUEST_ID},
        "spec": {
            "requestDigest": request_digest(load_path(request).data),
            "decision": "approved",
            "approvedBy": {
                "name": "刘洋",
                "email": "liuyang@dsj.gov.example",
                "unit": {"zh": "市大数据发展管理局", "en": "Municipal Big Data Development Bureau"},
            },
            "approvedAt": "2026-11-18",
        },
    }
    (root / "approval.yaml").write_text(yaml.safe_dump(approval, allow_unicode=True), encoding="utf-8")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(base / "ops")], check=True)
    config = {
        "govcloud:request": "lc-decom.yaml",
        "govcloud:approval": "approval.yaml",
        "govcloud:sshPublicKey": (base / "ops.pub").read_text(encoding="utf-8").strip(),
    }
    (root / f"Pulumi.{STACK}.yaml").write_text(yaml.safe_dump({"config": config}), encoding="utf-8")
    return root


class Desk:
    """``govcloud`` as a subprocess in the test's project, records, keys, tenant and engine state."""

    def __init__(self, base: Path, cloud: tuple[Path, str]) -> None:
        """Project, enrolled people and the environment every command gets."""
        self.root = _project(base)
        self.records, self.keys = base / "records", base / "keys"
        for name, (contact, roles) in PEOPLE.items():
            enrol(self.records, self.keys, {"name": name, **contact}, roles)
        (base / "state").mkdir()
        self.env = engine.engine_environ(REPO) | {
            "GOVCLOUD_ROOT": str(self.root),
            "GOVCLOUD_RECORDS": str(self.records),
            "GOVCLOUD_KEYS": str(self.keys),
            "PULUMI_BACKEND_URL": (base / "state").as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": secrets.token_urlsafe(16),
            "OS_CLIENT_CONFIG_FILE": str(cloud[0]),
            "OS_CLOUD": cloud[1],
        }
        self.cloud = cloud

    def run(self, *argv: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        """``govcloud <argv>``; output kept for the assertion messages."""
        return subprocess.run(
            [str(REPO / ".venv" / "bin" / "govcloud"), *argv],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )

    def ok(self, *argv: str) -> str:
        """Run and require exit 0; the output."""
        done = self.run(*argv)
        assert done.returncode == 0, (
            f"govcloud {' '.join(argv)}: {done.returncode}\n{done.stdout}\n{done.stderr}"
        )
        return done.stdout + done.stderr

    def conn(self) -> Any:
        """An openstacksdk connection as the test's tenant."""
        return clouds.connect(*self.cloud)

    def events(self) -> list[str]:
        """The record's events, in order."""
        return [e["event"] for e in read_entries(self.records / f"{REQUEST_ID}.jsonl")]


@pytest.fixture
def desk(tenant: tuple[Path, str], tmp_path: Path) -> Iterator[Desk]:
    """The desk; the stack is destroyed at the end if a step left it standing."""
    made = Desk(tmp_path, tenant)
    yield made
    made.run("teardown", STACK, "--no-record", "cleanup of the lifecycle box test")  # refused once recorded
    runner = ["pulumi", "destroy", "--yes", "--non-interactive", "--stack", STACK]
    config = made.root / ".govcloud" / "stacks" / f"Pulumi.{STACK}.yaml"
    for _attempt in range(3):  # a box API restarted by another suite's fault test may refuse a call
        if not config.exists():
            break
        argv = [*runner, "--config-file", str(config)]
        if subprocess.run(argv, cwd=made.root, env=made.env, check=False, timeout=900).returncode == 0:
            break


def test_backups_drill_and_decommission_of_a_real_stack(desk: Desk, openstack_box: OpenStackBox) -> None:
    request = str(desk.root / "lc-decom.yaml")
    desk.ok("submit", request, "--as", "王敏", "--role", "requester")
    desk.ok("accept", REQUEST_ID, "--as", "张伟", "--role", "reviewer")
    desk.ok("approve", request, "--as", "刘洋", "--role", "authority")
    built = desk.ok("provision", STACK)
    assert "OpenStack holds the plan" in built, built
    desk.ok("record", "provisioned", REQUEST_ID, "--as", "赵磊", "--role", "provider")
    conn = desk.conn()
    _suspended_and_resumed(desk, conn, openstack_box.paths.state / "standins" / "ssh_config")
    (volume,) = [v for v in conn.block_storage.volumes(details=True) if v.name == f"{SYSTEM}-app-1-data-1"]
    _teardown_is_refused(desk, conn, volume)
    copy = _backup_runs_and_its_drill_restores(desk, conn, volume)
    _decommission_in_turn(desk, conn, volume, copy)


def _answers(desk: Desk, ssh_config: Path) -> bool:
    """Whether the stack's one host answers a fresh SSH connection now (address and user from its inventory)."""
    inventory = yaml.safe_load((desk.root / "inventories" / f"{STACK}.yml").read_text(encoding="utf-8"))
    (host,) = inventory["all"]["hosts"].values()
    argv = ["ssh", "-F", str(ssh_config), "-i", str(desk.root.parent / "ops"), "-o", "BatchMode=yes"]
    argv += ["-o", "ConnectTimeout=5", f"{host['ansible_user']}@{host['ansible_host']}", "true"]
    return subprocess.run(argv, capture_output=True, check=False, timeout=30).returncode == 0


def _until(predicate: Any, within: float) -> bool:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(2)
    return True


def _suspended_and_resumed(desk: Desk, conn: Any, ssh_config: Path) -> None:
    """SEC-8, OPS-2: a critical incident suspends the system through Nova; restored only after handling."""
    (name,) = observed.observe(conn, SYSTEM).servers
    server = conn.compute.find_server(name, ignore_missing=False)
    assert _answers(desk, ssh_config), "the host answers before the incident"
    opened = desk.ok(
        "incident", "open", REQUEST_ID, "--severity", "critical", "--summary-zh", "主机外联僵尸网络",
        "--summary-en", "the host calls a botnet", "--as", "赵磊", "--role", "provider",
    )  # fmt: skip
    (incident,) = set(re.findall(rf"INC-{REQUEST_ID}-\d+", opened))
    desk.ok("suspend", STACK, "--incident", incident, "--as", "赵磊", "--role", "provider")
    assert conn.compute.get_server(server.id).status == "SHUTOFF"
    assert _until(lambda: not _answers(desk, ssh_config), 90), "a suspended host no longer answers"
    refused = desk.run("provision", STACK)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "[record-not-suspended]" in refused.stdout + refused.stderr
    early = desk.run("resume", STACK, "--as", "赵磊", "--role", "provider")
    assert early.returncode == 1, early.stdout + early.stderr
    assert "[resume-after-handling]" in early.stderr
    assert conn.compute.get_server(server.id).status == "SHUTOFF", "nothing started before the handling"
    desk.ok(
        "incident", "close", REQUEST_ID, incident, "--report", "IR-2026-0991-01", "--summary-zh", "已清除木马并加固",
        "--summary-en", "the trojan is removed and the host hardened", "--as", "赵磊", "--role", "provider",
    )  # fmt: skip
    desk.ok("resume", STACK, "--as", "赵磊", "--role", "provider")
    assert conn.compute.get_server(server.id).status == "ACTIVE"
    assert _until(lambda: _answers(desk, ssh_config), 120), "the resumed host answers again"
    assert [e for e in desk.events() if e.startswith(("incident", "suspend", "resum"))] == [
        "incident-opened",
        "suspended",
        "incident-closed",
        "resumed",
    ]


def _teardown_is_refused(desk: Desk, conn: Any, volume: Any) -> None:
    """Teardown asks the record: no verified copy, nothing destroyed."""
    refused = desk.run("teardown", STACK)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert refused.stderr.startswith(
        f"govcloud teardown: {STACK}: {REQUEST_ID} (LC-9, SEC-11): 记录的最后一次 backup-verified 没有"
    ), refused.stderr
    assert refused.stderr.endswith(" (use govcloud decommission) [teardown-backup-verified]\n"), (
        refused.stderr
    )
    assert f"{SYSTEM}-app-1-data-1" in refused.stderr
    assert conn.block_storage.get_volume(volume.id).status == "in-use"
    assert len(observed.observe(conn, SYSTEM).servers) == 1


def _backup_runs_and_its_drill_restores(desk: Desk, conn: Any, volume: Any) -> dict[str, Any]:
    """The ordered weekly backup runs, is reported, and its copy restores in a drill; the copy."""
    status = json.loads(desk.run("backup", "status", "--format", "json").stdout)
    assert [(r["requestId"], r["schedule"], r["due"]) for r in status] == [(REQUEST_ID, "bak.weekly", True)]
    ran = desk.ok("backup", "run", "--as", "赵磊", "--role", "provider")
    assert f"{REQUEST_ID} bak.weekly: 1 snapshot copy(ies) verified" in ran
    (run_entry,) = [
        e for e in read_entries(desk.records / f"{REQUEST_ID}.jsonl") if e["data"].get("schedule")
    ]
    (copy,) = run_entry["data"]["volumes"]
    assert (copy["volume_id"], copy["verified"]) == (volume.id, True)
    snapshot = conn.block_storage.get_snapshot(copy["copy_id"])
    assert (snapshot.status, snapshot.volume_id, snapshot.size) == ("available", volume.id, volume.size)
    assert "0 schedule run(s)" in desk.ok(
        "backup", "run", "--as", "赵磊", "--role", "provider"
    )  # not due again
    after = desk.run("backup", "status", "--format", "json")
    assert after.returncode == 0, after.stderr  # nothing missed
    assert [(r["lastRun"] is not None, r["due"]) for r in json.loads(after.stdout)] == [(True, False)]
    drill = desk.ok("backup", "drill", STACK, "--as", "赵磊", "--role", "provider")
    assert "restored and verified" in drill, drill
    evidence = json.loads((desk.root / "reports" / STACK / "restore-drill.json").read_text(encoding="utf-8"))
    assert evidence["operation"]["copy"] == copy["copy_id"]
    assert evidence["verification"]["verified"] is True
    assert evidence["operation"]["cleanedUp"] is True
    assert conn.block_storage.find_volume(evidence["operation"]["restoredVolume"]) is None
    return dict(copy)


def _decommission_in_turn(desk: Desk, conn: Any, volume: Any, copy: dict[str, Any]) -> None:
    """Refused out of turn, then each party in its role; the provider's run leaves only the copy."""
    early = desk.run("decommission", STACK, "--as", "赵磊", "--role", "provider")
    assert early.returncode == 1
    assert early.stderr.startswith(f"govcloud decommission: stage (LC-9, SEC-4): {REQUEST_ID} 处于 "), (
        early.stderr
    )
    assert early.stderr.endswith(
        "(govcloud decommission --role requester, then --role authority) [decommission-approved-first]\n"
    ), early.stderr
    desk.ok("decommission", STACK, "--as", "王敏", "--role", "requester", "--reason", "并入省平台 / merged")
    desk.ok("decommission", STACK, "--as", "刘洋", "--role", "authority")
    out = desk.ok("decommission", STACK, "--as", "赵磊", "--role", "provider")
    assert "copies by snapshot" in out
    assert desk.events()[-4:] == ["decommission-approved", "offline", "backup-verified", "reclaimed"], out
    entries = read_entries(desk.records / f"{REQUEST_ID}.jsonl")
    offline = next(e for e in entries if e["event"] == "offline")["data"]["servers"]
    assert [s["status"] for s in offline] == ["SHUTOFF"]
    (kept,) = next(e for e in reversed(entries) if e["event"] == "backup-verified")["data"]["volumes"]
    assert (kept["volume_id"], kept["method"], kept["verified"]) == (volume.id, "snapshot-clone", True)
    clone = conn.block_storage.get_volume(kept["copy_id"])
    assert (clone.status, clone.size) == ("available", volume.size)
    assert clone.metadata.get("govcloud:copy-of") == volume.id
    assert entries[-1]["data"]["releasedSnapshots"] == [
        copy["copy_id"]
    ]  # the weekly copy died with the volume
    assert conn.block_storage.find_volume(volume.id) is None
    assert observed.observe(conn, SYSTEM).ids <= {kept["copy_id"]}  # nothing of the system but the copy
    assert verify_record(desk.records / f"{REQUEST_ID}.jsonl", load_keyring(desk.records)).problems == ()
    (state,) = json.loads(desk.run("status", "--format", "json").stdout)
    assert (state["requestId"], state["stage"], state["overdueDays"]) == (REQUEST_ID, "reclaimed", 0)
    again = desk.ok("decommission", STACK, "--as", "赵磊", "--role", "provider")
    assert "already reclaimed" in again
    assert os.environ.get("OS_CLOUD") != desk.cloud[1]  # the test never leaked its tenant into this process
