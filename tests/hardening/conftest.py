"""Netns host fixtures for the hardening and audit suites (real sshd, SSH through the fabric)."""

from govcloud.testing.hosts.pytest_fixtures import hosts_site, netns_host, netns_host_factory

__all__ = ["hosts_site", "netns_host", "netns_host_factory"]
