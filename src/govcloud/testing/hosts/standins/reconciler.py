"""One reconcile pass and the polling loop: read OpenStack, diff against the site, act, write status."""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any

from govcloud.testing.hosts.standins import nova
from govcloud.testing.hosts.standins.plan import PREFIX, Action, Desired, desired_hosts, plan

if TYPE_CHECKING:
    from collections.abc import Callable
    from ipaddress import IPv4Address

    from govcloud.testing.hosts.site import Site
    from govcloud.testing.hosts.spec import Datapath

LOG = logging.getLogger("govcloud.testing.hosts.standins")
STATUS_FILE = "standins.json"


def apply(site: Site, actions: list[Action]) -> list[str]:
    """Carry out ``actions`` one by one; a failing host is reported, the others still proceed."""
    errors = []
    for action in actions:
        try:
            if action.kind in {"destroy", "replace"}:
                site.destroy_host(action.name)
            if action.kind in {"create", "replace"} and action.spec is not None:
                site.create_host(action.spec)
            LOG.info("%s %s", action.kind, action.name)
        except Exception as exc:  # noqa: BLE001 - one bad server must not block the rest
            LOG.warning("%s %s failed: %s", action.kind, action.name, exc)
            errors.append(f"{action.kind} {action.name}: {exc}")
    return errors


def reconcile_once(  # noqa: PLR0913 - the connection, the site, then how hosts are wired
    conn: Any,
    site: Site,
    keys: nova.KeyCache,
    login_user: str,
    *,
    datapath: Datapath | None = None,
    ssh_source: IPv4Address | None = None,
) -> dict[str, Any]:
    """Bring the site in line with Nova once; return the status document."""
    servers = nova.servers(conn)
    wanted = {(s.user_id, s.key_name) for s in servers if s.status == "ACTIVE" and s.user_id and s.key_name}
    desired = desired_hosts(
        servers,
        nova.ports(conn),
        nova.subnets(conn),
        keys.lookup(conn, {(u, k) for u, k in wanted if u and k}),
        login_user,
        datapath=datapath,
        ssh_source=ssh_source,
    )
    hosts = [h for h in site.list_hosts() if h.name.startswith(PREFIX)]
    actual = {h.name: h.spec for h in hosts}
    running = {h.name for h in hosts if h.running}
    errors = apply(site, plan(desired.specs, actual, running))
    return status_document(site, desired, errors)


def status_document(site: Site, desired: Desired, errors: list[str]) -> dict[str, Any]:
    """Describe what the reconciler manages, for ``govcloud box status`` and humans."""
    hosts = []
    for host in site.list_hosts():
        server = desired.servers.get(host.name)
        hosts.append(
            {
                "name": host.name,
                "server_id": server.id if server else None,
                "server_name": server.name if server else None,
                "hostname": host.spec.effective_hostname,
                "addresses": [str(n.address) for n in host.spec.nics],
                "running": host.running,
            }
        )
    return {
        "updated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "ssh_config": str(site.ssh_config),
        "hosts": hosts,
        "problems": desired.problems,
        "errors": errors,
    }


def write_status(site: Site, doc: dict[str, Any]) -> None:
    """Write the status file atomically."""
    site.dir.mkdir(parents=True, exist_ok=True)
    tmp = site.dir / f"{STATUS_FILE}.tmp"
    tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    tmp.replace(site.dir / STATUS_FILE)


def run_loop(  # noqa: PLR0913 - the loop's knobs, all keyword-only
    conn: Any,
    site: Site,
    *,
    interval: float,
    login_user: str,
    stop: Callable[[], bool],
    once: bool = False,
    datapath: Datapath | None = None,
    ssh_source: IPv4Address | None = None,
) -> None:
    """Reconcile every ``interval`` seconds until ``stop()``; API errors are logged and retried."""
    keys = nova.KeyCache()
    while not stop():
        try:
            doc = reconcile_once(conn, site, keys, login_user, datapath=datapath, ssh_source=ssh_source)
        except Exception as exc:  # noqa: BLE001 - the box may still be starting: keep polling
            LOG.warning("reconcile failed: %s", exc)
            doc = {"updated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "last_error": str(exc)}
        write_status(site, doc)
        if once:
            return
        deadline = time.monotonic() + interval
        while not stop() and time.monotonic() < deadline:
            time.sleep(0.1)
