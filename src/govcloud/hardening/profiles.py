"""Tier profiles and the values derived from them, shared by the role (as filters) and the audit.

A profile decides what hardening must leave working on a tier (its service ports, whether /tmp may be
noexec), which is what keeps a hardened database or application server serving (SEC-10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

GENERIC = "generic"
TIER_GROUP_PREFIX = "tier_"
PROTOCOLS = ("tcp", "udp")


def tier_profile(groups: Iterable[str], profiles: Mapping[str, Any]) -> str:
    """The profile of the first ``tier_<name>`` group (sorted) that has one, else ``generic``."""
    for group in sorted(groups):
        name = group.removeprefix(TIER_GROUP_PREFIX)
        if group.startswith(TIER_GROUP_PREFIX) and name in profiles:
            return name
    return GENERIC


def port_allowlist(
    profiles: Mapping[str, Any], groups: Iterable[str], declared: list[Any] | None, ssh_port: int
) -> list[dict[str, Any]]:
    """Ports a host may listen on: the request's declared ingress, else its profile's; SSH from the bastion.

    ``declared`` is the inventory's ``govcloud_declared_ingress`` (``port``, ``protocol``, ``from``);
    ``None`` (absent) falls back to the tier profile, whose ports are open to the tier's sources.
    """
    if declared is None:
        entries = [{**entry, "from": "zone"} for entry in profiles[tier_profile(groups, profiles)]["ports"]]
    else:
        entries = list(declared)
    allow = [{"port": int(ssh_port), "protocol": "tcp", "from": "bastion"}]
    for entry in entries:
        item = {"port": int(entry["port"]), "protocol": str(entry["protocol"]), "from": str(entry["from"])}
        if item["protocol"] not in PROTOCOLS:
            msg = f"govcloud_declared_ingress: protocol {item['protocol']!r} is not tcp or udp"
            raise ValueError(msg)
        if all((a["port"], a["protocol"]) != (item["port"], item["protocol"]) for a in allow):
            allow.append(item)
    return allow


def tmp_fstab_line(profile: Mapping[str, Any]) -> str:
    """The /etc/fstab line making /tmp a tmpfs (emptied on reboot, SEC-11); noexec where the tier allows."""
    options = "rw,nosuid,nodev" + (",noexec" if profile.get("tmp_noexec") else "") + ",mode=1777,size=25%"
    return f"tmpfs /tmp tmpfs {options} 0 0"


def login_system_accounts(
    passwd: Mapping[str, list[str]], uid_max: int, exempt: Iterable[str], no_shells: Iterable[str]
) -> list[str]:
    """System accounts (UID <= ``uid_max``) that still have a login shell, from getent's passwd map.

    ``passwd`` maps a name to ``[password, uid, gid, gecos, home, shell]`` (Ansible's getent facts).
    """
    skip, closed = set(exempt), set(no_shells)
    return sorted(
        name
        for name, fields in passwd.items()
        if name not in skip and int(fields[1]) <= uid_max and fields[5] not in closed
    )
