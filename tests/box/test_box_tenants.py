"""A test's own tenant leaves nothing behind, and what an interrupted session left is cleared."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from govcloud.testing.box import tenants

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.testing.box.pytest_fixtures import OpenStackBox

pytestmark = [pytest.mark.box, pytest.mark.root, pytest.mark.slow]


def _holdings(admin: Any, project_id: str) -> dict[str, int]:
    return {
        "networks": len(list(admin.network.networks(project_id=project_id))),
        # Neutron makes a project its "default" group whenever its groups are listed, so that one is not counted.
        "groups": len(
            [g for g in admin.network.security_groups(project_id=project_id) if g.name != "default"]
        ),
        "volumes": len(list(admin.block_storage.volumes(all_projects=True, project_id=project_id))),
    }


def _put(tenant: tenants.Tenant, name: str, *kinds: str) -> str:
    """Create one of each of ``kinds`` (network, group, volume) named ``name`` as the tenant; its project's id."""
    conn = tenant.connect()
    create = {
        "network": lambda: conn.network.create_network(name=name),
        "group": lambda: conn.network.create_security_group(name=name),
        "volume": lambda: conn.block_storage.create_volume(name=name, size=1),
    }
    for kind in kinds:
        create[kind]()
    project_id: str = conn.current_project_id
    return project_id


@pytest.fixture
def admin(openstack_box: OpenStackBox) -> Any:
    """A connection as the box's admin."""
    return openstack_box.connect(openstack_box.admin_cloud)


def test_a_tenant_is_emptied_before_it_is_deleted(admin: Any, tmp_path: Path) -> None:
    with tenants.own_tenant(admin, tmp_path, "tenant-test", "govcloud rig tenant test") as tenant:
        project_id = _put(tenant, "left-behind", "network", "group", "volume")
        assert _holdings(admin, project_id)["networks"] == 1
    assert admin.identity.find_project(project_id) is None
    assert _holdings(admin, project_id) == {"networks": 0, "groups": 0, "volumes": 0}


def test_what_a_deleted_project_still_holds_is_cleared(admin: Any, tmp_path: Path) -> None:
    with tenants.own_tenant(admin, tmp_path, "orphan-test", "govcloud rig orphan test") as tenant:
        project_id = _put(tenant, "orphaned", "network", "volume")
        admin.identity.delete_project(project_id)  # as an interrupted session's cleanup would leave it
        assert _holdings(admin, project_id)["networks"] == 1
        assert project_id in tenants.clear_orphans(admin)
        assert _holdings(admin, project_id) == {"networks": 0, "groups": 0, "volumes": 0}


def test_a_tenant_a_killed_session_never_deleted_is_removed(admin: Any, tmp_path: Path) -> None:
    bystander = admin.identity.create_project(name="leftover-test-keep", description="not the rig's")
    try:
        tenant = tenants.own_tenant(admin, tmp_path, "leftover-test", "govcloud rig leftover test")
        left = tenant.__enter__()  # entered and never exited, as a session killed half-way leaves it
        project_id = _put(left, "left-by-a-killed-session", "network")
        assert tenants.clear_leftovers(admin, "leftover-test") == [left.name]
        assert admin.identity.find_project(project_id) is None
        assert admin.identity.find_user(left.name) is None
        assert _holdings(admin, project_id) == {"networks": 0, "groups": 0, "volumes": 0}
        assert admin.identity.find_project(bystander.id) is not None, (
            "a name that is not <prefix>-<hex8> stays"
        )
    finally:
        admin.identity.delete_project(bystander, ignore_missing=True)
