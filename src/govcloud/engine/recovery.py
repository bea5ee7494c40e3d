"""Bring a stack back after an interrupted run: a stale lock, and creates the engine never saw finish.

When ``pulumi up`` dies (killed, machine lost) the file backend keeps its lock, and the state lists
*pending creates*: resources the engine asked for but never heard back about. Some exist in OpenStack,
some do not. Clearing them from the state alone would orphan those that exist, and a rerun would fail
to create them again (Neutron answers 409 to a duplicate rule). So each one is looked up in the cloud by
what the engine sent (name, network, tags, a rule's group, ports and source) and deleted there, then
``pulumi refresh --clear-pending-creates`` drops them from the state: cloud and state agree again, and
the next ``up`` creates them afresh. (CLI 3.274's ``--import-pending-creates`` turns them into pending
imports that the next snapshot drops, which would leave exactly those orphans.)
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from govcloud.engine.runner import StackRunner


@dataclass(frozen=True, slots=True)
class Recovery:
    """What recovery did: locks released, pending creates found in the cloud (urn -> id) and deleted."""

    locks_released: int = 0
    rolled_back: dict[str, str] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    """Every pending create dropped from the state (those rolled back and those never created)."""

    @property
    def needed(self) -> bool:
        """Whether the stack was left by an interrupted run at all."""
        return bool(self.locks_released or self.cleared)

    def describe(self) -> str:
        """One line for the run's output."""
        if not self.needed:
            return "nothing to recover"
        return (
            f"{self.locks_released} stale lock(s) released; {len(self.cleared)} unfinished create(s) dropped "
            f"from the state, {len(self.rolled_back)} of them found in OpenStack and deleted there"
        )


def lock_files(environ: Mapping[str, str], project: str, stack: str) -> list[Path]:
    """The file backend's lock files of ``stack`` (none for other backends)."""
    url = urlparse(environ.get("PULUMI_BACKEND_URL", ""))
    if url.scheme != "file":
        return []
    directory = Path(url.path) / ".pulumi" / "locks" / "organization" / project / stack
    return sorted(directory.glob("*.json"))


