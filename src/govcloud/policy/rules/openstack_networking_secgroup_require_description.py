"""Every security group carries a description of the tier it protects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgroup-require-description",
    kind=RESOURCE,
    resource_types=(SEC_GROUP,),
    description="Require every security group to carry a description of the tier it protects (SEC-3, SEC-7).",
    title=Text("安全组必须写明用途", "Security groups carry a description"),
    severity="medium",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24; 000 Art. 85",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 e)",
    remediation=Text(
        "为安全组填写 description（保护的层级和用途）",
        "describe the tier and purpose in the group's description",
    ),
    config_keys=(),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a security group without a description."""
    if not str(args.props.get("description") or "").strip():
        report_violation(
            f"SecGroup '{args.name}' has no description (SEC-3, SEC-7): describe the tier it protects.",
            None,
        )
