"""The rigs' pytest plugin: a suite outside the project gets the fixtures and markers without a conftest.py.

An auditor's suite in its own folder, run with ``--strict-markers`` by the venv's pytest, sees
``openstack_box``, ``hosts_site``, ``netns_host`` and ``netns_host_factory`` from the ``govcloud``
entry point and may mark tests ``box`` and ``root``.
"""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

PLUGIN = "govcloud.testing.plugin"
FIXTURES = ("openstack_box", "hosts_site", "netns_host", "netns_host_factory")
TIMEOUT_S = 120

SUITE = """
import pytest


@pytest.mark.box
@pytest.mark.root
def test_the_plugin_is_loaded(pytestconfig):
    assert pytestconfig.pluginmanager.get_plugin("govcloud").__name__ == "govcloud.testing.plugin"
"""


def _pytest(suite: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *argv, str(suite)],
        cwd=suite,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT_S,
    )


def test_the_entry_point_names_the_plugin() -> None:
    (entry,) = (e for e in metadata.entry_points(group="pytest11") if e.name == "govcloud")
    assert entry.value == PLUGIN
    assert entry.dist is not None
    assert entry.dist.name == "govcloud-iac"


def test_an_outside_suite_gets_the_rigs_fixtures_and_markers(tmp_path: Path) -> None:
    (tmp_path / "test_audit.py").write_text(SUITE, encoding="utf-8")
    run = _pytest(tmp_path, "-q", "--strict-markers")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout
    listing = _pytest(tmp_path, "--fixtures")
    assert listing.returncode == 0, listing.stderr[-3000:]
    for name in FIXTURES:
        assert f"\n{name}" in listing.stdout, name
    assert "fixtures defined from govcloud.testing.box.pytest_fixtures" in listing.stdout
    assert "fixtures defined from govcloud.testing.hosts.pytest_fixtures" in listing.stdout


def test_the_plugin_registers_box_and_root_only_where_a_suite_does_not(
    tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    (tmp_path / "test_audit.py").write_text(SUITE, encoding="utf-8")
    outside = _pytest(tmp_path, "--markers").stdout
    assert "@pytest.mark.box: needs the local OpenStack box running (govcloud box up)" in outside
    assert "@pytest.mark.root: needs root on the controller" in outside
    project = _pytest(pytestconfig.rootpath / "tests" / "packaging", "--markers").stdout
    for listing in (outside, project):
        assert listing.count("@pytest.mark.box:") == 1
        assert listing.count("@pytest.mark.root:") == 1
