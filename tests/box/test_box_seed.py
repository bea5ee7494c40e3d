"""seed_platform against the catalogue seed shape, with an in-memory stand-in for openstacksdk."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

from govcloud.testing.box import seed

if TYPE_CHECKING:
    from pathlib import Path
    from typing import BinaryIO

    import pytest


class FakeCloud:
    """Just the openstacksdk calls seed.py makes, storing what was created."""

    def __init__(self) -> None:
        """Empty cloud."""
        self.flavors: dict[str, dict[str, object]] = {}
        self.types: dict[str, SimpleNamespace] = {}
        self.encryption: dict[str, dict[str, object]] = {}
        self.images: list[SimpleNamespace] = []
        self.compute = SimpleNamespace(find_flavor=self.find_flavor, create_flavor=self.create_flavor)
        self.block_storage = SimpleNamespace(
            find_type=self.types.get,
            create_type=self.create_type,
            get_type_encryption=lambda type_id: SimpleNamespace(**self.encryption.get(type_id, {})),
            create_type_encryption=self.create_type_encryption,
        )
        self.image = SimpleNamespace(images=lambda name: [i for i in self.images if i.name == name])

    def find_flavor(self, name: str, *, ignore_missing: bool) -> object | None:
        """compute.find_flavor."""
        assert ignore_missing
        return self.flavors.get(name)

    def create_flavor(self, **attrs: object) -> None:
        """compute.create_flavor."""
        self.flavors[str(attrs["name"])] = attrs

    def create_type(self, *, name: str, is_public: bool) -> SimpleNamespace:
        """block_storage.create_type."""
        assert is_public
        self.types[name] = SimpleNamespace(id=f"id-{name}", name=name)
        return self.types[name]

    def create_type_encryption(self, volume_type: SimpleNamespace, **attrs: object) -> None:
        """block_storage.create_type_encryption."""
        self.encryption[volume_type.id] = attrs

    def create_image(self, name: str, *, data: BinaryIO, **attrs: object) -> None:
        """Cloud-layer create_image, given the image's bytes as an open file."""
        self.images.append(SimpleNamespace(name=name, status="active", data=data, read=data.read(), **attrs))


def test_builtin_seed_has_the_documented_shape() -> None:
    data = seed.BUILTIN_SEED
    assert {f["name"] for f in data["flavors"]} == {"ecs.g1.small"}
    assert [t["name"] for t in data["volume_types"] if t["encrypted"]] == ["ssd-luks"]
    assert [i["name"] for i in data["images"]] == ["debian-12-hardened"]


def test_seed_creates_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def tiny_image(work_dir: Path, fmt: str, size: int) -> Path:
        path = work_dir / f"{fmt}-{size}"
        path.write_bytes(b"blank")
        return path

    monkeypatch.setattr(seed, "tiny_image", tiny_image)
    cloud = FakeCloud()
    created = seed.seed_platform(cloud, seed.BUILTIN_SEED, tmp_path)
    assert created == {"flavors": 1, "volume_types": 2, "images": 1}
    assert cloud.flavors["ecs.g1.small"] == {"name": "ecs.g1.small", "vcpus": 1, "ram": 1024, "disk": 10}
    assert cloud.encryption == {
        "id-ssd-luks": {
            "provider": "luks",
            "cipher": "aes-xts-plain64",
            "key_size": 256,
            "control_location": "front-end",
        }
    }
    image = cloud.images[0]
    assert (image.disk_format, image.min_disk, image.visibility) == ("qcow2", 1, "public")
    assert image.read == b"blank"
    assert image.data.closed, "the image file is closed once uploaded (openstacksdk leaves a named one open)"
    assert seed.seed_platform(cloud, seed.BUILTIN_SEED, tmp_path) == {
        "flavors": 0,
        "volume_types": 0,
        "images": 0,
    }


def test_catalogue_seed_source_is_reported() -> None:
    data, origin = seed.catalogue_seed()
    assert set(data) >= {"flavors", "volume_types", "images"}
    assert "govcloud.catalogue.model" in origin or "built-in" in origin
