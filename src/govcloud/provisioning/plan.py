"""From an admitted request to what may be built: servers, volumes, addresses, rules and quotas.

The Pulumi program builds exactly this plan and the policy pack checks the built resources against
it (CAT-1: nothing the request does not cover; CAT-4: totals within what was approved), so both
read one derivation instead of each interpreting the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govcloud import controls, flows
from govcloud.admission.admit import request_digest

if TYPE_CHECKING:
    from collections.abc import Mapping

    from govcloud.catalogue.model import Catalogue
    from govcloud.flows import Flow, RuleSpec


@dataclass(frozen=True, slots=True)
class VolumePlan:
    """One data volume attached to one server."""

    name: str
    item_id: str
    volume_type: str
    size_gib: int
    encrypted: bool


@dataclass(frozen=True, slots=True)
class ServerPlan:
    """One server of a tier."""

    name: str
    tier: str
    flavor_item: str
    flavor: str
    image_item: str
    image: str
    login_user: str
    volumes: tuple[VolumePlan, ...]
    floating_ip: bool


@dataclass(frozen=True, slots=True)
class Quotas:
    """Totals the request approves (CAT-4); the stack may not exceed them."""

    instances: int
    vcpus: int
    ram_mib: int
    volumes: int
    volume_gib: int
    floating_ips: int


@dataclass(frozen=True, slots=True)
class TenantPlan:
    """Everything the stack and the policy pack need to know about one approved request."""

    request_id: str
    digest: str
    unit: str
    system: str
    level: int
    classification: str
    exposure: str
    zone: str
    zone_item: str
    internet_facing: bool
    tenant_cidr_pool: str
    ingress_cidrs: tuple[str, ...]
    bastion_cidrs: tuple[str, ...]
    servers: tuple[ServerPlan, ...]
    quotas: Quotas
    flows: tuple[Flow, ...]
    """The request's declared flows (``spec.network``), in document order."""
    rules: tuple[RuleSpec, ...]
    """Exactly the security-group rules to build (``govcloud.flows``; SEC-3, SEC-4)."""
    services: frozenset[str]
    item_ids: frozenset[str]
    flavors: frozenset[str] = field(default_factory=frozenset)
    images: frozenset[str] = field(default_factory=frozenset)
    volume_types: frozenset[str] = field(default_factory=frozenset)

    @property
    def tiers(self) -> tuple[str, ...]:
        """Tiers in request order."""
        return tuple(dict.fromkeys(server.tier for server in self.servers))

    @property
    def group_names(self) -> dict[str, str]:
        """Security group name by tier (``<system>-<tier>``)."""
        return {tier: f"{self.system}-{tier}" for tier in self.tiers}

    def declared_ingress(self, tier: str) -> list[dict[str, Any]]:
        """What a host of ``tier`` serves (port, protocol, source), for the inventory and the audit."""
        return flows.declared_ingress(self.flows, tier)

    @property
    def encryption_required(self) -> bool:
        """SEC-11, from the same predicate admission uses."""
        return controls.encryption_required(self.level, self.classification)


def build_plan(request: Mapping[str, Any], catalogue: Catalogue) -> TenantPlan:
    """Derive the plan from a request that admission found clean (ids resolve, kinds match)."""
    spec = request["spec"]
    system = spec["system"]
    code = system["code"]
    zone_item = catalogue.items[system["zone"]]
    internet_facing = (
        bool(zone_item.spec["internetFacing"]) and system["exposure"] == controls.INTERNET_FACING
    )
    fip_per_tier: dict[str, int] = {}
    services: set[str] = set()
    for line in spec["resources"]:
        item = catalogue.items[line["item"]]
        if item.service == "floating-ip":
            fip_per_tier[line["tier"]] = fip_per_tier.get(line["tier"], 0) + line["count"]
        if item.service:
            services.add(item.service)
    servers: list[ServerPlan] = []
    for line in spec["resources"]:
        flavor = catalogue.items[line["item"]]
        if flavor.kind != "ComputeFlavor":
            continue
        image = catalogue.items[line["image"]]
        tier = line["tier"]
        for number in range(1, line["count"] + 1):
            name = f"{code}-{tier}-{number}"
            volumes = tuple(
                VolumePlan(
                    name=f"{name}-data-{index + 1}",
                    item_id=volume["item"],
                    volume_type=catalogue.items[volume["item"]].spec["openstack"]["volumeType"],
                    size_gib=volume["sizeGiB"],
                    encrypted=catalogue.items[volume["item"]].encrypted,
                )
                for index, volume in enumerate(line.get("volumes", ()))
            )
            servers.append(
                ServerPlan(
                    name=name,
                    tier=tier,
                    flavor_item=flavor.id,
                    flavor=flavor.spec["openstack"]["flavor"],
                    image_item=image.id,
                    image=image.spec["openstack"]["image"],
                    login_user=image.spec["loginUser"],
                    volumes=volumes,
                    floating_ip=internet_facing and number <= fip_per_tier.get(tier, 0),
                )
            )
    all_volumes = [volume for server in servers for volume in server.volumes]
    quotas = Quotas(
        instances=len(servers),
        vcpus=sum(int(catalogue.items[s.flavor_item].spec["vcpus"]) for s in servers),
        ram_mib=sum(int(catalogue.items[s.flavor_item].spec["ramMiB"]) for s in servers),
        volumes=len(all_volumes),
        volume_gib=sum(volume.size_gib for volume in all_volumes),
        floating_ips=sum(1 for server in servers if server.floating_ip),
    )
    declared = tuple(flows.declared_flows(spec["network"]))
    tiers = tuple(dict.fromkeys(server.tier for server in servers))
    rules = flows.rule_specs(
        declared,
        tiers=tiers,
        internet_facing=internet_facing,
        zone_cidrs=tuple(zone_item.spec["allowedSourceCidrs"]),
        bastion_cidrs=catalogue.platform.bastion_cidrs,
        provider_services=catalogue.platform.network.provider_services,
    )
    item_ids = {line["item"] for line in spec["resources"]} | {system["zone"]}
    item_ids |= {server.image_item for server in servers} | {volume.item_id for volume in all_volumes}
    return TenantPlan(
        request_id=request["metadata"]["id"],
        digest=request_digest(request),
        unit=spec["tenant"]["unit"]["zh"],
        system=code,
        level=int(system["mlpsLevel"]),
        classification=system["dataClassification"],
        exposure=system["exposure"],
        zone=str(zone_item.spec["zone"]),
        zone_item=zone_item.id,
        internet_facing=internet_facing,
        tenant_cidr_pool=str(zone_item.spec["tenantCidrPool"]),
        ingress_cidrs=tuple(zone_item.spec["allowedSourceCidrs"]),
        bastion_cidrs=catalogue.platform.bastion_cidrs,
        servers=tuple(servers),
        quotas=quotas,
        flows=declared,
        rules=tuple(rules),
        services=frozenset(services),
        item_ids=frozenset(item_ids),
        flavors=frozenset(server.flavor for server in servers),
        images=frozenset(server.image for server in servers),
        volume_types=frozenset(volume.volume_type for volume in all_volumes),
    )
