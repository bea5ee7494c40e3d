"""Make the engine fixtures available to this directory's tests."""

from engine_harness import engine_cloud, engine_repo, openstack_box

__all__ = ["engine_cloud", "engine_repo", "openstack_box"]
