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


def test_a_tenant_is_emptied_before_it_is_deleted(openstack_box: OpenStackBox, tmp_path: Path) -> None:
    admin = openstack_box.connect(openstack_box.admin_cloud)
    with tenants.own_tenant(admin, tmp_path, "tenant-test", "govcloud rig tenant test") as tenant:
        conn = tenant.connect()
        project_id = conn.current_project_id
        conn.network.create_network(name="left-behind")
        conn.network.create_security_group(name="left-behind")
        conn.block_storage.create_volume(name="left-behind", size=1)
        assert _holdings(admin, project_id)["networks"] == 1
    assert admin.identity.find_project(project_id) is None
    assert _holdings(admin, project_id) == {"networks": 0, "groups": 0, "volumes": 0}


def test_what_a_deleted_project_still_holds_is_cleared(openstack_box: OpenStackBox, tmp_path: Path) -> None:
    admin = openstack_box.connect(openstack_box.admin_cloud)
    with tenants.own_tenant(admin, tmp_path, "orphan-test", "govcloud rig orphan test") as tenant:
        conn = tenant.connect()
        project_id = conn.current_project_id
        conn.network.create_network(name="orphaned")
        conn.block_storage.create_volume(name="orphaned", size=1)
        admin.identity.delete_project(project_id)  # as an interrupted session's cleanup would leave it
        assert _holdings(admin, project_id)["networks"] == 1
        assert project_id in tenants.clear_orphans(admin)
        assert _holdings(admin, project_id) == {"networks": 0, "groups": 0, "volumes": 0}


def test_a_tenant_a_killed_session_never_deleted_is_removed(
    openstack_box: OpenStackBox, tmp_path: Path
) -> None:
    admin = openstack_box.connect(openstack_box.admin_cloud)
    bystander = admin.identity.create_project(name="leftover-test-keep", description="not the rig's")
    try:
        tenant = tenants.own_tenant(admin, tmp_path, "leftover-test", "govcloud rig leftover test")
        left = tenant.__enter__()  # entered and never exited, as a session killed half-way leaves it
        conn = left.connect()
        project_id = conn.current_project_id
        conn.network.create_network(name="left-by-a-killed-session")
        assert tenants.clear_leftovers(admin, "leftover-test") == [left.name]
        assert admin.identity.find_project(project_id) is None
        assert admin.identity.find_user(left.name) is None
        assert _holdings(admin, project_id) == {"networks": 0, "groups": 0, "volumes": 0}
        assert admin.identity.find_project(bystander.id) is not None, (
            "a name that is not <prefix>-<hex8> stays"
        )
    finally:
        admin.identity.delete_project(bystander, ignore_missing=True)
