"""The wheel works outside the checkout (CAT-1, LC-2): build it, install it in a fresh venv, run it elsewhere.

The wheel is built from a copy of the files a build reads, so the test leaves no ``build/`` in the
checkout that other runs share. The fresh venv gets the wheel alone (``--no-deps --no-index``: offline)
and sees the project's ``.venv`` site-packages for the dependencies through a ``.pth`` file; a ``.pth``
line adds a folder without running the ``.pth`` files in it, so the editable install's link to ``src/``
is not followed and ``import govcloud`` can only find the wheel's copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml

from govcloud import paths

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "requests" / "examples"
INVALID = EXAMPLES / "invalid" / "classified-data.yaml"
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "src", "catalog")
TIMEOUT_S = 240

pytestmark = pytest.mark.slow


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=TIMEOUT_S
    )


def _build_wheel(tmp: Path) -> Path:
    """``pip wheel`` over a copy of the tree (links kept as links, as a clone or an sdist has them)."""
    source = tmp / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), "."], source
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (tmp / "dist").glob("govcloud_iac-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The built wheel, and a fresh venv outside the checkout with only that wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    assert not tmp.resolve().is_relative_to(ROOT)
    wheel = _build_wheel(tmp)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=TIMEOUT_S)
    python = venv / "bin" / "python"
    argv = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index"]
    install = _run([*argv, str(wheel)], tmp)
    assert install.returncode == 0, install.stderr[-3000:]
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp)
    Path(site.stdout.strip(), "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return wheel, venv


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory in no project, with copies of a valid and an invalid example request."""
    shutil.copy2(EXAMPLES / "gov-portal.yaml", tmp_path / "portal.yaml")
    shutil.copy2(INVALID, tmp_path / "classified.yaml")
    return tmp_path


def _govcloud(venv: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The wheel's own console script, with nothing pointing back at the checkout."""
    env = {key: value for key, value in os.environ.items() if key not in {paths.PROJECT_ENV, "PYTHONPATH"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return _run([str(venv / "bin" / "govcloud"), *argv], cwd, env)


def _checkout_govcloud(*argv: str) -> str:
    """The same command from the checkout's editable install, for comparison."""
    result = _run([str(Path(sys.executable).parent / "govcloud"), *argv], ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_wheel_carries_the_checkouts_schemas_and_catalogue_byte_for_byte(
    installed: tuple[Path, Path],
) -> None:
    wheel, _ = installed
    expected = sorted(path for path in (ROOT / "catalog").rglob("*") if path.is_file())
    assert len(expected) >= 15
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(name for name in archive.namelist() if name.startswith("govcloud/catalog/"))
        assert shipped == [f"govcloud/{path.relative_to(ROOT)}" for path in expected]
        for path in expected:
            assert archive.read(f"govcloud/{path.relative_to(ROOT)}") == path.read_bytes(), path


def test_the_installed_package_is_the_wheel_not_the_checkout(
    installed: tuple[Path, Path], elsewhere: Path
) -> None:
    _, venv = installed
    probe = "from govcloud import paths; print(paths.__file__); print(paths.schema_dir())"
    result = _run([str(venv / "bin" / "python"), "-c", probe], elsewhere)
    assert result.returncode == 0, result.stderr
    module, schemas = (Path(line) for line in result.stdout.splitlines())
    assert module.is_relative_to(venv.resolve())
    assert schemas.is_relative_to(venv.resolve())
    assert not schemas.is_relative_to(ROOT)


def test_validate_from_the_wheel_outside_the_checkout(installed: tuple[Path, Path], elsewhere: Path) -> None:
    """Regression: the wheel had no schemas, so ``govcloud validate`` crashed with a traceback."""
    _, venv = installed
    clean = _govcloud(venv, elsewhere, "validate", "portal.yaml")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "portal.yaml: ok (REQ-2026-0042;" in clean.stdout
    refused = _govcloud(venv, elsewhere, "validate", "classified.yaml", "--format", "json")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr
    (report,) = json.loads(refused.stdout)["files"]
    assert "request-no-classified-data" in {finding["ruleId"] for finding in report["findings"]}


def test_rules_and_catalogue_from_the_wheel_match_the_checkout(
    installed: tuple[Path, Path], elsewhere: Path
) -> None:
    _, venv = installed
    rules = _govcloud(venv, elsewhere, "rules")
    assert rules.returncode == 0, rules.stderr
    assert "request-schema-valid" in rules.stdout
    assert rules.stdout == _checkout_govcloud("rules")
    listing = _govcloud(venv, elsewhere, "catalogue", "list", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    items = yaml.safe_load((ROOT / "catalog" / "catalogue.yaml").read_text(encoding="utf-8"))["spec"]["items"]
    assert len(json.loads(listing.stdout)) == len(items)
    assert listing.stdout == _checkout_govcloud("catalogue", "list", "--format", "json")


def test_a_per_project_command_from_the_wheel_outside_a_project_exits_2(
    installed: tuple[Path, Path], elsewhere: Path
) -> None:
    _, venv = installed
    result = _govcloud(venv, elsewhere, "inventory", "gov-portal")
    assert result.returncode == 2
    assert "[project-dir-found" in result.stderr
    assert "Traceback" not in result.stderr
