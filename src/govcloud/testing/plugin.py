"""The rigs' pytest plugin, registered as the ``pytest11`` entry point ``govcloud``.

Installed with ``govcloud-iac``, it gives every suite in the environment, the project's own
and an auditor's, the box's and the hosts' fixtures without a conftest.py import, the way
pytest-testinfra ships ``host``: ``openstack_box`` (a running local OpenStack), ``hosts_site``,
``netns_host`` and ``netns_host_factory`` (SSH hosts in network namespaces). It also registers the
``box`` and ``root`` markers that tests using those fixtures carry, so ``--strict-markers`` suites
outside this project accept them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.testing.box.pytest_fixtures import openstack_box
from govcloud.testing.hosts.pytest_fixtures import hosts_site, netns_host, netns_host_factory

if TYPE_CHECKING:
    import pytest

__all__ = ["hosts_site", "netns_host", "netns_host_factory", "openstack_box", "pytest_configure"]

MARKERS = {
    "box": "needs the local OpenStack box running (govcloud box up)",
    "root": "needs root on the controller (network namespaces, mounts, apt)",
}


def pytest_configure(config: pytest.Config) -> None:
    """Register the rigs' markers unless the suite's own configuration already does."""
    declared = {line.split(":", 1)[0].split("(", 1)[0].strip() for line in config.getini("markers")}
    for name, description in MARKERS.items():
        if name not in declared:
            config.addinivalue_line("markers", f"{name}: {description}")
