"""Make the OpenStack box fixture available to this directory's tests."""

from govcloud.testing.box.pytest_fixtures import openstack_box

__all__ = ["openstack_box"]
