"""The service catalogue (服务目录): load, normalise, validate, and look items up (CAT-1, CAT-2).

Catalogue authors leave out what is obvious — an item open to every level and zone, a price typed
as ``"720.00"`` — so the loader first normalises with cerberus (defaults that depend on the
platform's level, coercion of numeric strings), then validates with the JSON Schema, then checks
what a schema cannot: ids unique across the whole catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import cerberus

from govcloud import paths
from govcloud.admission.findings import format_path
from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
from govcloud.loader import load_path
from govcloud.schemas import SchemaError, validator

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

ALL_ZONES = ("extranet", "private", "internet")
_PRICE = re.compile(r"^\s*\d+(\.\d+)?\s*$")


class CatalogueError(GovcloudError):
    """The catalogue itself is broken (exit 2); nothing can be admitted against it."""

    def __init__(self, source: Path, errors: list[SchemaError]) -> None:
        """Keep every error, each a detail line with its field path, so ``govcloud catalogue check`` lists them all."""
        details = tuple(
            f"{format_path(item.path)} [{', '.join(item.requirements) or 'CAT-2'}]: {item.message.joined()}"
            for item in errors
        )
        text = Text(
            f"服务目录无效（{len(errors)} 处错误）", f"the catalogue is invalid ({len(errors)} error(s))"
        )
        super().__init__("catalogue-valid", text, where=str(source), details=details)
        self.source = source
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Offering:
    """Commercial terms of an item: unit, monthly price, limits, eligible levels and zones."""

    unit: str
    monthly_price_cny: float
    levels: frozenset[int]
    zones: frozenset[str]
    max_per_request: int | None
    min_size_gib: int | None
    max_size_gib: int | None


@dataclass(frozen=True, slots=True)
class CatalogueItem:
    """One orderable item."""

    id: str
    kind: str
    name: Text
    offering: Offering
    spec: Mapping[str, Any]

    @property
    def service(self) -> str | None:
        """The service of a SecurityService or NetworkService item (``waf``, ``floating-ip``...)."""
        value = self.spec.get("service")
        return str(value) if value is not None else None

    @property
    def encrypted(self) -> bool:
        """Whether a VolumeType item encrypts at rest."""
        return bool(self.spec.get("encrypted", False))


@dataclass(frozen=True, slots=True)
class ProviderService:
    """A platform service every tenant host reaches (update mirror, time, DNS, logs): one egress flow."""

    id: str
    name: Text
    cidr: str
    protocol: str
    ports: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PlatformNetwork:
    """The platform's network access-control baseline (SEC-3, SEC-4; GB/T 22239-2019 8.1.3.2)."""

    max_port_range_width: int
    min_egress_prefix: Mapping[str, int]
    """Shortest egress destination prefix per IP version (``4``/``6`` keys as strings ``ipv4``/``ipv6``)."""
    provider_services: tuple[ProviderService, ...]


@dataclass(frozen=True, slots=True)
class PlatformMaintenance:
    """How planned maintenance is announced (OPS-1): notice in working days, longest window in hours."""

    notice_working_days: int
    max_window_hours: int


@dataclass(frozen=True, slots=True)
class Platform:
    """Facts about the platform the catalogue belongs to."""

    name: Text
    mlps_level: int
    egov_cidrs: tuple[str, ...]
    bastion_cidrs: tuple[str, ...]
    network: PlatformNetwork
    maintenance: PlatformMaintenance


class Catalogue:
    """A validated catalogue with lookups by id, kind and service."""

    def __init__(self, document: Mapping[str, Any], source: Path) -> None:
        """Build the lookups; ``document`` must already be normalised and valid."""
        self.source = source
        self.version = str(document["metadata"]["version"])
        platform = document["spec"]["platform"]
        self.platform = Platform(
            Text(**platform["name"]),
            int(platform["mlpsLevel"]),
            tuple(platform["egovCidrs"]),
            tuple(platform["bastionCidrs"]),
            _platform_network(platform["network"]),
            PlatformMaintenance(
                int(platform["maintenance"]["noticeWorkingDays"]),
                int(platform["maintenance"]["maxWindowHours"]),
            ),
        )
        self.items: dict[str, CatalogueItem] = {}
        for raw in document["spec"]["items"]:
            item = _item(raw)
            self.items[item.id] = item

    def get(self, item_id: str) -> CatalogueItem | None:
        """The item with this id, or None when the catalogue has no such item."""
        return self.items.get(item_id)

    def of_kind(self, kind: str) -> list[CatalogueItem]:
        """Every item of one kind, in catalogue order."""
        return [item for item in self.items.values() if item.kind == kind]


def _platform_network(raw: Mapping[str, Any]) -> PlatformNetwork:
    return PlatformNetwork(
        max_port_range_width=int(raw["maxPortRangeWidth"]),
        min_egress_prefix={key: int(value) for key, value in raw["minEgressPrefixLength"].items()},
        provider_services=tuple(
            ProviderService(
                str(service["id"]),
                Text(**service["name"]),
                str(service["cidr"]),
                str(service["protocol"]),
                tuple(int(port) for port in service["ports"]),
            )
            for service in raw["providerServices"]
        ),
    )


