"""The pack's policies as one list, importable without starting the gRPC server (``__main__`` does that)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.policy.rules import (
    openstack_blockstorage_volume_limit_size,
    openstack_blockstorage_volume_require_catalogue_type,
    openstack_blockstorage_volume_require_encrypted_type,
    openstack_blockstorage_volume_require_metadata_tags,
    openstack_compute_instance_disallow_admin_pass,
    openstack_compute_instance_match_approved_grading,
    openstack_compute_instance_require_approved_image,
    openstack_compute_instance_require_catalogue_flavor,
    openstack_compute_instance_require_key_pair,
    openstack_compute_instance_require_metadata_tags,
    openstack_compute_keypair_require_public_key,
    openstack_networking_floatingip_disallow_for_extranet_systems,
    openstack_networking_port_disallow_world_address_pairs,
    openstack_networking_port_require_port_security,
    openstack_networking_router_disallow_gateway_for_extranet_systems,
    openstack_networking_secgroup_delete_default_rules,
    openstack_networking_secgroup_require_description,
    openstack_networking_secgrouprule_disallow_public_admin_ports,
    openstack_networking_secgrouprule_disallow_unbounded_ingress,
    openstack_networking_secgrouprule_disallow_wide_port_ranges,
    openstack_networking_secgrouprule_disallow_world_egress,
    openstack_networking_secgrouprule_require_bastion_for_management,
    openstack_networking_secgrouprule_require_description,
    openstack_networking_secgrouprule_restrict_extranet_ingress_sources,
    openstack_networking_secgrouprule_restrict_internet_ingress_ports,
    openstack_stack_disallow_classified_systems,
    openstack_stack_level3_servers_require_protection,
    openstack_stack_level_within_platform,
    openstack_stack_resources_require_approved_request,
    openstack_stack_secgrouprules_match_approved_request,
    openstack_stack_sensitive_data_require_crypto_service,
    openstack_stack_servers_require_security_group,
    openstack_stack_totals_within_quota,
)

if TYPE_CHECKING:
    from pulumi_policy import Policy

PACK_NAME = "govcloud-openstack"

POLICIES: list[Policy] = [
    openstack_blockstorage_volume_limit_size.POLICY,
    openstack_blockstorage_volume_require_catalogue_type.POLICY,
    openstack_blockstorage_volume_require_encrypted_type.POLICY,
    openstack_blockstorage_volume_require_metadata_tags.POLICY,
    openstack_compute_instance_disallow_admin_pass.POLICY,
    openstack_compute_instance_match_approved_grading.POLICY,
    openstack_compute_instance_require_approved_image.POLICY,
    openstack_compute_instance_require_catalogue_flavor.POLICY,
    openstack_compute_instance_require_key_pair.POLICY,
    openstack_compute_instance_require_metadata_tags.POLICY,
    openstack_compute_keypair_require_public_key.POLICY,
    openstack_networking_floatingip_disallow_for_extranet_systems.POLICY,
    openstack_networking_port_disallow_world_address_pairs.POLICY,
    openstack_networking_port_require_port_security.POLICY,
    openstack_networking_router_disallow_gateway_for_extranet_systems.POLICY,
    openstack_networking_secgroup_delete_default_rules.POLICY,
    openstack_networking_secgroup_require_description.POLICY,
    openstack_networking_secgrouprule_disallow_public_admin_ports.POLICY,
    openstack_networking_secgrouprule_disallow_unbounded_ingress.POLICY,
    openstack_networking_secgrouprule_disallow_wide_port_ranges.POLICY,
    openstack_networking_secgrouprule_disallow_world_egress.POLICY,
    openstack_networking_secgrouprule_require_bastion_for_management.POLICY,
    openstack_networking_secgrouprule_require_description.POLICY,
    openstack_networking_secgrouprule_restrict_extranet_ingress_sources.POLICY,
    openstack_networking_secgrouprule_restrict_internet_ingress_ports.POLICY,
    openstack_stack_disallow_classified_systems.POLICY,
    openstack_stack_level3_servers_require_protection.POLICY,
    openstack_stack_level_within_platform.POLICY,
    openstack_stack_resources_require_approved_request.POLICY,
    openstack_stack_secgrouprules_match_approved_request.POLICY,
    openstack_stack_sensitive_data_require_crypto_service.POLICY,
    openstack_stack_servers_require_security_group.POLICY,
    openstack_stack_totals_within_quota.POLICY,
]
