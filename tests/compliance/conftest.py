"""The compliance suite runs only as an audit (``govcloud audit``), which loads its plugin.

Without the plugin there is no inventory to check, so the suite is not collected at all; its own
behaviour is tested in tests/hardening against real hosts. By hand (what the command runs per process)::

    pytest -p govcloud.hardening.pytest_plugin tests/compliance --govcloud-inventory inventories/gov-portal.yml \
        --govcloud-ssh-config SSH_CONFIG --govcloud-identity KEY --govcloud-extravars EXTRA.json
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

PLUGIN = "govcloud.hardening.pytest_plugin"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip collecting the checks unless this is an audit run."""
    if collection_path.name.startswith("test_") and not config.pluginmanager.has_plugin(PLUGIN):
        return True
    return None
