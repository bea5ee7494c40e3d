"""No ingress from 0.0.0.0/0 or ::/0 to administration or database ports.

Severity: critical. Requirements: SEC-3, SEC-10. 等保: GB/T 22239-2019 8.1.3.3 / 8.1.4.5 入侵防范 c)
(restrict management terminals). Seed: 000 Art. 6, 22; 002 Zhejiang Art. 24. Ports and the prefixes that
mean "the world" are config (``adminPorts``, ``worldCidrs``).
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import PORTLESS_PROTOCOLS, ingress_from_address
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-secgrouprule-disallow-public-admin-ports"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a world-open rule whose port range includes an admin/database port."""
    if args.resource_type != SEC_GROUP_RULE:
        return
    rule = ingress_from_address(args.props)
    if rule is None or rule.protocol in PORTLESS_PROTOCOLS:
        return
    if not controls.in_world_cidrs(rule.source, setting(args, "worldCidrs")):
        return
    opened = controls.ports_touched(rule.port_min, rule.port_max, setting(args, "adminPorts"))
    if opened:
        report_violation(
            f"SecGroupRule '{args.name}' opens admin/database port(s) {', '.join(map(str, opened))} "
            f"({rule.ports}) to {rule.source} (SEC-3, SEC-10): take the source from the bastion CIDRs "
            "or a remote security group.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