def _item(raw: Mapping[str, Any]) -> CatalogueItem:
    offering = raw["spec"]["offering"]
    limits = offering.get("limits", {})
    return CatalogueItem(
        id=raw["metadata"]["id"],
        kind=raw["kind"],
        name=Text(**raw["metadata"]["name"]),
        offering=Offering(
            unit=offering["unit"],
            monthly_price_cny=float(offering["monthlyPriceCny"]),
            levels=frozenset(offering["levels"]),
            zones=frozenset(offering["zones"]),
            max_per_request=limits.get("maxPerRequest"),
            min_size_gib=limits.get("minSizeGiB"),
            max_size_gib=limits.get("maxSizeGiB"),
        ),
        spec=raw["spec"],
    )


def _coerce_price(value: Any) -> Any:
    """``"720.00"`` becomes 720.0; anything else is left for the schema to judge."""
    if isinstance(value, str) and _PRICE.match(value):
        return float(value)
    return value


def _normaliser(platform_level: int) -> cerberus.Validator:
    """Cerberus rules that fill an item's omitted levels/zones and coerce prices."""
    levels = list(range(1, platform_level + 1))
    offering = {
        "type": "dict",
        "allow_unknown": True,
        "schema": {
            "levels": {"default_setter": lambda _document: list(levels)},
            "zones": {"default_setter": lambda _document: list(ALL_ZONES)},
            "monthlyPriceCny": {"coerce": _coerce_price},
        },
    }
    item = {
        "type": "dict",
        "allow_unknown": True,
        "schema": {"spec": {"type": "dict", "allow_unknown": True, "schema": {"offering": offering}}},
    }
    schema = {
        "spec": {"type": "dict", "allow_unknown": True, "schema": {"items": {"type": "list", "schema": item}}}
    }
    return cerberus.Validator(schema, allow_unknown=True)


def normalise(document: Mapping[str, Any]) -> Mapping[str, Any]:
    """Apply defaults and coercions; a document of the wrong shape is returned as is for the schema."""
    try:
        level = int(document["spec"]["platform"]["mlpsLevel"])
    except (KeyError, TypeError, ValueError):
        level = 3
    normalised = _normaliser(level).normalized(document)
    return normalised if normalised is not None else document


def parse_catalogue(document: Mapping[str, Any], source: Path) -> Catalogue:
    """Normalise and validate a loaded catalogue document."""
    normalised = normalise(document)
    errors = validator("catalogue-1.0.json").errors(normalised)
    if not errors:
        errors = _duplicate_ids(normalised)
    if errors:
        raise CatalogueError(source, errors)
    return Catalogue(normalised, source)


def _duplicate_ids(document: Mapping[str, Any]) -> list[SchemaError]:
    seen: set[str] = set()
    errors = []
    for index, raw in enumerate(document["spec"]["items"]):
        item_id = raw["metadata"]["id"]
        if item_id in seen:
            errors.append(
                SchemaError(
                    ("spec", "items", index, "metadata", "id"),
                    Text(f"目录条目编号 {item_id} 重复", f"catalogue item id {item_id} is used twice"),
                    ("CAT-1",),
                )
            )
        seen.add(item_id)
    return errors


def load_catalogue(path: Path) -> Catalogue:
    """Load, normalise and validate a catalogue file."""
    return parse_catalogue(load_path(path).data, path)


@cache
def load_default() -> Catalogue:
    """The project's default catalogue (``catalog/catalogue.yaml``), loaded once per process."""
    return load_catalogue(paths.default_catalogue_path())


def openstack_seed(catalogue: Catalogue) -> dict[str, list[dict[str, Any]]]:
    """What the platform must create in OpenStack for the catalogue's items to be orderable."""
    flavors = [
        {
            "name": item.spec["openstack"]["flavor"],
            "vcpus": item.spec["vcpus"],
            "ram_mb": item.spec["ramMiB"],
            "disk_gb": item.spec["rootDiskGiB"],
        }
        for item in catalogue.of_kind("ComputeFlavor")
    ]
    volume_types = [
        {
            "name": item.spec["openstack"]["volumeType"],
            "encrypted": item.encrypted,
            "cipher": item.spec.get("encryption", {}).get("cipher"),
            "key_size": item.spec.get("encryption", {}).get("keySizeBits"),
        }
        for item in catalogue.of_kind("VolumeType")
    ]
    images = [
        {
            "name": item.spec["openstack"]["image"],
            "disk_format": item.spec["openstack"]["diskFormat"],
            "min_disk_gb": item.spec["minDiskGiB"],
        }
        for item in catalogue.of_kind("Image")
    ]
    return {"flavors": flavors, "volume_types": volume_types, "images": images}
