"""Seed flavours, volume types (LUKS-encrypted ones too) and images from the service catalogue.

The seed shape is ``govcloud.catalogue.model.openstack_seed(catalogue)``'s:
``{"flavors": [{name, vcpus, ram_mb, disk_gb}], "volume_types": [{name, encrypted, cipher, key_size}],
"images": [{name, disk_format, min_disk_gb}]}``. Everything is looked up before it is created.
"""

from __future__ import annotations

import importlib
import subprocess
from typing import TYPE_CHECKING, Any

from govcloud.testing.box.paths import BoxPaths

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

# FALLBACK ONLY: used while govcloud.catalogue.model (owned by the catalogue work) is not importable.
# Keep it tiny; the real flavours, types and images come from catalog/catalogue.yaml.
BUILTIN_SEED: dict[str, list[dict[str, Any]]] = {
    "flavors": [{"name": "ecs.g1.small", "vcpus": 1, "ram_mb": 1024, "disk_gb": 10}],
    "volume_types": [
        {"name": "ssd", "encrypted": False, "cipher": None, "key_size": None},
        {"name": "ssd-luks", "encrypted": True, "cipher": "aes-xts-plain64", "key_size": 256},
    ],
    "images": [{"name": "debian-12-hardened", "disk_format": "qcow2", "min_disk_gb": 1}],
}

ENCRYPTION_PROVIDER = "luks"
CONTROL_LOCATION = "front-end"
DEFAULT_CIPHER = "aes-xts-plain64"
DEFAULT_KEY_SIZE = 256


def catalogue_seed() -> tuple[dict[str, Any], str]:
    """Return the catalogue's seed (or the built-in fallback) and where it came from."""
    try:
        catalogue = importlib.import_module("govcloud.catalogue.model")
        loader: Callable[[], Any] = catalogue.load_default
        to_seed: Callable[[Any], dict[str, Any]] = catalogue.openstack_seed
    except (ImportError, AttributeError):
        return BUILTIN_SEED, "built-in fallback seed (govcloud.catalogue.model.openstack_seed not available)"
    return to_seed(loader()), "govcloud.catalogue.model.openstack_seed(load_default())"


def ensure_flavor(conn: Any, spec: dict[str, Any]) -> bool:
    """Create a public flavour unless one with that name exists; return whether it was created."""
    if conn.compute.find_flavor(spec["name"], ignore_missing=True) is not None:
        return False
    conn.compute.create_flavor(
        name=spec["name"], vcpus=int(spec["vcpus"]), ram=int(spec["ram_mb"]), disk=int(spec["disk_gb"])
    )
    return True


def ensure_volume_type(conn: Any, spec: dict[str, Any]) -> bool:
    """Create the type and, if encrypted, its LUKS front-end encryption; return whether it changed."""
    changed = False
    volume_type = conn.block_storage.find_type(spec["name"])
    if volume_type is None:
        volume_type = conn.block_storage.create_type(name=spec["name"], is_public=True)
        changed = True
    if spec.get("encrypted"):
        current = conn.block_storage.get_type_encryption(volume_type.id)
        if not getattr(current, "provider", None):
            conn.block_storage.create_type_encryption(
                volume_type,
                provider=ENCRYPTION_PROVIDER,
                cipher=spec.get("cipher") or DEFAULT_CIPHER,
                key_size=int(spec.get("key_size") or DEFAULT_KEY_SIZE),
                control_location=CONTROL_LOCATION,
            )
            changed = True
    return changed


def tiny_image(work_dir: Path, disk_format: str, size_gb: int) -> Path:
    """Build a blank image of the given format, built once (the fake hypervisor boots nothing)."""
    work_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = work_dir / f"blank-{size_gb}g.{disk_format}"
    if not path.exists():
        if disk_format == "raw":
            with path.open("wb") as handle:
                handle.truncate(1024 * 1024)
        else:
            subprocess.run(
                ["qemu-img", "create", "-q", "-f", disk_format, str(path), f"{size_gb}G"],
                check=True,
                capture_output=True,
            )
    return path


def ensure_image(conn: Any, spec: dict[str, Any], work_dir: Path) -> bool:
    """Upload a blank public image under the catalogue name unless an active one exists."""
    existing = [image for image in conn.image.images(name=spec["name"]) if image.status == "active"]
    if existing:
        return False
    disk_format = str(spec.get("disk_format", "qcow2"))
    min_disk = int(spec.get("min_disk_gb", 1))
    # Handed as an open file closed here: given a file name, openstacksdk leaves the file open.
    with tiny_image(work_dir, disk_format, max(min_disk, 1)).open("rb") as data:
        conn.create_image(
            spec["name"],
            data=data,
            disk_format=disk_format,
            container_format="bare",
            min_disk=min_disk,
            visibility="public",
            wait=True,
        )
    return True


def seed_platform(conn: Any, seed: dict[str, Any], work_dir: Path | None = None) -> dict[str, int]:
    """Seed every catalogue item as admin; return how many of each kind were created."""
    images_dir = work_dir or BoxPaths.from_env().state / "images"
    return {
        "flavors": sum(ensure_flavor(conn, spec) for spec in seed.get("flavors", [])),
        "volume_types": sum(ensure_volume_type(conn, spec) for spec in seed.get("volume_types", [])),
        "images": sum(ensure_image(conn, spec, images_dir) for spec in seed.get("images", [])),
    }
