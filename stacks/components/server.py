"""A tenant server: its port, the instance, its data volumes and, only if approved, a floating IP.

The instance boots the catalogue's approved image with the catalogue's flavour (CAT-1, SEC-10), logs in
only with the provider's operations key pair (never ``admin_pass``: SEC-10 no shared passwords), sits
behind a port with port security and its tier's group (SEC-3, SEC-4), and carries the metadata that ties
it to the request (``govcloud.provisioning.tags``). Data volumes use the catalogue's volume type, which is where
encryption at rest lives (SEC-11).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

import pulumi
import pulumi_openstack as openstack

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


class ServerVolumeArgs(TypedDict):
    """One data volume of the server."""

    name: str
    """OpenStack volume name (``<server>-data-<n>``, from the plan)."""
    size_gib: int
    """Size approved in the request."""
    volume_type: str
    """The catalogue item's Cinder volume type (encrypted types for SEC-11)."""
    metadata: Mapping[str, str]
    """``govcloud.provisioning.tags.volume_metadata`` of the volume."""


class ServerArgs(TypedDict):
    """Inputs of one server."""

    server_name: str
    """OpenStack server name (``<system>-<tier>-<n>``, from the plan); also its host name."""
    flavor: str
    """Nova flavour name of the catalogue's ComputeFlavor item."""
    image: str
    """Glance image name of the catalogue's approved Image item."""
    key_pair: pulumi.Input[str]
    """Name of the Nova key pair holding the provider's operations public key."""
    network_id: pulumi.Input[str]
    """The tenant network."""
    subnet_id: pulumi.Input[str]
    """The tenant subnet; the port's fixed address comes from it."""
    security_group_ids: Sequence[pulumi.Input[str]]
    """The tier's security group(s), applied on the port."""
    metadata: Mapping[str, str]
    """``govcloud.provisioning.tags.server_metadata`` of the server."""
    port_tags: Sequence[str]
    """Neutron tags of the port (and floating IP)."""
    volumes: Sequence[ServerVolumeArgs]
    """Data volumes, attached in order."""
    floating_ip_pool: str | None
    """External network to take a floating IP from, or None (only internet-facing servers get one)."""
    routed_by: pulumi.Resource | None
    """The router interface a floating IP association must wait for."""


class Server(pulumi.ComponentResource):
    """One VM of a tenant system with its port, volumes and optional floating IP."""

    instance_id: pulumi.Output[str]
    """Nova server id."""
    private_address: pulumi.Output[str]
    """Fixed IPv4 address on the tenant subnet (what the bastion and Ansible use)."""
    public_address: pulumi.Output[str | None]
    """Floating IP address, or None when the server has none."""
    volume_ids: list[pulumi.Output[str]]
    """Cinder ids of the data volumes."""

    def __init__(self, name: str, args: ServerArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        """Create the port, instance, volumes and attachments, and the floating IP if any."""
        super().__init__("govcloud:compute:Server", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        server_name = args["server_name"]
        port = openstack.networking.Port(
            f"{name}-port",
            name=f"{server_name}-port",
            network_id=args["network_id"],
            fixed_ips=[openstack.networking.PortFixedIpArgs(subnet_id=args["subnet_id"])],
            port_security_enabled=True,
            security_group_ids=list(args["security_group_ids"]),
            admin_state_up=True,
            tags=list(args["port_tags"]),
            opts=child,
        )
        instance = openstack.compute.Instance(
            f"{name}-instance",
            name=server_name,
            flavor_name=args["flavor"],
            image_name=args["image"],
            key_pair=args["key_pair"],
            networks=[openstack.compute.InstanceNetworkArgs(port=port.id)],
            metadata=dict(args["metadata"]),
            opts=child,
        )
        self.volume_ids = []
        for index, volume_args in enumerate(args["volumes"], start=1):
            volume = openstack.blockstorage.Volume(
                f"{name}-vol-data-{index}",
                name=volume_args["name"],
                size=volume_args["size_gib"],
                volume_type=volume_args["volume_type"],
                metadata=dict(volume_args["metadata"]),
                description=f"data volume {index} of {server_name}",
                opts=child,
            )
            openstack.compute.VolumeAttach(
                f"{name}-attach-data-{index}",
                instance_id=instance.id,
                volume_id=volume.id,
                opts=child,
            )
            self.volume_ids.append(volume.id)
        self.instance_id = instance.id
        self.private_address = port.all_fixed_ips.apply(_first_address)
        self.public_address = pulumi.Output.from_input(None)
        pool = args["floating_ip_pool"]
        if pool is not None:
            floating_ip = openstack.networking.FloatingIp(
                f"{name}-fip",
                pool=pool,
                description=f"floating IP of {server_name} (internet-facing, approved)",
                tags=list(args["port_tags"]),
                opts=child,
            )
            routed_by = args["routed_by"]
            openstack.networking.FloatingIpAssociate(
                f"{name}-fip-assoc",
                floating_ip=floating_ip.address,
                port_id=port.id,
                opts=pulumi.ResourceOptions(parent=self, depends_on=[routed_by] if routed_by else []),
            )
            self.public_address = floating_ip.address
        self.register_outputs(
            {
                "instance_id": self.instance_id,
                "private_address": self.private_address,
                "public_address": self.public_address,
            }
        )


def _first_address(addresses: Sequence[str] | None) -> str:
    """The port's first fixed address (one subnet, one address per port)."""
    if not addresses:
        msg = "the port has no fixed IP address"
        raise ValueError(msg)
    return addresses[0]
