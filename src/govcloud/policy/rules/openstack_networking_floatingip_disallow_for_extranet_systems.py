"""Only internet-facing systems get floating (public) IPs: the extranet is isolated from the internet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import FLOATING_IP
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-floatingip-disallow-for-extranet-systems",
    kind=RESOURCE,
    resource_types=(FLOATING_IP,),
    description="Disallow floating IPs for systems that are not internet-facing (SEC-3).",
    title=Text("非互联网系统不得使用弹性公网 IP", "No floating IP for non-internet systems"),
    severity="critical",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 (边界防护 a/b)",
    remediation=Text(
        "删除弹性公网 IP；互联网访问须经公有云区申请",
        "remove the floating IP; internet access needs a public-zone request",
    ),
    config_keys=("exposure",),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report any floating IP of a system that is not internet-facing."""
    exposure = setting(args, "exposure")
    if exposure != controls.INTERNET_FACING:
        report_violation(
            f"FloatingIp '{args.name}' gives a public address to a {exposure} system (SEC-3): remove it; "
            "internet access needs a request in the public cloud zone.",
            None,
        )
