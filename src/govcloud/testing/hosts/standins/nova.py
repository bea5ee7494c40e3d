"""Read servers, ports, subnets and keypairs through openstacksdk as admin (all projects)."""

from __future__ import annotations

import time
from typing import Any

from govcloud.testing.hosts.standins.plan import PortView, ServerView, SubnetView

KEY_CACHE_SECONDS = 60.0


def servers(conn: Any) -> list[ServerView]:
    """Every server of every project."""
    return [
        ServerView(s.id, s.name or "", s.status or "", s.key_name, s.user_id)
        for s in conn.compute.servers(all_projects=True)
    ]


def ports(conn: Any) -> list[PortView]:
    """Every port with an owner device (admin sees all projects), with its MAC and its network's MTU."""
    mtus = {n.id: int(n.mtu or 1500) for n in conn.network.networks()}
    out = []
    for p in conn.network.ports():
        if not p.device_id:
            continue
        fixed = tuple((f["subnet_id"], f["ip_address"]) for f in (p.fixed_ips or ()))
        out.append(
            PortView(
                p.id,
                p.device_id,
                p.network_id,
                fixed,
                p.created_at or "",
                p.mac_address or "",
                mtus.get(p.network_id, 1500),
                p.is_port_security_enabled is not False,
            )
        )
    return out


def subnets(conn: Any) -> list[SubnetView]:
    """Every subnet."""
    return [SubnetView(s.id, s.cidr, s.gateway_ip) for s in conn.network.subnets()]


class KeyCache:
    """Public keys by (user_id, key_name); admin reads another user's keypair (microversion >= 2.10)."""

    def __init__(self) -> None:
        """Start empty."""
        self._keys: dict[tuple[str, str], tuple[float, str | None]] = {}

    def lookup(self, conn: Any, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Return the public keys of ``wanted``, fetching those not cached in the last minute."""
        now = time.monotonic()
        for user_id, name in wanted:
            cached = self._keys.get((user_id, name))
            if cached is not None and now - cached[0] < KEY_CACHE_SECONDS:
                continue
            try:
                key = conn.compute.get_keypair(name, user_id=user_id).public_key
            except Exception:  # noqa: BLE001 - a missing keypair must not stop the other servers
                key = None
            self._keys[(user_id, name)] = (now, key)
        return {k: v[1] for k, v in self._keys.items() if k in wanted and v[1]}
