"""Ansible inventory from a tenant stack's outputs: the hand-off from Pulumi to hardening.

The stack exports one structured ``hosts`` mapping and a ``tenant`` summary; this module turns them
into ``inventories/<stack>.yml`` with groups by tier, zone and 等保 level (``mlps_level_<n>``), so the
hardening playbooks can target e.g. every level-3 host (SEC-2, SEC-10). Only allow-listed facts are
copied, never secrets (SEC-5: the inventory is shared with operators). Host names must be the plan's
slugs; anything else is refused rather than rewritten, and the YAML is always written by
``yaml.safe_dump`` so no value can inject structure.
"""

from __future__ import annotations

import ipaddress
import json
import re
import subprocess
from typing import TYPE_CHECKING, Any

import yaml

from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
from govcloud.files import write_atomic

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

SECRET_PLACEHOLDER = "[secret]"  # noqa: S105 - what the engine prints instead of a secret value
HOST_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
LOGIN_USER = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
STACK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_GROUP_UNSAFE = re.compile(r"[^a-z0-9]+")
# Copied from the tenant summary into ``all.vars``; everything else in the outputs is ignored.
_TENANT_VARS = ("request_id", "request_digest", "system", "unit", "zone", "level", "classification")
_OUTPUT_TIMEOUT_S = 120
_MAX_PORT = 65535


class InventoryError(GovcloudError):
    """The outputs cannot be turned into a safe inventory (exit 2); nothing is written."""

    def __init__(self, detail: str) -> None:
        """``detail`` names the output, host or field and what is wrong with it."""
        super().__init__(
            "inventory-outputs-usable",
            Text(
                f"栈输出无法生成安全的 Ansible 清单：{detail}",
                f"the outputs cannot make a safe inventory: {detail}",
            ),
        )


def group_name(prefix: str, value: str | int) -> str:
    """An Ansible-safe group name (``tier_web``): letters, digits and underscores only."""
    cleaned = _GROUP_UNSAFE.sub("_", str(value).lower()).strip("_")
    if not cleaned:
        msg = f"no usable group name from {value!r}"
        raise InventoryError(msg)
    return f"{prefix}_{cleaned}"


def host_groups(tier: str, zone: str, level: int) -> list[str]:
    """The groups a host belongs to; the stack exports them and the inventory uses the same function."""
    return [group_name("tier", tier), group_name("zone", zone), group_name("mlps_level", int(level))]


def build_inventory(outputs: Mapping[str, Any], stack: str) -> dict[str, Any]:
    """The inventory document (plain data) for one stack's outputs."""
    hosts = outputs.get("hosts")
    if not isinstance(hosts, dict) or not hosts:
        msg = f"stack {stack}: the outputs have no 'hosts' mapping"
        raise InventoryError(msg)
    tenant = outputs.get("tenant")
    tenant = tenant if isinstance(tenant, dict) else {}
    all_vars: dict[str, Any] = {"govcloud_stack": stack}
    for key in _TENANT_VARS:
        if key in tenant:
            all_vars[f"govcloud_{key}"] = _plain(tenant[key], f"tenant.{key}")
    host_vars: dict[str, dict[str, Any]] = {}
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for name, host in sorted(hosts.items()):
        if not isinstance(name, str) or not HOST_NAME.match(name):
            msg = f"stack {stack}: host name {name!r} is not a plain host name; refusing to write it"
            raise InventoryError(msg)
        if not isinstance(host, dict):
            msg = f"stack {stack}: host {name} is not a mapping"
            raise InventoryError(msg)
        host_vars[name] = _host_vars(name, host)
        level = _level(host.get("level"), name)
        for group in host_groups(str(host.get("tier", "")), str(host.get("zone", "")), level):
            groups.setdefault(group, {})[name] = {}
    return {
        "all": {
            "vars": all_vars,
            "hosts": host_vars,
            "children": {group: {"hosts": members} for group, members in sorted(groups.items())},
        }
    }


def _host_vars(name: str, host: Mapping[str, Any]) -> dict[str, Any]:
    addresses = host.get("addresses")
    addresses = addresses if isinstance(addresses, dict) else {}
    private = _address(addresses.get("private"), f"{name}.addresses.private", required=True)
    public = _address(addresses.get("public"), f"{name}.addresses.public", required=False)
    user = _plain(host.get("login_user"), f"{name}.login_user")
    if not isinstance(user, str) or not LOGIN_USER.match(user):
        msg = f"host {name}: login user {user!r} is not a plain user name"
        raise InventoryError(msg)
    facts: dict[str, Any] = {
        "ansible_host": private,
        "ansible_user": user,
        "govcloud_tier": _plain(host.get("tier"), f"{name}.tier"),
        "govcloud_zone": _plain(host.get("zone"), f"{name}.zone"),
        "govcloud_mlps_level": _level(host.get("level"), name),
        "govcloud_private_address": private,
    }
    if public is not None:
        facts["govcloud_public_address"] = public
    for key in ("flavor", "image", "request_id"):
        if key in host:
            facts[f"govcloud_{key}"] = _plain(host[key], f"{name}.{key}")
    if "security_groups" in host:
        facts["govcloud_security_groups"] = [
            _plain(group, f"{name}.security_groups") for group in host["security_groups"]
        ]
    if "declared_ingress" in host:
        facts["govcloud_declared_ingress"] = _declared_ingress(host["declared_ingress"], name)
    return facts


