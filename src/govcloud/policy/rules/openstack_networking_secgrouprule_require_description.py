"""Ingress rules say why they exist: a reviewer can only delete a rule that is explained.

Advisory: the regulation says operations "should" be auditable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import ADVISORY, RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP_RULE

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgrouprule-require-description",
    kind=RESOURCE,
    resource_types=(SEC_GROUP_RULE,),
    description="Describe why each ingress rule exists, so operation audits can review it (SEC-7).",
    title=Text("安全组规则应写明用途", "Ingress rules should say why they exist"),
    severity="low",
    seed_articles="000 Art. 85; 002 Art. 19",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 e) 规则应最小化并定期核查",
    remediation=Text("为规则填写 description", "give the rule a description"),
    config_keys=(),
    enforcement=ADVISORY,
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report an ingress rule without a description."""
    if args.props.get("direction") == "ingress" and not str(args.props.get("description") or "").strip():
        report_violation(
            f"SecGroupRule '{args.name}' has no description (SEC-7): say which service and which peer it admits.",
            None,
        )
