"""A request's resource lines and their data volumes, each with its catalogue item.

Rules and costing both read them; a volume belongs to its line, so what it is attached to (the
line's servers) is a field, not something to decode from its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from govcloud.catalogue.model import Catalogue, CatalogueItem
    from govcloud.loader import PathKey


@dataclass(frozen=True, slots=True)
class Volume:
    """One data volume of a server line: each of the line's servers gets one."""

    path: PathKey
    data: Mapping[str, Any]
    item: CatalogueItem | None


@dataclass(frozen=True, slots=True)
class Line:
    """One resource line of the request, with its catalogue item when the id is known."""

    path: PathKey
    data: Mapping[str, Any]
    item: CatalogueItem | None
    volumes: tuple[Volume, ...]

    @property
    def count(self) -> int:
        """Units ordered on the line."""
        return int(self.data["count"])


def resource_lines(spec: Mapping[str, Any], catalogue: Catalogue) -> list[Line]:
    """Every resource line of a schema-valid request's ``spec``, in order, with its volumes."""
    lines = []
    for index, data in enumerate(spec["resources"]):
        path = ("spec", "resources", index)
        volumes = tuple(
            Volume((*path, "volumes", number), volume, catalogue.get(volume["item"]))
            for number, volume in enumerate(data.get("volumes", ()))
        )
        lines.append(Line(path, data, catalogue.get(data["item"]), volumes))
    return lines
