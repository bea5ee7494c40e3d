"""The tenant's network: one network and /24 subnet, a router, and an internet gateway only if approved.

Every tenant gets its own L2 network inside the zone's address pool (SEC-3 zoning); the router is where
the provider attaches the zone's interconnect, and it gets an external (internet) gateway only when the
request is internet-facing, so an extranet or private-cloud system has no path to the internet at all.
"""

from __future__ import annotations

import hashlib
import ipaddress
from typing import TYPE_CHECKING, TypedDict

import pulumi
import pulumi_openstack as openstack

if TYPE_CHECKING:
    from collections.abc import Sequence

TENANT_PREFIX = 24


class TenantNetworkArgs(TypedDict):
    """Inputs of a tenant network."""

    system: str
    """System code (a schema-checked slug); names the OpenStack network, subnet and router."""
    pool: str
    """The zone's tenant address pool (catalogue ``tenantCidrPool``); the subnet is carved from it."""
    external_network: str | None
    """Name of the external network for the router gateway, or None for no gateway (SEC-3)."""
    tags: Sequence[str]
    """Neutron ``key=value`` tags naming the request (see ``govcloud.provisioning.tags``)."""


class _Named(TypedDict):
    """How each OpenStack object of the network is named, tagged and parented."""

    resource_name: str
    name: str
    tags: list[str]
    opts: pulumi.ResourceOptions


class TenantNetwork(pulumi.ComponentResource):
    """Network, subnet, router and router interface of one tenant system."""

    cidr: str
    """The tenant subnet, known before deployment (deterministic, see ``_subnet_cidr``)."""
    network_id: pulumi.Output[str]
    """Neutron network id; ports are created on it."""
    subnet_id: pulumi.Output[str]
    """Neutron subnet id; ports take their fixed address from it."""
    router_interface: openstack.networking.RouterInterface
    """Floating-IP associations wait for it: a FIP needs the subnet routed to the external network."""
    internet_gateway: bool
    """Whether the router has an external gateway (only for internet-facing systems)."""

    def __init__(
        self, name: str, args: TenantNetworkArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        """Create the network resources as children of this component."""
        super().__init__("govcloud:network:TenantNetwork", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        system = args["system"]
        tags = list(args["tags"])
        self.cidr = _subnet_cidr(args["pool"], system)

        def named(kind: str) -> _Named:
            """Pulumi ``<component>-<kind>``, OpenStack ``<system>-<kind>``, tagged, a child of this."""
            return {
                "resource_name": f"{name}-{kind}",
                "name": f"{system}-{kind}",
                "tags": tags,
                "opts": child,
            }

        network = openstack.networking.Network(
            **named("net"), admin_state_up=True, port_security_enabled=True
        )
        subnet = openstack.networking.Subnet(
            **named("subnet"),
            network_id=network.id,
            cidr=self.cidr,
            ip_version=4,
            gateway_ip=_gateway_ip(self.cidr),
            enable_dhcp=True,
        )
        external = args["external_network"]
        self.internet_gateway = external is not None
        external_id: pulumi.Output[str] | None = None
        if external is not None:
            external_id = openstack.networking.get_network_output(
                name=external, external=True, opts=pulumi.InvokeOptions(parent=self)
            ).id
        router = openstack.networking.Router(
            **named("router"), admin_state_up=True, external_network_id=external_id
        )
        self.router_interface = openstack.networking.RouterInterface(
            f"{name}-router-if",
            router_id=router.id,
            subnet_id=subnet.id,
            opts=child,
        )
        self.network_id = network.id
        self.subnet_id = subnet.id
        self.register_outputs(
            {"cidr": self.cidr, "network_id": network.id, "subnet_id": subnet.id, "router_id": router.id}
        )


def _subnet_cidr(pool: str, system: str, prefix: int = TENANT_PREFIX) -> str:
    """The tenant's subnet: a /24 of the zone pool chosen by a hash of the system code.

    Deterministic, so a re-run, a preview and the inventory all agree without any allocation state;
    the first /24 of the pool is skipped (kept for the zone's own services). Two systems may hash to
    the same /24 — harmless while each tenant has its own network and router.
    """
    network = ipaddress.ip_network(pool, strict=True)
    if network.prefixlen >= prefix:
        msg = f"pool {pool} is too small to carve a /{prefix}"
        raise ValueError(msg)
    count = 2 ** (prefix - network.prefixlen)
    digest = int.from_bytes(hashlib.sha256(system.encode("utf-8")).digest()[:8], "big")
    index = 1 + digest % (count - 1)
    base = int(network.network_address) + index * 2 ** (network.max_prefixlen - prefix)
    return str(ipaddress.ip_network((base, prefix)))


def _gateway_ip(cidr: str) -> str:
    """The first host address of the subnet is its gateway (the router interface)."""
    return str(next(ipaddress.ip_network(cidr).hosts()))
