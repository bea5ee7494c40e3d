"""clouds.yaml, env lines and secrets files: content and permissions."""

from __future__ import annotations

import stat
from typing import TYPE_CHECKING

import yaml

from govcloud.testing.box import clouds, credentials

if TYPE_CHECKING:
    from pathlib import Path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_passwords_generated_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    first = credentials.load_or_create_passwords(path)
    assert set(first) == set(credentials.ACCOUNTS)
    assert len(set(first.values())) == len(first)
    assert all(len(pw) >= 24 for pw in first.values())
    assert mode(path) == 0o600
    assert credentials.load_or_create_passwords(path) == first


def test_fixed_key_is_256_bit_hex_and_private(tmp_path: Path) -> None:
    path = tmp_path / "fixed_key"
    key = credentials.load_or_create_fixed_key(path)
    assert len(bytes.fromhex(key)) == 32
    assert mode(path) == 0o600
    assert credentials.load_or_create_fixed_key(path) == key


def test_clouds_yaml(tmp_path: Path) -> None:
    passwords = {name: f"pw-{name}" for name in credentials.ACCOUNTS}
    path = tmp_path / "clouds.yaml"
    clouds.write(path, passwords)
    assert mode(path) == 0o600
    doc = yaml.safe_load(path.read_text())
    admin = doc["clouds"]["govcloud-admin"]
    tenant = doc["clouds"]["govcloud-tenant"]
    assert admin["auth"]["project_name"] == "admin"
    assert admin["auth"]["password"] == passwords["admin"]
    assert tenant["auth"]["project_name"] == "tenant-demo"
    assert tenant["auth"]["password"] == passwords["tenant"]
    assert tenant["auth"]["auth_url"] == "http://127.0.0.1:5000/v3"
    assert tenant["region_name"] == "RegionOne"


def test_env_lines_quote_and_select_cloud(tmp_path: Path) -> None:
    lines = clouds.env_lines(tmp_path / "my dir" / "clouds.yaml", "govcloud-tenant")
    assert lines == [
        f"export OS_CLIENT_CONFIG_FILE='{tmp_path}/my dir/clouds.yaml'",
        "export OS_CLOUD=govcloud-tenant",
    ]
