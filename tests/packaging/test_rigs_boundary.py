"""The test rigs stay out of the product's code paths (issue #9).

The core's import graph never reaches ``govcloud.testing`` (the box, the netns hosts, their pytest
plugin): ``govcloud box`` and ``govcloud hosts`` name their handlers' module as a string and import it
only when they run; the one module of the
rigs the core may import is the Pulumi mock of the offline capture, which needs nothing but pulumi.
Installed, the rigs are a pytest plugin (``pytest11`` entry point ``govcloud``) any suite can use.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud import cli

if TYPE_CHECKING:
    import pytest

SOURCE = Path(cli.__file__).resolve().parent
RIGS = "govcloud.testing"
MOCKS = "govcloud.testing.mocks"
CAPTURE = "govcloud.policy.mock_capture"  # runs in its own process for `govcloud review --offline`
TIMEOUT_S = 120


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module an ``import`` statement in ``path`` names, at any depth (lazy imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update({node.module, *(f"{node.module}.{alias.name}" for alias in node.names)})
    return found


def _reaches_rigs(name: str) -> bool:
    return name == RIGS or name.startswith(f"{RIGS}.")


CORE = {
    _module_name(path): path
    for path in sorted(SOURCE.rglob("*.py"))
    if not _reaches_rigs(_module_name(path)) and not _module_name(path).endswith("__main__")
}


def test_no_core_module_imports_the_rigs_except_the_capture_importing_the_mock() -> None:
    assert len(CORE) > 100
    crossings = {
        (module, imported)
        for module, path in CORE.items()
        for imported in _imports(path)
        if _reaches_rigs(imported)
    }
    assert crossings == {
        (CAPTURE, MOCKS),
        (CAPTURE, f"{MOCKS}.OpenStackMocks"),
        (CAPTURE, f"{MOCKS}.RecordingMonitor"),
    }


def test_the_mock_needs_only_pulumi_and_the_core() -> None:
    imported = _imports(SOURCE / "testing" / "mocks.py")
    tops = {name.split(".")[0] for name in imported}
    assert tops - set(sys.stdlib_module_names) == {"govcloud", "pulumi"}
    assert {name for name in imported if name.startswith("govcloud.")} == {
        "govcloud.policy",
        "govcloud.policy.resource_types",
    }


def test_the_box_and_hosts_commands_name_rig_modules_that_exist() -> None:
    from govcloud.commands import box, hosts  # noqa: PLC0415 - the modules under test

    for command in (box, hosts):
        assert command.HANDLERS.startswith(f"{RIGS}.")
        assert (SOURCE.parent / Path(*command.HANDLERS.split("."))).with_suffix(".py").is_file()


def _python(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The venv's Python in a fresh process, with no PYTHONPATH pointing anywhere."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT_S,
        env=env,
    )


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return _python("-c", textwrap.dedent(script))


def test_building_the_cli_and_importing_every_core_module_loads_no_rig() -> None:
    script = f"""
        import importlib, sys
        from govcloud import cli
        cli.build_parser()
        for name in {sorted(set(CORE) - {CAPTURE})!r}:
            importlib.import_module(name)
        print(sorted(m for m in sys.modules if m == "{RIGS}" or m.startswith("{RIGS}.")))
    """
    result = _run(script)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "[]"


def test_an_unknown_cloud_of_the_box_is_unusable_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["box", "env", "--cloud", "nowhere"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "govcloud box: --cloud: 本地 OpenStack 没有名为 nowhere 的云（可选：govcloud-admin, govcloud-tenant） / "
        "the box has no cloud nowhere (one of: govcloud-admin, govcloud-tenant) [box-cloud-known]\n"
    )


# The plugin: a suite outside the project, run with --strict-markers by the venv's pytest, gets the
# fixtures from the `govcloud` entry point and may mark tests `box` and `root`, with no conftest.py.
PLUGIN = "govcloud.testing.plugin"
FIXTURES = ("openstack_box", "hosts_site", "netns_host", "netns_host_factory")

SUITE = """
import pytest


@pytest.mark.box
@pytest.mark.root
def test_the_plugin_is_loaded(pytestconfig):
    assert pytestconfig.pluginmanager.get_plugin("govcloud").__name__ == "govcloud.testing.plugin"
"""


def _pytest(suite: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return _python("-m", "pytest", "-p", "no:cacheprovider", *argv, str(suite), cwd=suite)


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