def stale(lock: Path) -> bool:
    """A lock taken on this host by a process that no longer exists."""
    try:
        owner = json.loads(lock.read_text(encoding="utf-8"))
        pid, host = int(owner["pid"]), str(owner["hostname"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _one(ids: Iterable[str], known: set[str]) -> str | None:
    """The first id not already in the state (an earlier resource of the same shape may be)."""
    return next((found for found in ids if found not in known), None)


def _network(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    return _one((n.id for n in conn.network.networks(name=inputs.get("name"))), known)


def _subnet(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    found = conn.network.subnets(name=inputs.get("name"), network_id=inputs.get("networkId"))
    return _one((s.id for s in found), known)


def _router(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    return _one((r.id for r in conn.network.routers(name=inputs.get("name"))), known)


def _router_interface(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    """The interface's id is its port's: the router's port on the subnet."""
    ports = conn.network.ports(device_id=inputs.get("routerId"))
    on_subnet = (
        p.id for p in ports if any(f["subnet_id"] == inputs.get("subnetId") for f in p.fixed_ips or ())
    )
    return _one(on_subnet, known)


def _secgroup(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    return _one((g.id for g in conn.network.security_groups(name=inputs.get("name"))), known)


def _secgroup_rule(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    """A rule has no name: match every field the engine sent."""
    wanted = {
        "direction": inputs.get("direction"),
        "ether_type": inputs.get("ethertype", "IPv4"),
        "protocol": inputs.get("protocol"),
        "port_range_min": _int(inputs.get("portRangeMin")),
        "port_range_max": _int(inputs.get("portRangeMax")),
        "remote_ip_prefix": inputs.get("remoteIpPrefix"),
        "remote_group_id": inputs.get("remoteGroupId"),
    }
    rules = conn.network.security_group_rules(security_group_id=inputs.get("securityGroupId"))
    return _one((r.id for r in rules if all(getattr(r, k) == v for k, v in wanted.items())), known)


def _port(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    found = conn.network.ports(name=inputs.get("name"), network_id=inputs.get("networkId"))
    return _one((p.id for p in found), known)


def _instance(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    name = inputs.get("name")
    return _one((s.id for s in conn.compute.servers(name=f"^{name}$") if s.name == name), known)


def _volume(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    return _one((v.id for v in conn.block_storage.volumes(name=inputs.get("name"))), known)


def _volume_attach(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    """The attachment's id is ``<instance>/<volume>`` once the volume is attached to that instance."""
    instance, volume = inputs.get("instanceId"), inputs.get("volumeId")
    attached = conn.block_storage.get_volume(volume).attachments or ()
    ids = (f"{instance}/{volume}" for a in attached if a.get("server_id") == instance)
    return _one(ids, known)


def _keypair(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    name = inputs.get("name")
    return _one((k.name for k in conn.compute.keypairs() if k.name == name), known)


def _floating_ip(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    """Floating IPs have no name: one with exactly the engine's tags that the state does not hold."""
    tags = set(inputs.get("tags") or ())
    return _one((ip.id for ip in conn.network.ips() if tags and set(ip.tags or ()) == tags), known)


def _floating_ip_associate(conn: Any, inputs: Mapping[str, Any], known: set[str]) -> str | None:
    """The association's id is the floating IP's, once it points at the port."""
    found = conn.network.ips(floating_ip_address=inputs.get("floatingIp"))
    return _one((ip.id for ip in found if ip.port_id == inputs.get("portId")), known)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


FINDERS: dict[str, Callable[[Any, Mapping[str, Any], set[str]], str | None]] = {
    "openstack:networking/network:Network": _network,
    "openstack:networking/subnet:Subnet": _subnet,
    "openstack:networking/router:Router": _router,
    "openstack:networking/routerInterface:RouterInterface": _router_interface,
    "openstack:networking/secGroup:SecGroup": _secgroup,
    "openstack:networking/secGroupRule:SecGroupRule": _secgroup_rule,
    "openstack:networking/port:Port": _port,
    "openstack:networking/floatingIp:FloatingIp": _floating_ip,
    "openstack:networking/floatingIpAssociate:FloatingIpAssociate": _floating_ip_associate,
    "openstack:compute/instance:Instance": _instance,
    "openstack:compute/keypair:Keypair": _keypair,
    "openstack:compute/volumeAttach:VolumeAttach": _volume_attach,
    "openstack:blockstorage/volume:Volume": _volume,
}
"""How to find, in the cloud, each kind of resource the stacks create."""


def _delete_server(conn: Any, cloud_id: str) -> None:
    """Found first, then deleted and waited for: a server gone before the wait began is done, not an error."""
    server = conn.compute.find_server(cloud_id, ignore_missing=True)
    if server is not None:
        conn.compute.delete_server(server, ignore_missing=True)
        conn.compute.wait_for_delete(server, wait=WAIT_S)


def _delete_volume(conn: Any, cloud_id: str) -> None:
    """As for a server: Cinder may delete a volume before a read after the delete could see it."""
    volume = conn.block_storage.find_volume(cloud_id, ignore_missing=True)
    if volume is not None:
        conn.block_storage.delete_volume(volume, ignore_missing=True)
        conn.block_storage.wait_for_delete(volume, wait=WAIT_S)


def _detach(conn: Any, cloud_id: str) -> None:
    instance, volume = cloud_id.split("/", 1)
    conn.compute.delete_volume_attachment(instance, volume, ignore_missing=True)
    conn.block_storage.wait_for_status(conn.block_storage.get_volume(volume), "available", wait=WAIT_S)


def _remove_router_interface(conn: Any, cloud_id: str) -> None:
    port = conn.network.get_port(cloud_id)
    conn.network.remove_interface_from_router(port.device_id, port_id=cloud_id)


def _disassociate(conn: Any, cloud_id: str) -> None:
    conn.network.update_ip(cloud_id, port_id=None)


WAIT_S = 120
DELETERS: dict[str, Callable[[Any, str], None]] = {
    "openstack:compute/volumeAttach:VolumeAttach": _detach,
    "openstack:networking/floatingIpAssociate:FloatingIpAssociate": _disassociate,
    "openstack:networking/routerInterface:RouterInterface": _remove_router_interface,
    "openstack:compute/instance:Instance": _delete_server,
    "openstack:networking/floatingIp:FloatingIp": lambda conn, i: conn.network.delete_ip(
        i, ignore_missing=True
    ),
    "openstack:blockstorage/volume:Volume": _delete_volume,
    "openstack:networking/port:Port": lambda conn, i: conn.network.delete_port(i, ignore_missing=True),
    "openstack:networking/secGroupRule:SecGroupRule": lambda conn, i: conn.network.delete_security_group_rule(
        i, ignore_missing=True
    ),
    "openstack:networking/secGroup:SecGroup": lambda conn, i: conn.network.delete_security_group(
        i, ignore_missing=True
    ),
    "openstack:compute/keypair:Keypair": lambda conn, i: conn.compute.delete_keypair(i, ignore_missing=True),
    "openstack:networking/router:Router": lambda conn, i: conn.network.delete_router(i, ignore_missing=True),
    "openstack:networking/subnet:Subnet": lambda conn, i: conn.network.delete_subnet(i, ignore_missing=True),
    "openstack:networking/network:Network": lambda conn, i: conn.network.delete_network(
        i, ignore_missing=True
    ),
}
"""How to undo each kind of unfinished create; the order is the order of deletion."""
ORDER = list(DELETERS)


def pending_creates(deployment: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The resources of pending ``creating`` operations in an exported deployment."""
    return [
        op["resource"] for op in deployment.get("pending_operations") or () if op.get("type") == "creating"
    ]


def locate(conn: Any, deployment: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Each pending create's cloud id (urn -> id), and the urns the cloud does not have."""
    known = {str(r["id"]) for r in deployment.get("resources") or () if r.get("id")}
    found: dict[str, str] = {}
    missing: list[str] = []
    for resource in pending_creates(deployment):
        finder = FINDERS.get(resource["type"])
        cloud_id = finder(conn, resource.get("inputs") or {}, known) if finder else None
        if cloud_id is None:
            missing.append(resource["urn"])
        else:
            found[resource["urn"]] = cloud_id
            known.add(cloud_id)
    return found, missing


def recover(runner: StackRunner, project: str, conn: Any) -> Recovery:
    """Release stale locks; delete in the cloud what unfinished creates made; drop them from the state."""
    locks = lock_files(runner.environ, project, runner.stack)
    released = 0
    if locks and all(stale(lock) for lock in locks):
        runner.run("cancel", "--yes")
        released = len(locks)
    deployment = runner.state().get("deployment") or {}
    pending = pending_creates(deployment)
    if not pending:
        return Recovery(locks_released=released)
    found, _ = locate(conn, deployment)
    types = {resource["urn"]: resource["type"] for resource in pending}
    # Dependants first: attachments and associations, then servers, then what they use.
    for urn, cloud_id in sorted(found.items(), key=lambda item: ORDER.index(types[item[0]])):
        DELETERS[types[urn]](conn, cloud_id)
    runner.operation("refresh", "--clear-pending-creates")
    return Recovery(
        locks_released=released, rolled_back=found, cleared=[resource["urn"] for resource in pending]
    )
