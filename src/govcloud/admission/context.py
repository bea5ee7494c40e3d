"""A request seen together with the catalogue: the lookups every rule needs, computed once."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from govcloud.admission import costing
from govcloud.admission.resource_lines import resource_lines

if TYPE_CHECKING:
    from collections.abc import Mapping

    from govcloud.admission.costing import Cost
    from govcloud.admission.resource_lines import Line, Volume
    from govcloud.catalogue.model import Catalogue, CatalogueItem
    from govcloud.loader import PathKey


class RequestContext:
    """A schema-valid request plus the catalogue it is judged against."""

    def __init__(self, document: Mapping[str, Any], catalogue: Catalogue) -> None:
        """Keep references only; everything else is derived lazily."""
        self.document = document
        self.catalogue = catalogue
        self.spec: Mapping[str, Any] = document["spec"]
        self.system: Mapping[str, Any] = self.spec["system"]
        self.level: int = int(self.system["mlpsLevel"])
        self.classification: str = self.system["dataClassification"]
        self.exposure: str = self.system["exposure"]

    @cached_property
    def lines(self) -> list[Line]:
        """Every resource line in order."""
        return resource_lines(self.spec, self.catalogue)

    @cached_property
    def compute_lines(self) -> list[Line]:
        """Lines that order servers."""
        return [line for line in self.lines if line.item is not None and line.item.kind == "ComputeFlavor"]

    @cached_property
    def server_count(self) -> int:
        """Servers the request asks for in total."""
        return sum(line.count for line in self.compute_lines)

    @cached_property
    def cost(self) -> Cost:
        """The request at catalogue prices, computed once for the budget rule and the reports."""
        return costing.estimate(
            self.catalogue, self.lines, self.zone_item, self.spec["workload"].get("schedule", ())
        )

    @cached_property
    def zone_item(self) -> CatalogueItem | None:
        """The catalogue's network zone the system is placed in, if it is one."""
        item = self.catalogue.get(self.system["zone"])
        return item if item is not None and item.kind == "NetworkZone" else None

    @cached_property
    def zone(self) -> str | None:
        """Zone code (extranet/private/internet) of the system's zone item."""
        return str(self.zone_item.spec["zone"]) if self.zone_item else None

    def ordered(self, service: str) -> int:
        """Units ordered of a service (``waf``, ``hids``, ``crypto``, ``floating-ip``...)."""
        return sum(
            line.count for line in self.lines if line.item is not None and line.item.service == service
        )

    @cached_property
    def volumes(self) -> list[Volume]:
        """Every data volume of every line, in order."""
        return [volume for line in self.lines for volume in line.volumes]

    @cached_property
    def references(self) -> list[tuple[PathKey, str]]:
        """Every catalogue id the request names, with where it is named."""
        found: list[tuple[PathKey, str]] = [(("spec", "system", "zone"), self.system["zone"])]
        for line in self.lines:
            found.append(((*line.path, "item"), line.data["item"]))
            if "image" in line.data:
                found.append(((*line.path, "image"), line.data["image"]))
        found.extend(((*volume.path, "item"), volume.data["item"]) for volume in self.volumes)
        for index, entry in enumerate(self.spec["workload"].get("schedule", ())):
            for extra_index, extra in enumerate(entry["extra"]):
                found.append(
                    (("spec", "workload", "schedule", index, "extra", extra_index, "item"), extra["item"])
                )
        return found
