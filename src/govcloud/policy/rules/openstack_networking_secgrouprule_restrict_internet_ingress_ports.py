"""Ingress from the internet only to the web ports (80/443 by default).

Severity: high. Requirement: SEC-3. 等保: GB/T 22239-2019 8.1.3.2 访问控制 (边界防护). Seed: 000 Art. 6;
002 Zhejiang Art. 24 (the public cloud area serves the public through controlled entry points).
Config: ``worldCidrs``, ``internetPorts``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import PORTLESS_PROTOCOLS, ingress_from_address
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-secgrouprule-restrict-internet-ingress-ports"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a world-open rule that opens anything beyond ``internetPorts``."""
    if args.resource_type != SEC_GROUP_RULE:
        return
    rule = ingress_from_address(args.props)
    if rule is None or rule.protocol in PORTLESS_PROTOCOLS:
        return
    if not controls.in_world_cidrs(rule.source, setting(args, "worldCidrs")):
        return
    allowed = [int(port) for port in setting(args, "internetPorts")]
    if not controls.range_within(rule.port_min, rule.port_max, allowed):
        report_violation(
            f"SecGroupRule '{args.name}' opens {rule.ports} to {rule.source} (SEC-3): internet ingress may "
            f"only reach ports {', '.join(map(str, allowed))}; serve other ports from internal sources.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
