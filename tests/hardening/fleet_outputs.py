"""Stack outputs for a fleet of netns test hosts, as the stack program exports them (for ``write_inventory``).

A host's tier is the middle part of its name (``fleet-db-1`` is in ``db``); a tier named in ``declared``
carries that declared ingress, the others fall back to their tier profile's ports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping


def stack_outputs(
    addresses: Mapping[str, str],
    *,
    system: str,
    request_id: str,
    declared: Mapping[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    """``hosts`` (one per address) and ``tenant``, a level-3 internet-facing system."""
    hosts = {}
    for name, address in addresses.items():
        tier = name.split("-")[1]
        hosts[name] = {
            "tier": tier,
            "zone": "internet",
            "level": 3,
            "addresses": {"private": address},
            "login_user": "ops",
            "image": "debian-12 (netns test host)",
            "request_id": request_id,
            **({"declared_ingress": declared[tier]} if tier in declared else {}),
        }
    tenant = {"request_id": request_id, "system": system, "zone": "internet", "level": 3}
    return {"hosts": hosts, "tenant": tenant}
