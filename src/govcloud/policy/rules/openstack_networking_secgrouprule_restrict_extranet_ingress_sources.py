"""Extranet-only systems accept ingress only from e-government, bastion or tenant prefixes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import ingress_from_address
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgrouprule-restrict-extranet-ingress-sources",
    kind=RESOURCE,
    resource_types=(SEC_GROUP_RULE,),
    description="Require ingress of extranet-only systems to come from e-government, bastion or tenant CIDRs (SEC-3).",
    title=Text(
        "政务外网系统入站来源限于政务外网、堡垒机和本租户网段",
        "Extranet systems: ingress from e-gov CIDRs only",
    ),
    severity="critical",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 (边界防护 a/b)",
    remediation=Text(
        "来源改为政务外网网段、堡垒机网段、本租户网段或安全组",
        "use an e-government, bastion or tenant CIDR, or a remote security group, as the source",
    ),
    config_keys=("exposure", "egovCidrs", "bastionCidrs", "internalCidrs"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report an extranet system's rule whose source lies outside the allowed prefixes."""
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
