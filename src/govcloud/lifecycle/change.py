"""``govcloud change`` (LC-8): what a new request version changes in the infrastructure, major or minor.

The diff is between the two versions' plans (``govcloud.provisioning.plan.build_plan``: what the stack would
build), so it is known before any engine runs; once the new version is approved, ``govcloud
provision <stack> --preview-only`` shows ``pulumi preview``'s own diff of the same change.

A change is **major** (LC-8: the LC-2 materials are submitted again and the system re-tested) when
it changes the system's 等保 level, data classification, zone or exposure, adds or removes a tier,
or raises the monthly cost at catalogue prices by more than 20 %; every other change is minor.
Both need the authority's approval before ``pulumi up`` proceeds.

A change **scales up** (EVAL-2: optimise first, then scale up; ``govcloud.lifecycle.scale_up`` judges it)
when it adds servers, gives a server a flavor with more vCPUs or memory, or raises the monthly cost at
catalogue prices at all; a scale-down or a change with no capacity rise has no scale-up reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from govcloud.admission.context import RequestContext
from govcloud.bilingual import Text
from govcloud.provisioning.plan import build_plan

if TYPE_CHECKING:
    from collections.abc import Mapping

    from govcloud.catalogue.model import Catalogue
    from govcloud.provisioning.plan import ServerPlan

MAJOR_COST_RISE = 0.20
_SYSTEM_FIELDS = ("mlpsLevel", "dataClassification", "zone", "exposure")
RETEST_MATERIALS = ("selfTestReportRef", "technicalPlanRef")
"""LC-2 materials a major change must bring anew (a new self-test report and technical plan)."""


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """The infrastructure diff and the classification with its reasons."""

    diff: tuple[str, ...]
    major_reasons: tuple[Text, ...]
    monthly_before: float
    monthly_after: float
    scale_up: tuple[Text, ...] = ()
    """Why the change raises capacity (EVAL-2); empty when it does not."""

    @property
    def major(self) -> bool:
        """Whether LC-2 materials and re-tests are required again."""
        return bool(self.major_reasons)

    def as_json(self) -> dict[str, Any]:
        """As recorded in a change-requested entry."""
        return {
            "major": self.major,
            "majorReasons": [reason._asdict() for reason in self.major_reasons],
            "diff": list(self.diff),
            "monthlyCnyBefore": self.monthly_before,
            "monthlyCnyAfter": self.monthly_after,
            "scaleUp": [reason._asdict() for reason in self.scale_up],
        }


def compare(approved: Mapping[str, Any], proposed: Mapping[str, Any], catalogue: Catalogue) -> ChangeReport:
    """Diff two admitted versions of one request."""
    before, after = build_plan(approved, catalogue), build_plan(proposed, catalogue)
    diff = _server_diff({s.name: s for s in before.servers}, {s.name: s for s in after.servers})
    old_quotas, new_quotas = asdict(before.quotas), asdict(after.quotas)
    diff += [
        f"~ quota {name}: {old_quotas[name]} -> {new_quotas[name]}"
        for name in old_quotas
        if old_quotas[name] != new_quotas[name]
    ]
    diff += [f"+ item {item}" for item in sorted(after.item_ids - before.item_ids)]
    diff += [f"- item {item}" for item in sorted(before.item_ids - after.item_ids)]
    reasons: list[Text] = []
    for key in _SYSTEM_FIELDS:
        old_value, new_value = approved["spec"]["system"][key], proposed["spec"]["system"][key]
        if old_value != new_value:
            reasons.append(
                Text(
                    f"系统 {key} 由 {old_value} 变为 {new_value}",
                    f"system {key} changes from {old_value} to {new_value}",
                )
            )
    if set(before.tiers) != set(after.tiers):
        reasons.append(
            Text(
                f"层级由 {list(before.tiers)} 变为 {list(after.tiers)}",
                f"tiers change from {list(before.tiers)} to {list(after.tiers)}",
            )
        )
    monthly_before = RequestContext(approved, catalogue).cost.monthly_cny
    monthly_after = RequestContext(proposed, catalogue).cost.monthly_cny
    if monthly_after > monthly_before * (1 + MAJOR_COST_RISE):
        reasons.append(
            Text(
                f"月费用由 {monthly_before:,.2f} 增至 {monthly_after:,.2f} 元，超过 20%",
                f"the monthly cost rises from {monthly_before:,.2f} to {monthly_after:,.2f} CNY, over 20%",
            )
        )
    growth = _scale_up(before.servers, after.servers, catalogue)
    if monthly_after > monthly_before:
        growth.append(
            Text(
                f"月费用由 {monthly_before:,.2f} 增至 {monthly_after:,.2f} 元",
                f"the monthly cost rises from {monthly_before:,.2f} to {monthly_after:,.2f} CNY",
            )
        )
    return ChangeReport(tuple(diff), tuple(reasons), monthly_before, monthly_after, tuple(growth))


def _scale_up(
    before: tuple[ServerPlan, ...], after: tuple[ServerPlan, ...], catalogue: Catalogue
) -> list[Text]:
    """More servers, or a server kept under its name with more vCPUs or memory."""
    found = []
    if len(after) > len(before):
        found.append(
            Text(
                f"云主机由 {len(before)} 台增至 {len(after)} 台",
                f"servers rise from {len(before)} to {len(after)}",
            )
        )
    old = {server.name: server for server in before}
    for server in after:
        if server.name in old and _grows(_size(old[server.name], catalogue), _size(server, catalogue)):
            was = old[server.name].flavor_item
            found.append(
                Text(
                    f"{server.name} 规格由 {was} 升至 {server.flavor_item}",
                    f"{server.name} moves to a bigger flavor: {was} -> {server.flavor_item}",
                )
            )
    return found


def _size(server: ServerPlan, catalogue: Catalogue) -> tuple[int, int]:
    """(vCPUs, MiB) of the server's flavor."""
    spec = catalogue.items[server.flavor_item].spec
    return int(spec["vcpus"]), int(spec["ramMiB"])


def _grows(old: tuple[int, int], new: tuple[int, int]) -> bool:
    """Either dimension rises: a sideways swap (fewer vCPUs, more memory) adds capacity too."""
    return any(after > before for before, after in zip(old, new, strict=True))


def missing_retest_materials(approved: Mapping[str, Any], proposed: Mapping[str, Any]) -> list[str]:
    """LC-2 materials of a major change that are still the approved version's (so not brought anew)."""
    old, new = approved["spec"]["materials"], proposed["spec"]["materials"]
    return [key for key in RETEST_MATERIALS if new.get(key) == old.get(key)]


def _server_diff(before: dict[str, ServerPlan], after: dict[str, ServerPlan]) -> list[str]:
    lines = [
        f"+ server {name} ({after[name].flavor}, {after[name].image})" for name in after if name not in before
    ]
    lines += [f"- server {name}" for name in before if name not in after]
    for name in before.keys() & after.keys():
        old, new = before[name], after[name]
        if old.flavor != new.flavor:
            lines.append(f"~ server {name} flavor: {old.flavor} -> {new.flavor}")
        old_volumes = [(v.volume_type, v.size_gib) for v in old.volumes]
        new_volumes = [(v.volume_type, v.size_gib) for v in new.volumes]
        if old_volumes != new_volumes:
            lines.append(f"~ server {name} volumes: {old_volumes} -> {new_volumes}")
    return sorted(lines, key=lambda line: line[2:])
