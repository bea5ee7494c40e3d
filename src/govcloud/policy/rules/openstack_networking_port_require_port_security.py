"""Ports keep port security (anti-spoofing and security groups) on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import PORT

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-port-require-port-security",
    kind=RESOURCE,
    resource_types=(PORT,),
    description="Require port security (anti-spoofing and security groups) on every port (SEC-3).",
    title=Text("端口必须启用端口安全", "Port security stays on"),
    severity="high",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制",
    remediation=Text(
        "删除 port_security_enabled=False 和 no_security_groups=True",
        "remove port_security_enabled=False and no_security_groups=True",
    ),
    config_keys=(),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report ``portSecurityEnabled: false`` and ``noSecurityGroups: true``."""
    if args.props.get("portSecurityEnabled") is False:
        report_violation(
            f"Port '{args.name}' disables port security (SEC-3): remove port_security_enabled=False.", None
        )
    if args.props.get("noSecurityGroups") is True:
        report_violation(
            f"Port '{args.name}' has no_security_groups=True (SEC-3): attach the tier's security group.", None
        )
