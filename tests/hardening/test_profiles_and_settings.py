"""Settings merged the way Ansible merges them; tier profiles and the port allowlist (SEC-3, SEC-10)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml

from govcloud.catalogue.model import load_default
from govcloud.hardening.errors import HardeningInputError
from govcloud.hardening.profiles import login_system_accounts, port_allowlist, tier_profile, tmp_fstab_line
from govcloud.hardening.settings import (
    load_targets,
    load_vars_file,
    platform_vars,
    request_vars,
    role_defaults,
)

DATA = Path(__file__).parents[1] / "stacks" / "data"
P = "govcloud_hardening_"


def test_tier_profile_follows_the_tier_group_else_generic() -> None:
    profiles = role_defaults()[f"{P}profiles"]
    assert tier_profile(["mlps_level_3", "tier_db", "zone_internet"], profiles) == "db"
    assert tier_profile(["tier_cache"], profiles) == "generic"
    assert tier_profile([], profiles) == "generic"


def test_declared_ingress_replaces_the_profile_ports() -> None:
    profiles = role_defaults()[f"{P}profiles"]
    declared = [
        {"port": 5432, "protocol": "tcp", "from": "app"},
        {"port": 5432, "protocol": "tcp", "from": "web"},
    ]
    assert port_allowlist(profiles, ["tier_db"], declared, 22) == [
        {"port": 22, "protocol": "tcp", "from": "bastion"},
        {"port": 5432, "protocol": "tcp", "from": "app"},
    ]
    fallback = port_allowlist(profiles, ["tier_db"], None, 22)
    assert [(e["port"], e["from"]) for e in fallback] == [(22, "bastion"), (5432, "zone"), (3306, "zone")]


def test_declared_ingress_with_a_bad_protocol_is_refused() -> None:
    with pytest.raises(ValueError, match="govcloud_declared_ingress"):
        port_allowlist({}, [], [{"port": 53, "protocol": "icmp", "from": "zone"}], 22)


def test_tmp_is_noexec_only_where_the_tier_allows() -> None:
    assert ",noexec," in tmp_fstab_line({"tmp_noexec": True})
    assert "noexec" not in tmp_fstab_line({"tmp_noexec": False})


def test_login_system_accounts_lists_only_open_system_shells() -> None:
    passwd = {
        "root": ["x", "0", "0", "", "/root", "/bin/bash"],
        "daemon": ["x", "1", "1", "", "/", "/usr/sbin/nologin"],
        "backup": ["x", "34", "34", "", "/", "/bin/sh"],
        "ops": ["x", "1000", "1000", "", "/home/ops", "/bin/bash"],
    }
    assert login_system_accounts(passwd, 999, ["root"], ["/usr/sbin/nologin"]) == ["backup"]


def test_platform_vars_come_from_the_catalogue() -> None:
    extra = platform_vars(load_default())
    assert extra == {
        f"{P}bastion_cidrs": ["10.250.0.0/24"],
        f"{P}log_server": "10.250.1.30",
        f"{P}log_server_port": 6514,
    }


def test_the_request_decides_whether_the_host_ids_applies() -> None:
    root = Path(__file__).parents[2]
    assert request_vars(root, "gov-portal") == {f"{P}hids_ordered": True}, "gov-portal orders sec.hids"
    assert request_vars(root, "no-such-stack") == {}, "no request: the role default applies"


def test_targets_of_the_gov_portal_inventory_merge_defaults_inventory_and_extra_vars() -> None:
    extra = {**platform_vars(load_default()), f"{P}password_minlen": 14}
    targets = {t.name: t for t in load_targets(DATA / "gov-portal.inventory.yml", extra)}
    assert sorted(targets) == [
        "gov-portal-app-1",
        "gov-portal-app-2",
        "gov-portal-db-1",
        "gov-portal-web-1",
        "gov-portal-web-2",
    ]
    web, db = targets["gov-portal-web-1"], targets["gov-portal-db-1"]
    assert (web.address, web.user) == ("10.103.145.148", "ops")
    assert web.settings[f"{P}profile_name"] == "web"
    assert db.settings[f"{P}profile_name"] == "db"
    assert web.settings[f"{P}password_minlen"] == 14, "extra vars win over role defaults"
    assert web.settings[f"{P}faillock_deny"] == 5, "role defaults fill the rest"
    assert web.settings["govcloud_request_id"] == "REQ-2026-0042", "inventory all.vars reach the host"
    declared = yaml.safe_load((DATA / "gov-portal.inventory.yml").read_text(encoding="utf-8"))["all"]["hosts"]
    for name, target in targets.items():
        wanted = {(e["port"], e["protocol"], e["from"]) for e in declared[name]["govcloud_declared_ingress"]}
        allowed = {(e["port"], e["protocol"], e["from"]) for e in target.settings[f"{P}allowed_ports"]}
        assert allowed == wanted | {(22, "tcp", "bastion")}, f"{name}: the declared ingress is the allowlist"


def test_inventory_without_hosts_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "empty.yml"
    path.write_text("all:\n  hosts: {}\n", encoding="utf-8")
    with pytest.raises(HardeningInputError) as caught:
        load_targets(path, {})
    assert (caught.value.field, caught.value.rule) == ("all.hosts", "SEC-10")
    assert "清单中没有主机" in caught.value.message()
    assert "the inventory lists no hosts" in caught.value.message()


def test_vars_file_with_an_unknown_variable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vars.yml"
    path.write_text("govcloud_hardening_pasword_minlen: 8\n", encoding="utf-8")
    with pytest.raises(HardeningInputError) as caught:
        load_vars_file(path, role_defaults())
    assert caught.value.field == "govcloud_hardening_pasword_minlen"


def test_vars_file_with_a_wrong_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vars.yml"
    path.write_text("govcloud_hardening_password_minlen: '12'\n", encoding="utf-8")
    with pytest.raises(HardeningInputError) as caught:
        load_vars_file(path, role_defaults())
    assert caught.value.message().endswith(
        "govcloud_hardening_password_minlen: 类型应为 int / must be of type int [SEC-10]"
    )


def test_netns_environment_file_only_sets_role_variables() -> None:
    path = Path(__file__).parents[2] / "playbooks" / "environments" / "netns-hosts.yml"
    assert load_vars_file(path, role_defaults()) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_stack_key_pair_is_the_default_private_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govcloud.hardening import job  # noqa: PLC0415

    (tmp_path / "id_ed25519").write_text("key", encoding="utf-8")
    real = job.settings.read

    def read(root: Path, stack: str) -> job.settings.StackSettings:
        committed = real(root, stack)
        values = {**committed.values, "sshPublicKeyFile": str(tmp_path / "id_ed25519.pub")}
        return job.settings.StackSettings(stack, root, values, committed.source)

    monkeypatch.setattr(job.settings, "read", read)
    inventory = DATA / "gov-portal.inventory.yml"
    parser = argparse.ArgumentParser()
    job.add_options(parser)
    resolved = job.resolve(parser.parse_args(["gov-portal", "--inventory", str(inventory)]), "harden")
    assert resolved.connection.identity == tmp_path / "id_ed25519"
    assert resolved.extravars["ansible_ssh_private_key_file"] == str(tmp_path / "id_ed25519")
    assert "ansible_become" not in resolved.extravars, (
        "the play becomes root, the role's source read does not"
    )
    assert resolved.reports.name == "gov-portal"
