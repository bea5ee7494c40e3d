"""Three rules the gov-portal request never declares, each beyond least privilege (SEC-3, SEC-4).

The groups carry the request's names, so only the rules are wrong: every TCP port from the web tier into
the database tier (the remote group id is unknown during preview), HTTPS to the whole internet written as
half of it, and IPv6 egress to everywhere.
"""

import pulumi_openstack as openstack

web = openstack.networking.SecGroup(
    "gov-portal-sg-web", name="gov-portal-web", description="web tier", delete_default_rules=True
)
db = openstack.networking.SecGroup(
    "gov-portal-sg-db", name="gov-portal-db", description="db tier", delete_default_rules=True
)
openstack.networking.SecGroupRule(
    "leaky-all-tcp",
    direction="ingress",
    ethertype="IPv4",
    protocol="tcp",
    remote_group_id=web.id,
    security_group_id=db.id,
    description="every TCP port from the web tier",
)
openstack.networking.SecGroupRule(
    "leaky-split-egress",
    direction="egress",
    ethertype="IPv4",
    protocol="tcp",
    port_range_min=443,
    port_range_max=443,
    remote_ip_prefix="128.0.0.0/1",
    security_group_id=web.id,
    description="HTTPS to half of the internet",
)
openstack.networking.SecGroupRule(
    "leaky-ipv6-world",
    direction="egress",
    ethertype="IPv6",
    remote_ip_prefix="::/0",
    security_group_id=db.id,
    description="IPv6 to everywhere",
)
