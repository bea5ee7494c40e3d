"""No allowed-address-pair that covers every address: it switches anti-spoofing off.

Severity: high. Requirement: SEC-3. 等保: GB/T 22239-2019 8.1.3.2 访问控制. Seed: 000 Art. 6.
Config: ``worldCidrs``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import PORT
from govcloud.policy.support import as_list, as_mapping, policy_kwargs, setting

NAME = "openstack-networking-port-disallow-world-address-pairs"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report each address pair whose address is a world prefix."""
    if args.resource_type != PORT:
        return
    for pair in as_list(args.props.get("allowedAddressPairs")):
        address = str(as_mapping(pair).get("ipAddress") or "")
        if address and controls.in_world_cidrs(address, setting(args, "worldCidrs")):
            report_violation(
                f"Port '{args.name}' allows address pair {address} (SEC-3): list only the exact virtual IPs.",
                None,
            )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
