"""clouds.yaml for the box and the `export OS_...` lines that point clients at it.

openstacksdk, the openstack CLI and Pulumi's OpenStack provider all read OS_CLIENT_CONFIG_FILE + OS_CLOUD.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

import yaml

from govcloud.testing.box import paths
from govcloud.testing.box.credentials import write_private

if TYPE_CHECKING:
    from pathlib import Path

ADMIN_CLOUD = "govcloud-admin"
TENANT_CLOUD = "govcloud-tenant"
TENANT_PROJECT = "tenant-demo"
TENANT_USER = "tenant-demo-user"
CLOUD_NAMES: tuple[str, ...] = (ADMIN_CLOUD, TENANT_CLOUD)


def cloud_entry(username: str, project: str, password: str) -> dict[str, Any]:
    """One clouds.yaml entry: password auth as ``username`` in ``project`` on the box."""
    return {
        "auth": {
            "auth_url": paths.KEYSTONE_URL,
            "username": username,
            "password": password,
            "project_name": project,
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "region_name": paths.REGION,
        "interface": "public",
        "identity_api_version": 3,
    }


def render(passwords: dict[str, str]) -> dict[str, Any]:
    """Build the clouds.yaml document (admin in project admin, the tenant user in its own project)."""
    return {
        "clouds": {
            ADMIN_CLOUD: cloud_entry("admin", "admin", passwords["admin"]),
            TENANT_CLOUD: cloud_entry(TENANT_USER, TENANT_PROJECT, passwords["tenant"]),
        }
    }


def write(path: Path, passwords: dict[str, str]) -> None:
    """Write clouds.yaml 0600 (it holds passwords)."""
    write_private(path, yaml.safe_dump(render(passwords), sort_keys=False))


def env_lines(path: Path, cloud: str) -> list[str]:
    """Shell lines selecting ``cloud`` from the box's clouds.yaml."""
    return [
        f"export OS_CLIENT_CONFIG_FILE={shlex.quote(str(path))}",
        f"export OS_CLOUD={shlex.quote(cloud)}",
    ]


def connect(path: Path, cloud: str) -> Any:
    """Open an openstacksdk connection from the box's clouds.yaml (no environment needed)."""
    import openstack.config  # noqa: PLC0415 - heavy import, only when talking to the box
    from openstack import connection  # noqa: PLC0415

    config = openstack.config.OpenStackConfig(config_files=[str(path)], load_envvars=False)
    region = config.get_one(cloud=cloud)
    return connection.Connection(config=region)
