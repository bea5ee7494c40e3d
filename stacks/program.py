"""The tenant stack program: an approved request becomes networks, security groups, VMs and volumes.

``pulumi up --stack <system>`` reads the stack's settings, passes them through the provisioning gate
(``govcloud.provisioning.gate``: admission, approval, the stack's own config; LC-1, CAT-1, SEC-*), which
refuses before any resource is registered, and otherwise builds exactly the plan the gate returns —
the same plan the policy pack checks the resources against. OpenStack credentials come from the
standard ``OS_*`` environment or ``clouds.yaml``, never from this repository.

The Python language host runs ``stacks/__main__.py`` with ``stacks/`` on ``sys.path``, so the
components are imported as the top-level package ``components``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pulumi
import pulumi_openstack as openstack

from components.network import TenantNetwork
from components.security import TierSecurityGroups
from components.server import Server, ServerVolumeArgs
from govcloud.provisioning import gate, inventory, settings, tags
from govcloud.provisioning.refusals import RefusedError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
"""Where ``Pulumi.yaml`` is; relative config paths are resolved against it, not the working directory."""


def build(approved: gate.Approved) -> dict[str, Any]:
    """Create the components for the approved plan and return the stack outputs (``hosts``, ``tenant``)."""
    plan = approved.plan
    tenant_tags = tags.neutron_tags(tags.tenant_metadata(plan))
    network = TenantNetwork(
        f"{plan.system}-network",
        {
            "system": plan.system,
            "pool": plan.tenant_cidr_pool,
            "external_network": approved.external_network if plan.internet_facing else None,
            "tags": tenant_tags,
        },
    )
    groups = TierSecurityGroups(
        f"{plan.system}-sg",
        {
            "system": plan.system,
            "group_names": plan.group_names,
            "rules": plan.rules,
            "tags": tenant_tags,
        },
    )
    key_pair = openstack.compute.Keypair(
        f"{plan.system}-ops-key", name=f"govcloud-{plan.system}-ops", public_key=approved.public_key
    )
    hosts: dict[str, Any] = {}
    for server_plan in plan.servers:
        server = Server(
            server_plan.name,
            {
                "server_name": server_plan.name,
                "flavor": server_plan.flavor,
                "image": server_plan.image,
                "key_pair": key_pair.name,
                "network_id": network.network_id,
                "subnet_id": network.subnet_id,
                "security_group_ids": [groups.group_ids[server_plan.tier]],
                "metadata": tags.server_metadata(plan, server_plan),
                # Neutron filters tags as a comma-separated list, so no comma-valued key (ITEMS) here.
                "port_tags": tags.neutron_tags({**tags.tenant_metadata(plan), tags.TIER: server_plan.tier}),
                "volumes": [
                    ServerVolumeArgs(
                        name=volume.name,
                        size_gib=volume.size_gib,
                        volume_type=volume.volume_type,
                        metadata=tags.volume_metadata(plan, server_plan, volume),
                    )
                    for volume in server_plan.volumes
                ],
                "floating_ip_pool": approved.external_network if server_plan.floating_ip else None,
                "routed_by": network.router_interface,
            },
        )
        hosts[server_plan.name] = {
            "name": server_plan.name,
            "system": plan.system,
            "request_id": plan.request_id,
            "tier": server_plan.tier,
            "zone": plan.zone,
            "level": plan.level,
            "groups": inventory.host_groups(server_plan.tier, plan.zone, plan.level),
            "security_groups": [groups.group_names[server_plan.tier]],
            "declared_ingress": plan.declared_ingress(server_plan.tier),
            "addresses": {"private": server.private_address, "public": server.public_address},
            "login_user": server_plan.login_user,
            "flavor": server_plan.flavor,
            "image": server_plan.image,
            "volumes": [
                {
                    "name": volume.name,
                    "volume_type": volume.volume_type,
                    "size_gib": volume.size_gib,
                    "encrypted": volume.encrypted,
                }
                for volume in server_plan.volumes
            ],
        }
    tenant = {
        "request_id": plan.request_id,
        "request_digest": plan.digest,
        "unit": plan.unit,
        "system": plan.system,
        "level": plan.level,
        "classification": plan.classification,
        "zone": plan.zone,
        "exposure": plan.exposure,
        "internet_facing": plan.internet_facing,
        "encryption_required": plan.encryption_required,
        "network": {"cidr": network.cidr, "internet_gateway": network.internet_gateway},
        "security_groups": dict(groups.group_names),
        "quotas": asdict(plan.quotas),
        "catalogue_items": sorted(plan.item_ids),
    }
    return {"hosts": hosts, "tenant": tenant}


def main() -> None:
    """The whole program: settings, the gate, components, exports.

    A refusal ends ``pulumi up`` as a ``RunError``: its message only, no traceback.
    """
    stack = settings.from_config(pulumi.get_stack(), PROJECT_ROOT, pulumi.Config(settings.NAMESPACE).get)
    try:
        approved = gate.approve(stack)
    except RefusedError as refused:
        raise pulumi.RunError(str(refused)) from None
    for name, value in build(approved).items():
        pulumi.export(name, value)
