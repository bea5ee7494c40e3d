"""Routers of extranet-only systems have no gateway to an external network (except the e-gov extranet).

Severity: critical. Requirement: SEC-3. 等保: GB/T 22239-2019 8.1.3.1 边界防护. Seed: 000 Art. 6;
002 Zhejiang Art. 24. Config: ``exposure``, ``extranetGatewayNetworks``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import ROUTER
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-router-disallow-gateway-for-extranet-systems"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report an extranet system's router whose gateway network is not an allowed extranet network."""
    if args.resource_type != ROUTER:
        return
    if setting(args, "exposure") != controls.EXTRANET_ONLY:
        return
    network = str(args.props.get("externalNetworkId") or "")
    if network and network not in list(setting(args, "extranetGatewayNetworks")):
        report_violation(
            f"Router '{args.name}' has a gateway to external network {network} in an extranet-only system "
            "(SEC-3): remove external_network_id or use the e-government extranet network.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
