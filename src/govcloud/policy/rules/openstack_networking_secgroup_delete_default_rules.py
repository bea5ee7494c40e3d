"""Security groups should drop Neutron's default allow-all egress rules.

Advisory ("should"), because changing it on a live group replaces the group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import ADVISORY, RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgroup-delete-default-rules",
    kind=RESOURCE,
    resource_types=(SEC_GROUP,),
    description="Delete the default allow-all egress rules so outbound traffic is allowed explicitly (SEC-3).",
    title=Text("应删除默认的全放行出站规则", "Default allow-all egress should be deleted"),
    severity="low",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.1 边界防护 b) 限制非授权外联",
    remediation=Text(
        "设置 delete_default_rules=True 并显式添加出站规则",
        "set delete_default_rules=True and add egress rules",
    ),
    config_keys=(),
    enforcement=ADVISORY,
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a group that keeps the default egress rules."""
    if args.props.get("deleteDefaultRules") is not True:
        report_violation(
            f"SecGroup '{args.name}' keeps the default allow-all egress rules (SEC-3): set "
            "delete_default_rules=True and add the egress rules the tier needs.",
            None,
        )
