"""Where the project's data lives: the catalogue and schemas sit at the top of the checkout."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The checkout root: ``GOVCLOUD_ROOT`` if set, else the folder above ``src/govcloud``."""
    configured = os.environ.get("GOVCLOUD_ROOT")
    if configured:
        return Path(configured).resolve()
    return Path(__file__).resolve().parents[2]


def schema_dir() -> Path:
    """JSON Schemas of the catalogue and the request format."""
    return project_root() / "catalog" / "schemas"


def default_catalogue_path() -> Path:
    """The catalogue the examples and the local box use."""
    return project_root() / "catalog" / "catalogue.yaml"
