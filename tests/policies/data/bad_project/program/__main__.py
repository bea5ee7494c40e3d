"""A bad stack: each resource breaks exactly the rules the policy tests expect (see test_review_cli.py)."""

import pulumi_openstack as openstack

from govcloud.provisioning import tags

group = openstack.networking.SecGroup("bad-sg", name="bad-sg", delete_default_rules=True)
openstack.networking.SecGroupRule(
    "bad-ssh-world",
    direction="ingress",
    ethertype="IPv4",
    protocol="tcp",
    port_range_min=22,
    port_range_max=22,
    remote_ip_prefix="0.0.0.0/0",
    security_group_id=group.id,
    description="ssh from anywhere",
)
openstack.blockstorage.Volume(
    "bad-data", size=100, volume_type="ssd", metadata={tags.REQUEST_ID: "REQ-2026-0042"}
)
openstack.compute.Instance(
    "bad-web-1",
    name="bad-web-1",
    flavor_name="g.4c8g",
    image_name="kylin-v10-sp3-hardened",
    admin_pass="Passw0rd!",  # noqa: S106 - the violation under test
    security_groups=[group.name],
)
