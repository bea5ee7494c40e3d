"""Make the netns host fixtures available to this directory's tests."""

from govcloud.testing.hosts.pytest_fixtures import hosts_site, netns_host, netns_host_factory

__all__ = ["hosts_site", "netns_host", "netns_host_factory"]
