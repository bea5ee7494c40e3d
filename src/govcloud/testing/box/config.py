"""Render data/config.yaml into ini edits and apply them to Debian's config files."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from govcloud.testing.box import paths
from govcloud.testing.box.iniedit import Edit, edit_file

DIRECTORIES: tuple[str, ...] = (
    "/var/lock/nova",
    "/var/lock/neutron",
    "/var/lock/cinder",
    "/var/lib/glance/images",
    "/var/lib/glance/staging",
    "/var/lib/glance/tasks_work_dir",
)


@dataclass(frozen=True)
class ConfigParams:
    """Everything the templates need; passwords come from the state dir, never from the repo."""

    passwords: dict[str, str]
    fixed_key: str
    log_dir: str = str(paths.DEFAULT_LOG_DIR)

    def values(self) -> dict[str, str]:
        """Return the placeholder values for data/config.yaml."""
        host = paths.HOST
        return {
            "host": host,
            "region": paths.REGION,
            "keystone": f"http://{host}:5000",
            "db": f"mysql+pymysql://govcloud:{self.passwords['db']}@{host}",
            "transport_url": f"rabbit://openstack:{self.passwords['rabbit']}@{host}:5672/",
            "log_dir": self.log_dir,
            "nova_host": paths.NOVA_HOST,
            "fixed_key": self.fixed_key,
        }


def load_template() -> dict[str, Any]:
    """Load the config data shipped with the package."""
    text = (
        importlib.resources.files("govcloud.testing.box")
        .joinpath("data/config.yaml")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def keystone_auth_edits(section: str, user: str, password: str, keystone: str) -> list[Edit]:
    """Password auth as a service user in project "service" (keystone_authtoken, [nova], ...)."""
    options = {
        "www_authenticate_uri": keystone,
        "auth_url": keystone,
        "auth_type": "password",
        "project_domain_name": "Default",
        "user_domain_name": "Default",
        "project_name": "service",
        "username": user,
        "password": password,
        "region_name": paths.REGION,
    }
    return [Edit(section, key, value) for key, value in options.items()]


def render(params: ConfigParams, template: dict[str, Any] | None = None) -> dict[str, list[Edit]]:
    """Turn the template into ordered edits per file (pure: unit tests read the result)."""
    data = load_template() if template is None else template
    values = params.values()
    rendered: dict[str, list[Edit]] = {}
    for path, spec in data.items():
        edits = [Edit(section, None, None) for section in spec.get("delete_sections", [])]
        edits += [Edit(section, key, None) for section, key in spec.get("delete_keys", [])]
        for section, user in spec.get("keystone_auth", {}).items():
            edits += keystone_auth_edits(section, user, params.passwords[user], values["keystone"])
        for section, options in spec.get("set", {}).items():
            edits += [Edit(section, key, str(value).format(**values)) for key, value in options.items()]
        rendered[path] = edits
    return rendered


def apply(params: ConfigParams) -> list[str]:
    """Apply every edit (idempotent); return the files that changed."""
    for directory in DIRECTORIES:
        Path(directory).mkdir(parents=True, exist_ok=True)
    return [path for path, edits in render(params).items() if edit_file(Path(path), edits)]
