"""The schemas and the default catalogue are package data (CAT-1), with one copy in git.

``src/govcloud/catalog`` links to the checkout's ``catalog/``; these tests pin that mechanism and show
the data are found without any project directory. ``test_wheel.py`` shows the same from a wheel.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from govcloud import paths
from govcloud.catalogue.model import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog"
LINK = ROOT / "src" / "govcloud" / paths.DATA_DIR


def test_the_package_data_is_a_relative_link_to_the_checkouts_catalog() -> None:
    assert LINK.is_symlink()
    assert LINK.readlink() == Path("../../catalog")  # relative: holds in any clone or copy of the tree


def test_git_holds_one_copy_of_each_schema_and_of_the_catalogue() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
    ).stdout.split("\0")
    for name in ("request-1.0.json", "catalogue-1.0.json", "catalogue.yaml"):
        assert len([path for path in tracked if Path(path).name == name]) == 1, name


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory in no project, and ``GOVCLOUD_ROOT`` naming an empty folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.PROJECT_ENV, str(tmp_path))
    return tmp_path


@pytest.mark.usefixtures("nowhere")
def test_the_data_are_found_without_a_project_through_the_package() -> None:
    """In an editable install the package's link leads to the checkout's files themselves."""
    assert paths.schema_dir() == CATALOG / "schemas"
    assert paths.default_catalogue_path() == CATALOG / "catalogue.yaml"
    assert sorted(path.name for path in paths.schema_dir().glob("*.json")) == sorted(
        path.name for path in (CATALOG / "schemas").glob("*.json")
    )
    assert len(load_catalogue(paths.default_catalogue_path()).items) == 24


def test_a_zipped_package_is_refused_with_a_reason(tmp_path: Path) -> None:
    archive = tmp_path / "govcloud.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("govcloud/catalog/catalogue.yaml", "spec: {}\n")
    with pytest.raises(FileNotFoundError, match="installed as files"):
        paths.on_disk(zipfile.Path(archive, "govcloud/catalog/catalogue.yaml"))
