"""Where things live: the package's own data, and the project directory a command works on.

Two kinds of place, never mixed:

- **Package data** (the JSON Schemas and the default catalogue, CAT-1) ship inside the package and
  are found through ``importlib.resources`` only, so ``govcloud validate`` works from a wheel as well
  as from the checkout. ``src/govcloud/catalog`` is a relative symbolic link to the checkout's
  ``catalog/`` (the one copy in git): an editable install reads the checkout through it, and a wheel
  build copies the files it points at into ``govcloud/catalog/``.
- **The project directory** (``Pulumi.yaml``, ``stacks/``, ``policies/``, ``requests/``,
  ``playbooks/``, ``inventories/``) is per deployment: an explicit option, else ``GOVCLOUD_ROOT``,
  else the nearest folder at or above the working directory that holds ``Pulumi.yaml``. Never the
  location of this file: an installed package does not live in anyone's project.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.errors import GovcloudError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PROJECT_ENV = "GOVCLOUD_ROOT"
PROJECT_MARKER = "Pulumi.yaml"
PROJECT_RULE = "project-dir-found"
DATA_DIR = "catalog"


class ProjectNotFoundError(GovcloudError):
    """No project directory (exit 2): nothing was given and no ``Pulumi.yaml`` is at or above the working directory."""

    def __init__(self, start: Path) -> None:
        """Say where the search started and the two ways to name the project."""
        text = Text(
            f"{start} 及其上级目录中没有 {PROJECT_MARKER}：请在项目目录中运行，"
            f"或用环境变量 {PROJECT_ENV}（命令有 --project-dir 时也可用它）指定项目目录",
            f"no {PROJECT_MARKER} in {start} or any folder above it: run inside the project, "
            f"or name it with {PROJECT_ENV} (or --project-dir where the command has it)",
        )
        super().__init__(PROJECT_RULE, text)


def project_root(explicit: Path | None = None) -> Path:
    """The project directory: ``explicit``, else ``GOVCLOUD_ROOT``, else found from the working directory."""
    if explicit is not None:
        return explicit.resolve()
    configured = os.environ.get(PROJECT_ENV)
    if configured:
        return Path(configured).resolve()
    start = Path.cwd().resolve()
    for directory in (start, *start.parents):
        if (directory / PROJECT_MARKER).is_file():
            return directory
    raise ProjectNotFoundError(start)


def on_disk(resource: Traversable) -> Path:
    """A package resource as a file path; pip (wheel or editable) installs packages unpacked, never zipped."""
    if not isinstance(resource, Path):
        msg = f"{resource}: govcloud's data must be installed as files (pip install), not imported from a zip"
        raise FileNotFoundError(msg)
    return resource.resolve()


def schema_dir() -> Path:
    """JSON Schemas of the catalogue and the request format (package data)."""
    return on_disk(resources.files("govcloud") / DATA_DIR / "schemas")


def default_catalogue_path() -> Path:
    """The catalogue the examples and the local box use (package data)."""
    return on_disk(resources.files("govcloud") / DATA_DIR / "catalogue.yaml")