def _declared_ingress(value: Any, name: str) -> list[dict[str, Any]]:
    """The ports the host's tier serves (SEC-4): ``{port, protocol, from}``, each field a plain value.

    The hardening roles open only these and the audit checks that nothing else listens; a field
    that is not a port, a protocol or a tier name is refused, never passed on to a playbook.
    """
    if not isinstance(value, list):
        msg = f"host {name}: declared_ingress is not a list"
        raise InventoryError(msg)
    served: list[dict[str, Any]] = []
    for index, entry in enumerate(value):
        where = f"{name}.declared_ingress[{index}]"
        if not isinstance(entry, dict) or not set(entry) <= {"port", "protocol", "from"}:
            msg = f"output {where} is not a {{port, protocol, from}} mapping"
            raise InventoryError(msg)
        port, protocol, source = (_plain(entry.get(key), where) for key in ("port", "protocol", "from"))
        if port is not None and (
            isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= _MAX_PORT
        ):
            msg = f"output {where}: {port!r} is not a port"
            raise InventoryError(msg)
        if protocol not in {"tcp", "udp"} or not isinstance(source, str) or not HOST_NAME.match(source):
            msg = f"output {where}: protocol {protocol!r} or source {source!r} is not plain"
            raise InventoryError(msg)
        served.append({**({"port": port} if port is not None else {}), "protocol": protocol, "from": source})
    return served


def _plain(value: Any, where: str) -> Any:
    """A scalar fact; a secret placeholder means the stack marked it secret, which never goes here."""
    if value == SECRET_PLACEHOLDER:
        msg = f"output {where} is a secret; the inventory holds no secrets (SEC-5)"
        raise InventoryError(msg)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is not None and not isinstance(value, str | int | float | bool):
        msg = f"output {where} is not a plain value"
        raise InventoryError(msg)
    return value


def _address(value: Any, where: str, *, required: bool) -> str | None:
    if value is None and not required:
        return None
    value = _plain(value, where)
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError as exc:
        msg = f"output {where} is not an IP address: {value!r}"
        raise InventoryError(msg) from exc


def _level(value: Any, name: str) -> int:
    level = _plain(value, f"{name}.level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:  # noqa: PLR2004 - MLPS has levels 1-5
        msg = f"host {name}: level {level!r} is not an MLPS level (SEC-2)"
        raise InventoryError(msg)
    return level


def render_inventory(inventory: Mapping[str, Any], stack: str) -> str:
    """The inventory as YAML text, with a header saying where it came from."""
    header = (
        f"# Ansible inventory of stack {stack}, generated by `govcloud inventory {stack}` from the\n"
        "# stack outputs. Do not edit: regenerate. Holds no secrets (SEC-5).\n"
    )
    body = yaml.safe_dump(dict(inventory), allow_unicode=True, sort_keys=False, default_flow_style=False)
    return header + body


def write_inventory(outputs: Mapping[str, Any], stack: str, directory: Path) -> Path:
    """Write ``<directory>/<stack>.yml`` atomically and return its path."""
    if not STACK_NAME.match(stack):
        msg = f"stack name {stack!r} is not a plain name"
        raise InventoryError(msg)
    target = directory / f"{stack}.yml"
    text = render_inventory(build_inventory(outputs, stack), stack)
    write_atomic(target, text)
    return target


def load_outputs_file(path: Path) -> dict[str, Any]:
    """Captured outputs: the JSON ``pulumi stack output --json`` prints."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        msg = f"cannot read stack outputs from {path}: {exc}"
        raise InventoryError(msg) from exc
    if not isinstance(data, dict):
        msg = f"{path}: stack outputs must be a JSON object"
        raise InventoryError(msg)
    return data


def read_stack_outputs(
    stack: str, pulumi: Path, cwd: Path, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Ask the engine for the stack's outputs, secrets masked (``--show-secrets=false``)."""
    if not STACK_NAME.match(stack):
        msg = f"stack name {stack!r} is not a plain name"
        raise InventoryError(msg)
    argv = [str(pulumi), "stack", "output", "--json", "--show-secrets=false", "--stack", stack]
    try:
        done = subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=_OUTPUT_TIMEOUT_S
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        msg = f"pulumi stack output failed: {exc}"
        raise InventoryError(msg) from exc
    if done.returncode != 0:
        msg = f"pulumi stack output --stack {stack} failed ({done.returncode}): {done.stderr.strip()}"
        raise InventoryError(msg)
    try:
        data = json.loads(done.stdout)
    except ValueError as exc:
        msg = f"pulumi stack output printed no JSON: {exc}"
        raise InventoryError(msg) from exc
    if not isinstance(data, dict):
        msg = "pulumi stack output did not print a JSON object"
        raise InventoryError(msg)
    return data
