"""Routers of extranet-only systems have no gateway to an external network (except the e-gov extranet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import ROUTER
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-router-disallow-gateway-for-extranet-systems",
    kind=RESOURCE,
    resource_types=(ROUTER,),
    description="Disallow router gateways to external networks for extranet-only systems, except the e-gov extranet (SEC-3).",
    title=Text("政务外网系统的路由器不得接入外部网络", "No external gateway for extranet systems"),
    severity="critical",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 (边界防护 a/b)",
    remediation=Text(
        "删除 external_network_id，或改为政务外网出口网络",
        "remove external_network_id, or use the e-government extranet network",
    ),
    config_keys=("exposure", "extranetGatewayNetworks"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report an extranet system's router whose gateway network is not an allowed extranet network."""
    if setting(args, "exposure") != controls.EXTRANET_ONLY:
        return
    network = str(args.props.get("externalNetworkId") or "")
    if network and network not in list(setting(args, "extranetGatewayNetworks")):
        report_violation(
            f"Router '{args.name}' has a gateway to external network {network} in an extranet-only system "
            "(SEC-3): remove external_network_id or use the e-government extranet network.",
            None,
        )
