"""Readings of the whole stack that several stack rules share; unknown values never skip a rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from govcloud.policy.support import UNKNOWN, as_list, known

if TYPE_CHECKING:
    from pulumi_policy import PolicyResource, StackValidationArgs


def of_type(args: StackValidationArgs, resource_type: str) -> list[PolicyResource]:
    """Every resource of one type, in stack order."""
    return [resource for resource in args.resources if resource.resource_type == resource_type]


def metadata(resource: PolicyResource) -> dict[str, Any]:
    """A resource's metadata, or an empty dict when absent or unknown during preview."""
    value = known(resource.props, "metadata", {})
    if value is UNKNOWN or not isinstance(value, Mapping) or not value:
        return {}
    out: dict[str, Any] = {}
    for key in value:
        item = known(value, key)
        if item is not UNKNOWN:
            out[key] = item
    return out


def listed(resource: PolicyResource, key: str) -> list[Any] | None:
    """A list property, or None when it is unknown during preview (the program set *something*)."""
    value = known(resource.props, key)
    if value is UNKNOWN:
        return None
    return as_list(value)


def linked(resource: PolicyResource, candidates: list[PolicyResource]) -> list[PolicyResource]:
    """Candidates the resource depends on (its ports, say): engine dependencies, never ids."""
    urns = {dependency.urn for dependency in resource.dependencies}
    for group in resource.property_dependencies.values():
        urns |= {dependency.urn for dependency in group}
    return [candidate for candidate in candidates if candidate.urn in urns]


def depends_on(resource: PolicyResource, target: PolicyResource) -> bool:
    """Whether ``resource`` depends on ``target``."""
    return bool(linked(resource, [target]))
