"""Tenants of a test's own on the box: a project with quotas and a member user, emptied and removed after.

A test that deploys in a project of its own must leave nothing behind, also when it fails half-way:
a project deleted with servers still in it leaves orphans that keep their addresses, and the next
session's stand-ins for the same systems would collide with them. So a project is emptied before it
is deleted, :func:`clear_orphans` empties what an interrupted session left in projects that no
longer exist (nobody owns those any more), and :func:`clear_leftovers` removes the projects a killed
session never got to delete (one box runs one such session at a time: their addresses would collide).
"""

from __future__ import annotations

import re
import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from govcloud.testing.box import clouds, keystone_catalog, platform
from govcloud.testing.box.credentials import write_private

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

WAIT_S = 180


@dataclass(frozen=True, slots=True)
class Tenant:
    """Where the tenant's credentials are (a private ``clouds.yaml``) and the cloud's name in it."""

    clouds_yaml: Path
    name: str
    password: str
    """The member user's, so a test can check it never reaches state or logs."""

    def connect(self) -> Any:
        """An openstacksdk connection as the tenant's member user."""
        return clouds.connect(self.clouds_yaml, self.name)


@contextmanager
def own_tenant(admin: Any, folder: Path, prefix: str, description: str) -> Iterator[Tenant]:
    """A fresh project and member user named ``<prefix>-<random>``; emptied and deleted on the way out."""
    name, password = f"{prefix}-{uuid.uuid4().hex[:8]}", secrets.token_urlsafe(24)
    project = keystone_catalog.ensure_project(admin, name, description)
    user = keystone_catalog.ensure_user(admin, name, password, project)
    keystone_catalog.ensure_grant(admin, project, user, keystone_catalog.ensure_role(admin, "member"))
    platform.set_quotas(admin, project.id)
    path = folder / "clouds.yaml"
    write_private(path, yaml.safe_dump({"clouds": {name: clouds.cloud_entry(name, name, password)}}))
    try:
        yield Tenant(path, name, password)
    finally:
        empty_project(admin, project.id)
        admin.identity.delete_user(user, ignore_missing=True)
        admin.identity.delete_project(project, ignore_missing=True)


def empty_project(admin: Any, project_id: str) -> None:
    """Delete, as admin, everything the project holds: servers, copies, volumes, addresses, networks, groups."""
    for server in list(admin.compute.servers(all_projects=True, project_id=project_id)):
        admin.compute.delete_server(server)
        admin.compute.wait_for_delete(server, interval=1, wait=WAIT_S)
    for snapshot in list(admin.block_storage.snapshots(all_projects=True, project_id=project_id)):
        admin.block_storage.delete_snapshot(snapshot)
        admin.block_storage.wait_for_delete(snapshot, interval=1, wait=WAIT_S)
    for volume in list(admin.block_storage.volumes(all_projects=True, project_id=project_id)):
        admin.block_storage.delete_volume(volume, force=True)
        admin.block_storage.wait_for_delete(volume, interval=1, wait=WAIT_S)
    for address in list(admin.network.ips(project_id=project_id)):
        admin.network.delete_ip(address)
    for router in list(admin.network.routers(project_id=project_id)):
        for port in admin.network.ports(device_id=router.id, device_owner="network:router_interface"):
            admin.network.remove_interface_from_router(router, port_id=port.id)
        admin.network.delete_router(router)
    for network in list(admin.network.networks(project_id=project_id)):
        for port in admin.network.ports(network_id=network.id):
            admin.network.delete_port(port)
        admin.network.delete_network(network)
    for group in list(admin.network.security_groups(project_id=project_id)):
        admin.network.delete_security_group(group)


def clear_orphans(admin: Any) -> list[str]:
    """Empty every project that holds servers, volumes or networks but no longer exists; their ids."""
    live = {project.id for project in admin.identity.projects()}
    owners = {
        *(server.project_id for server in admin.compute.servers(all_projects=True)),
        *(volume.project_id for volume in admin.block_storage.volumes(all_projects=True)),
        *(network.project_id for network in admin.network.networks()),
    }
    orphaned = sorted(owner for owner in owners if owner and owner not in live)
    for project_id in orphaned:
        empty_project(admin, project_id)
    return orphaned


def clear_leftovers(admin: Any, prefix: str) -> list[str]:
    """Empty and delete every project (and its user) :func:`own_tenant` made with ``prefix``; their names."""
    own = re.compile(rf"{re.escape(prefix)}-[0-9a-f]{{8}}")
    removed = []
    for project in list(admin.identity.projects()):
        if not own.fullmatch(project.name):
            continue
        empty_project(admin, project.id)
        user = admin.identity.find_user(project.name)
        if user is not None:
            admin.identity.delete_user(user, ignore_missing=True)
        admin.identity.delete_project(project, ignore_missing=True)
        removed.append(project.name)
    return removed
