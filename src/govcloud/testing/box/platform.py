"""The platform an operator would set up before tenants arrive: external network, tenant, quotas."""

from __future__ import annotations

from typing import Any

from govcloud.testing.box import keystone_catalog
from govcloud.testing.box.clouds import TENANT_PROJECT, TENANT_USER

PUBLIC_NETWORK = "public"
PUBLIC_SUBNET = "public-subnet"
# RFC 5737 documentation range: these addresses exist only as database records (no dataplane).
PUBLIC_CIDR = "203.0.113.0/24"
PUBLIC_POOL = {"start": "203.0.113.10", "end": "203.0.113.250"}
PHYSNET = "physnet-public"

COMPUTE_QUOTAS = {"instances": 100, "cores": 400, "ram": 819200, "key_pairs": 100, "server_groups": 50}
NETWORK_QUOTAS = {
    "networks": 100,
    "subnets": 200,
    "ports": 1000,
    "routers": 50,
    "floating_ips": 100,
    "security_groups": 200,
    "security_group_rules": 2000,
}
VOLUME_QUOTAS = {
    "volumes": 200,
    "gigabytes": 10000,
    "snapshots": 200,
    "backups": 100,
    "backup_gigabytes": 10000,
}


def ensure_public_network(conn: Any) -> Any:
    """Ensure the external flat network "public" with a documentation-range subnet."""
    network = conn.network.find_network(PUBLIC_NETWORK)
    if network is None:
        network = conn.network.create_network(
            name=PUBLIC_NETWORK,
            is_router_external=True,
            provider_network_type="flat",
            provider_physical_network=PHYSNET,
        )
    if conn.network.find_subnet(PUBLIC_SUBNET, network_id=network.id) is None:
        conn.network.create_subnet(
            name=PUBLIC_SUBNET,
            network_id=network.id,
            ip_version=4,
            cidr=PUBLIC_CIDR,
            gateway_ip="203.0.113.1",
            allocation_pools=[PUBLIC_POOL],
            is_dhcp_enabled=False,
        )
    return network


def ensure_tenant(conn: Any, password: str, *, reset_password: bool = True) -> Any:
    """Project tenant-demo with a non-admin user holding only ``member``."""
    project = keystone_catalog.ensure_project(conn, TENANT_PROJECT, "govcloud box demo tenant unit")
    user = keystone_catalog.ensure_user(conn, TENANT_USER, password, project, reset_password=reset_password)
    keystone_catalog.ensure_grant(conn, project, user, keystone_catalog.ensure_role(conn, "member"))
    return project


def set_quotas(conn: Any, project_id: str) -> None:
    """Generous quotas so tests never trip over the defaults (10 networks, 10 volumes, ...)."""
    conn.set_compute_quotas(project_id, **COMPUTE_QUOTAS)
    conn.set_network_quotas(project_id, **NETWORK_QUOTAS)
    conn.set_volume_quotas(project_id, **VOLUME_QUOTAS)


def seed_base(conn: Any, tenant_password: str, *, first: bool = True) -> str:
    """External network, tenant and its quotas; returns the tenant project id.

    After the ``first`` run only existence is checked: resetting the password (bcrypt) and the three
    quota PUTs cost ~3 s of every warm start for nothing.
    """
    ensure_public_network(conn)
    project = ensure_tenant(conn, tenant_password, reset_password=first)
    if first:
        set_quotas(conn, project.id)
    return str(project.id)
