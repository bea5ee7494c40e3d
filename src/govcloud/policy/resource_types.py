"""The Pulumi type tokens the pack, its config and its tools name: written once, here.

A token is ``<package>:<module>/<resource>:<Resource>`` as the OpenStack provider's schema spells it; a
typo in one would make a rule silently match nothing, so every reader imports the constant.
"""

from __future__ import annotations

SEC_GROUP_RULE = "openstack:networking/secGroupRule:SecGroupRule"
SEC_GROUP = "openstack:networking/secGroup:SecGroup"
INSTANCE = "openstack:compute/instance:Instance"
VOLUME = "openstack:blockstorage/volume:Volume"
PORT = "openstack:networking/port:Port"
FLOATING_IP = "openstack:networking/floatingIp:FloatingIp"
ROUTER = "openstack:networking/router:Router"
KEYPAIR = "openstack:compute/keypair:Keypair"
NETWORK = "openstack:networking/network:Network"
SUBNET = "openstack:networking/subnet:Subnet"
ROUTER_INTERFACE = "openstack:networking/routerInterface:RouterInterface"
FLOATING_IP_ASSOCIATE = "openstack:networking/floatingIpAssociate:FloatingIpAssociate"
PORT_SEC_GROUP_ASSOCIATE = "openstack:networking/portSecGroupAssociate:PortSecGroupAssociate"
VOLUME_ATTACH = "openstack:compute/volumeAttach:VolumeAttach"
SERVER_GROUP = "openstack:compute/serverGroup:ServerGroup"
STACK = "pulumi:pulumi:Stack"
PROVIDER = "pulumi:providers:openstack"

CATALOGUE_TYPES = (
    STACK,
    PROVIDER,
    "govcloud:network:TenantNetwork",
    "govcloud:security:TierSecurityGroups",
    "govcloud:compute:Server",
    NETWORK,
    SUBNET,
    ROUTER_INTERFACE,
    FLOATING_IP_ASSOCIATE,
    PORT_SEC_GROUP_ASSOCIATE,
    VOLUME_ATTACH,
    SERVER_GROUP,
    SEC_GROUP,
    SEC_GROUP_RULE,
    INSTANCE,
    VOLUME,
    PORT,
    FLOATING_IP,
    ROUTER,
    KEYPAIR,
)
"""What a stack built from the catalogue may contain: the default of ``allowedResourceTypes`` (CAT-1)."""
