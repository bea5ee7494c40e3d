"""Service users, services and endpoints in keystone (look up before create: safe to rerun)."""

from __future__ import annotations

from typing import Any

from govcloud.testing.box import paths

H = paths.HOST
# (service user, service name, service type, URL); block-storage shares cinder's v3 endpoint.
SERVICES: tuple[tuple[str, str, str, str], ...] = (
    ("placement", "placement", "placement", f"http://{H}:8778"),
    ("glance", "glance", "image", f"http://{H}:9292"),
    ("nova", "nova", "compute", f"http://{H}:8774/v2.1"),
    ("neutron", "neutron", "network", f"http://{H}:9696"),
    ("cinder", "cinderv3", "volumev3", f"http://{H}:8776/v3/%(project_id)s"),
    ("cinder", "cinder", "block-storage", f"http://{H}:8776/v3/%(project_id)s"),
)
INTERFACES = ("public", "internal", "admin")


def ensure_role(conn: Any, name: str) -> Any:
    """Find or create a role."""
    return conn.identity.find_role(name) or conn.identity.create_role(name=name)


def ensure_project(conn: Any, name: str, description: str) -> Any:
    """Find or create a project in the Default domain."""
    found = conn.identity.find_project(name, domain_id="default")
    return found or conn.identity.create_project(name=name, domain_id="default", description=description)


def ensure_user(conn: Any, name: str, password: str, project: Any, *, reset_password: bool = True) -> Any:
    """Find or create a user; (re)set the password so it matches this box's secrets."""
    found = conn.identity.find_user(name, domain_id="default")
    if found is None:
        return conn.identity.create_user(
            name=name, password=password, domain_id="default", default_project_id=project.id
        )
    return conn.identity.update_user(found, password=password) if reset_password else found


def ensure_grant(conn: Any, project: Any, user: Any, role: Any) -> None:
    """Give ``user`` ``role`` on ``project`` unless it has it."""
    # A filtered list, not validate_user_has_project_role: keystone logs a traceback for each 404 HEAD.
    found = conn.identity.role_assignments(user_id=user.id, scope_project_id=project.id, role_id=role.id)
    if not any(True for _ in found):
        conn.identity.assign_project_role_to_user(project, user, role)


def ensure_catalog(conn: Any, passwords: dict[str, str]) -> None:
    """Service project, the ``service`` role, one user per service and every endpoint."""
    service_role = ensure_role(conn, "service")
    admin_role = ensure_role(conn, "admin")
    project = ensure_project(conn, "service", "OpenStack service users")
    for user_name in sorted({entry[0] for entry in SERVICES}):
        user = ensure_user(conn, user_name, passwords[user_name], project)
        ensure_grant(conn, project, user, admin_role)
        ensure_grant(conn, project, user, service_role)
    for _user, name, kind, url in SERVICES:
        service = next(iter(conn.identity.services(type=kind)), None)
        if service is None:
            service = conn.identity.create_service(name=name, type=kind, enabled=True)
        existing = {endpoint.interface for endpoint in conn.identity.endpoints(service_id=service.id)}
        for interface in INTERFACES:
            if interface not in existing:
                conn.identity.create_endpoint(
                    service_id=service.id, interface=interface, url=url, region_id=paths.REGION
                )
