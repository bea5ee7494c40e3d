"""Metadata every tenant resource carries, so OpenStack itself says whose it is and why it exists.

The stack writes these keys and the policy pack requires them; an auditor with plain OpenStack
credentials can go from a server to the request (id and digest) and the catalogue items it came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from govcloud.provisioning.plan import ServerPlan, TenantPlan, VolumePlan

PREFIX = "govcloud."
"""Every key the stack writes starts so; the tenant's own keys do not."""
UNIT = "govcloud.unit"
SYSTEM = "govcloud.system"
LEVEL = "govcloud.mlps-level"
CLASSIFICATION = "govcloud.classification"
ZONE = "govcloud.zone"
TIER = "govcloud.tier"
REQUEST_ID = "govcloud.request-id"
REQUEST_DIGEST = "govcloud.request-digest"
ITEMS = "govcloud.catalogue-items"

REQUIRED = (UNIT, SYSTEM, LEVEL, CLASSIFICATION, ZONE, REQUEST_ID, REQUEST_DIGEST, ITEMS)


def tenant_metadata(plan: TenantPlan) -> dict[str, str]:
    """Keys every resource of the tenant carries."""
    return {
        UNIT: plan.unit,
        SYSTEM: plan.system,
        LEVEL: str(plan.level),
        CLASSIFICATION: plan.classification,
        ZONE: plan.zone,
        REQUEST_ID: plan.request_id,
        REQUEST_DIGEST: plan.digest,
        ITEMS: plan.zone_item,
    }


def server_metadata(plan: TenantPlan, server: ServerPlan) -> dict[str, str]:
    """A server's keys: the tenant's plus its tier and its flavour and image items."""
    return {**tenant_metadata(plan), TIER: server.tier, ITEMS: f"{server.flavor_item},{server.image_item}"}


def volume_metadata(plan: TenantPlan, server: ServerPlan, volume: VolumePlan) -> dict[str, str]:
    """A volume's keys: the tenant's plus its server's tier and its volume-type item."""
    return {**tenant_metadata(plan), TIER: server.tier, ITEMS: volume.item_id}


def neutron_tags(metadata: Mapping[str, str]) -> list[str]:
    """Networks, routers, ports and security groups carry tags, not metadata: ``key=value`` strings, sorted."""
    return [f"{key}={value}" for key, value in sorted(metadata.items())]
