"""Extranet-only systems accept ingress only from e-government, bastion or tenant prefixes.

Severity: critical. Requirement: SEC-3 (the e-government extranet is logically isolated from the
internet). 等保: GB/T 22239-2019 8.1.3.1 边界防护. Seed: 000 Art. 6; 002 Zhejiang Art. 24.
Config: ``exposure``, ``egovCidrs``, ``bastionCidrs``, ``internalCidrs``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import ingress_from_address
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-secgrouprule-restrict-extranet-ingress-sources"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report an extranet system's rule whose source lies outside the allowed prefixes."""
    if args.resource_type != SEC_GROUP_RULE:
        return
    if setting(args, "exposure") != controls.EXTRANET_ONLY:
        return
    rule = ingress_from_address(args.props)
    if rule is None:
        return
    allowed = [*setting(args, "egovCidrs"), *setting(args, "bastionCidrs"), *setting(args, "internalCidrs")]
    if not controls.cidr_within(rule.source, allowed):
        report_violation(
            f"SecGroupRule '{args.name}' admits {rule.source} to an extranet-only system (SEC-3): use a source "
            f"inside {', '.join(allowed)} or a remote security group.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
