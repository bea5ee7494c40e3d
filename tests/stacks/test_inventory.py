"""The Ansible inventory generator on captured stack outputs (SEC-2 groups by level, SEC-5 no secrets)."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud import cli
from govcloud.provisioning.inventory import (
    InventoryError,
    build_inventory,
    host_groups,
    load_outputs_file,
    read_stack_outputs,
    render_inventory,
    write_inventory,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
STACKS = ["approval", "data-exchange", "gov-portal"]


def _outputs(stack: str) -> dict[str, Any]:
    return load_outputs_file(DATA / f"{stack}.outputs.json")


@pytest.mark.parametrize("stack", STACKS)
def test_committed_inventory_is_what_the_generator_writes(stack: str, tmp_path: Path) -> None:
    written = write_inventory(_outputs(stack), stack, tmp_path)
    golden = DATA / f"{stack}.inventory.yml"
    assert written.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8"), (
        f"the generator's output changed: compare it with {golden}"
    )


@pytest.mark.parametrize("stack", STACKS)
def test_groups_by_tier_zone_and_level(stack: str) -> None:
    outputs = _outputs(stack)
    children = build_inventory(outputs, stack)["all"]["children"]
    for name, host in outputs["hosts"].items():
        for group in (f"tier_{host['tier']}", f"zone_{host['zone']}", f"mlps_level_{host['level']}"):
            assert name in children[group]["hosts"], f"host {name} missing from group {group}"
        assert host["groups"] == host_groups(host["tier"], host["zone"], host["level"])


@pytest.mark.parametrize("stack", STACKS)
def test_host_vars(stack: str) -> None:
    outputs = _outputs(stack)
    hosts = build_inventory(outputs, stack)["all"]["hosts"]
    for name, host in outputs["hosts"].items():
        facts = hosts[name]
        assert facts["ansible_host"] == host["addresses"]["private"], (
            "Ansible goes through the bastion (SEC-4)"
        )
        assert facts["ansible_user"] == host["login_user"]
        assert facts["govcloud_mlps_level"] == host["level"]
        assert ("govcloud_public_address" in facts) == (host["addresses"]["public"] is not None)


@pytest.mark.parametrize("stack", STACKS)
def test_ansible_reads_the_inventory(stack: str, tmp_path: Path) -> None:
    ansible_inventory = Path(sys.executable).parent / "ansible-inventory"
    env = {**os.environ, "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true", "ANSIBLE_LOCAL_TEMP": str(tmp_path)}
    done = subprocess.run(
        [str(ansible_inventory), "-i", str(DATA / f"{stack}.inventory.yml"), "--list"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    listed = json.loads(done.stdout)
    hosts = _outputs(stack)["hosts"]
    assert sorted(listed["_meta"]["hostvars"]) == sorted(hosts)
    level = next(iter(hosts.values()))["level"]
    assert sorted(listed[f"mlps_level_{level}"]["hosts"]) == sorted(hosts)
    assert "WARNING" not in done.stderr, done.stderr


def test_floats_from_the_wire_become_ints() -> None:
    outputs = copy.deepcopy(_outputs("gov-portal"))
    for host in outputs["hosts"].values():
        host["level"] = float(host["level"])
    inventory = build_inventory(outputs, "gov-portal")
    assert "mlps_level_3" in inventory["all"]["children"]
    assert all(isinstance(h["govcloud_mlps_level"], int) for h in inventory["all"]["hosts"].values())


def test_hostile_values_stay_data() -> None:
    outputs = copy.deepcopy(_outputs("data-exchange"))
    hostile = "x\n- evil: {ansible_host: 6.6.6.6}\n&a *a !!python/object:os.system"
    outputs["tenant"]["unit"] = hostile
    for host in outputs["hosts"].values():
        host["tier"] = hostile
        host["image"] = "'; rm -rf / #"
    text = render_inventory(build_inventory(outputs, "data-exchange"), "data-exchange")
    loaded = yaml.safe_load(text)
    assert loaded["all"]["vars"]["govcloud_unit"] == hostile
    assert set(loaded["all"]) == {"vars", "hosts", "children"}
    groups = set(loaded["all"]["children"])
    assert all(g.replace("_", "").isalnum() for g in groups), groups


@pytest.mark.parametrize("name", ["web 1", "web-1; rm -rf /", "../etc", "", "WEB", "a" * 64, "x\ny"])
def test_hostile_host_names_refused(name: str) -> None:
    outputs = copy.deepcopy(_outputs("data-exchange"))
    host = next(iter(outputs["hosts"].values()))
    outputs["hosts"] = {name: host}
    with pytest.raises(InventoryError, match="host name"):
        build_inventory(outputs, "data-exchange")


@pytest.mark.parametrize(
    ("path", "value", "match"),
    [
        (("addresses", "private"), "[secret]", "secret"),
        (("addresses", "private"), "not-an-ip", "not an IP"),
        (("login_user",), "root; x", "login user"),
        (("level",), 7, "MLPS"),
        (("level",), True, "MLPS"),
        (("flavor",), {"nested": 1}, "plain value"),
    ],
)
def test_bad_host_values_refused(path: tuple[str, ...], value: Any, match: str) -> None:
    outputs = copy.deepcopy(_outputs("gov-portal"))
    target = next(iter(outputs["hosts"].values()))
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InventoryError, match=match):
        build_inventory(outputs, "gov-portal")


def test_no_secret_or_unknown_output_reaches_the_inventory() -> None:
    outputs = copy.deepcopy(_outputs("gov-portal"))
    outputs["admin_password"] = "hunter2"  # noqa: S105 - a planted fake secret
    outputs["tenant"]["token"] = "s3cr3t"  # noqa: S105 - a planted fake secret
    for host in outputs["hosts"].values():
        host["admin_pass"] = "hunter2"  # noqa: S105 - a planted fake secret
    text = render_inventory(build_inventory(outputs, "gov-portal"), "gov-portal")
    assert "hunter2" not in text
    assert "s3cr3t" not in text


def test_outputs_without_hosts_refused() -> None:
    with pytest.raises(InventoryError, match="no 'hosts'"):
        build_inventory({"tenant": {}}, "x")


def test_bad_stack_name_refused(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="stack name"):
        write_inventory(_outputs("gov-portal"), "../evil", tmp_path)


def test_cli_writes_from_captured_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(
        [
            "inventory",
            "gov-portal",
            "--outputs",
            str(DATA / "gov-portal.outputs.json"),
            "--dir",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "gov-portal.yml")
    assert (tmp_path / "gov-portal.yml").read_text(encoding="utf-8") == (
        DATA / "gov-portal.inventory.yml"
    ).read_text(encoding="utf-8")


def test_cli_reports_unreadable_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "o.json"
    bad.write_text("[1]", encoding="utf-8")
    assert cli.main(["inventory", "x", "--outputs", str(bad), "--dir", str(tmp_path)]) == 2  # unusable input
    assert "JSON object" in capsys.readouterr().err
    assert not (tmp_path / "x.yml").exists()


def test_cli_without_engine_says_how_to_get_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if (ROOT / "bin" / "pulumi").exists() or shutil.which("pulumi"):
        monkeypatch.setenv("PATH", "/nonexistent")
        monkeypatch.setattr("govcloud.engine.BIN_DIR", "no-such-bin")
    assert cli.main(["inventory", "gov-portal", "--dir", str(tmp_path)]) == 3  # no engine, as provision
    assert "pulumi is missing" in capsys.readouterr().err


def test_read_stack_outputs_runs_pulumi_with_secrets_masked(tmp_path: Path) -> None:
    fake = tmp_path / "pulumi"
    log = tmp_path / "argv"
    captured = (DATA / "approval.outputs.json").read_text(encoding="utf-8")
    (tmp_path / "out.json").write_text(captured, encoding="utf-8")
    fake.write_text(f'#!/bin/sh\necho "$@" > {log}\ncat {tmp_path / "out.json"}\n', encoding="utf-8")
    fake.chmod(0o755)
    assert read_stack_outputs("approval", fake, tmp_path) == json.loads(captured)
    assert log.read_text(encoding="utf-8").split() == [
        "stack",
        "output",
        "--json",
        "--show-secrets=false",
        "--stack",
        "approval",
    ]


def test_read_stack_outputs_reports_engine_failure(tmp_path: Path) -> None:
    fake = tmp_path / "pulumi"
    fake.write_text("#!/bin/sh\necho 'error: no stack named x' >&2\nexit 255\n", encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(InventoryError, match="no stack named x"):
        read_stack_outputs("x", fake, tmp_path)
    with pytest.raises(InventoryError, match="stack name"):
        read_stack_outputs("-rf", fake, tmp_path)
