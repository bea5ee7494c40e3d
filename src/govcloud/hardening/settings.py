"""The values hardening applies and the audit expects, merged once the way Ansible merges them.

Role defaults < inventory ``all.vars`` < group vars < host vars < extra vars (the platform facts of
the catalogue, then a ``--vars`` file), plus the derived tier profile and port allowlist. The role
gets the same inputs from Ansible itself; the compliance suite gets them from here.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.hardening.errors import HardeningInputError
from govcloud.hardening.profiles import port_allowlist, tier_profile
from govcloud.loader import UnusableInputError, load_path
from govcloud.provisioning import settings as stack_settings
from govcloud.provisioning.inventory import HOST_NAME, LOGIN_USER
from govcloud.provisioning.refusals import RefusedError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue

ROLE = "govcloud_hardening"
PREFIX = "govcloud_hardening_"
SYSLOG_SERVICE = "syslog"
HIDS_ITEM = "sec.hids"
# Inventory variables the role reads besides its own (written by `govcloud inventory`, issue 13).
INVENTORY_VARS = frozenset({"govcloud_declared_ingress"})


def playbooks_dir() -> Path:
    """The checkout's ``playbooks/`` (playbook, roles, variable files)."""
    return paths.project_root() / "playbooks"


def role_defaults() -> dict[str, Any]:
    """The role's ``defaults/main.yml``: every setting and its default."""
    path = playbooks_dir() / "roles" / ROLE / "defaults" / "main.yml"
    data = _load_mapping(path, "SEC-10")
    return dict(data)


def os_vars(family: str) -> dict[str, Any]:
    """The role's names for an OS family (``vars/<family>.yml``): paths, packages, tools."""
    data = _load_mapping(playbooks_dir() / "roles" / ROLE / "vars" / f"{family}.yml", "SEC-10")
    return dict(data[f"{PREFIX}os"])


def platform_vars(catalogue: Catalogue) -> dict[str, Any]:
    """Extra vars from the catalogue's platform: bastion networks (SEC-3) and the log service (SEC-7)."""
    out: dict[str, Any] = {f"{PREFIX}bastion_cidrs": list(catalogue.platform.bastion_cidrs)}
    for service in catalogue.platform.network.provider_services:
        if service.id == SYSLOG_SERVICE:
            out[f"{PREFIX}log_server"] = str(ipaddress.ip_network(service.cidr).network_address)
            out[f"{PREFIX}log_server_port"] = service.ports[0]
    return out


def request_vars(root: Path, stack: str) -> dict[str, Any]:
    """Extra vars from the approved request the stack builds: whether it ordered the host IDS (SEC-10).

    A stack without a request (a test inventory) contributes nothing, so the role default applies.
    """
    try:
        request = stack_settings.read(root, stack).optional_path("request")
    except RefusedError:
        return {}
    if request is None:
        return {}
    spec = _load_mapping(request, "LC-2").get("spec") or {}
    items = {line.get("item") for line in spec.get("resources") or [] if isinstance(line, dict)}
    return {f"{PREFIX}hids_ordered": HIDS_ITEM in items}


def load_vars_file(path: Path, defaults: Mapping[str, Any]) -> dict[str, Any]:
    """A ``--vars`` file: only the role's own variables, so a typo is an error, not a silent default."""
    data = _load_mapping(path, "SEC-10")
    for key, value in data.items():
        if key in defaults and type(value) is not type(defaults[key]):
            kind = type(defaults[key]).__name__
            raise HardeningInputError(
                str(path), str(key), "SEC-10", Text(f"类型应为 {kind}", f"must be of type {kind}")
            )
        if key not in defaults and key not in INVENTORY_VARS:
            raise HardeningInputError(
                str(path),
                str(key),
                "SEC-10",
                Text(
                    f"不是加固角色的变量（应为 {PREFIX}* 之一）",
                    f"not a variable of the role (one of {PREFIX}*)",
                ),
            )
    return dict(data)


@dataclass(frozen=True)
class Target:
    """One inventory host as the commands and the suite reach and judge it."""

    name: str
    address: str
    user: str
    groups: tuple[str, ...]
    settings: Mapping[str, Any]
    """Merged variables, including ``govcloud_hardening_profile_name`` and ``..._allowed_ports``."""


def load_targets(inventory: Path, extra_vars: Mapping[str, Any]) -> list[Target]:
    """Every host of an inventory written by ``govcloud inventory``, with its merged settings."""
    data = _load_mapping(inventory, "SEC-10")
    top = data.get("all")
    if not isinstance(top, dict) or not isinstance(top.get("hosts"), dict) or not top["hosts"]:
        raise HardeningInputError(
            str(inventory), "all.hosts", "SEC-10", Text("清单中没有主机", "the inventory lists no hosts")
        )
    groups = _groups(top, inventory)
    defaults = role_defaults()
    targets = []
    for name, host_vars in sorted(top["hosts"].items()):
        field = f"all.hosts.{name}"
        if not isinstance(name, str) or not HOST_NAME.match(name) or not isinstance(host_vars, dict):
            raise HardeningInputError(
                str(inventory),
                field,
                "SEC-10",
                Text("主机名或主机变量无效", "not a plain host name with variables"),
            )
        member_of = tuple(sorted(g for g, members in groups.items() if name in members[0]))
        merged: dict[str, Any] = {**defaults, **(top.get("vars") or {})}
        for group in member_of:
            merged.update(groups[group][1])
        merged.update(host_vars)
        merged.update(extra_vars)
        address, user = merged.get("ansible_host", name), merged.get("ansible_user")
        if not isinstance(user, str) or not LOGIN_USER.match(user):
            raise HardeningInputError(
                str(inventory), f"{field}.ansible_user", "SEC-10", Text("缺少登录用户", "no plain login user")
            )
        try:
            address = str(ipaddress.ip_address(str(address)))
            merged[f"{PREFIX}profile_name"] = tier_profile(member_of, merged[f"{PREFIX}profiles"])
            merged[f"{PREFIX}allowed_ports"] = port_allowlist(
                merged[f"{PREFIX}profiles"],
                member_of,
                merged.get("govcloud_declared_ingress"),
                merged[f"{PREFIX}ssh_port"],
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise HardeningInputError(
                str(inventory),
                field,
                "SEC-10",
                Text(f"主机变量无法使用：{exc}", f"unusable host variables: {exc}"),
            ) from exc
        targets.append(Target(name, address, user, member_of, merged))
    return targets


def _groups(top: Mapping[str, Any], inventory: Path) -> dict[str, tuple[set[str], dict[str, Any]]]:
    """Group name -> (member hosts, group vars), one level of children as the generator writes."""
    children = top.get("children") or {}
    if not isinstance(children, dict):
        raise HardeningInputError(
            str(inventory), "all.children", "SEC-10", Text("分组不是映射", "the groups are not a mapping")
        )
    out = {}
    for group, raw in children.items():
        body = raw or {}
        if not isinstance(body, dict):
            raise HardeningInputError(
                str(inventory), f"all.children.{group}", "SEC-10", Text("分组无效", "not a group mapping")
            )
        out[str(group)] = (set(body.get("hosts") or {}), dict(body.get("vars") or {}))
    return out


def _load_mapping(path: Path, rule: str) -> Mapping[str, Any]:
    try:
        data = load_path(path).data
    except UnusableInputError as exc:
        raise HardeningInputError(str(path), "(document)", rule, exc.text) from exc
    if not isinstance(data, dict):
        raise HardeningInputError(
            str(path), "(document)", rule, Text("顶层必须是映射", "the top level must be a mapping")
        )
    return data
