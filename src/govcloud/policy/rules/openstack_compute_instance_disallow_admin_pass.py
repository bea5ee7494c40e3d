"""No ``admin_pass`` on servers: the password would sit in state, previews and logs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import INSTANCE

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-compute-instance-disallow-admin-pass",
    kind=RESOURCE,
    resource_types=(INSTANCE,),
    description="Disallow admin_pass on servers: passwords end up in state and logs; use a key pair (SEC-10).",
    title=Text("禁止为云主机设置 admin_pass", "No admin_pass on servers"),
    severity="critical",
    seed_articles="000 Art. 121, 123",
    mlps_clause="GB/T 22239-2019 8.1.4.1 身份鉴别",
    remediation=Text("删除 admin_pass，改用密钥对登录", "remove admin_pass and log in with a key pair"),
    config_keys=(),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a server with an administrator password set."""
    if args.props.get("adminPass"):
        report_violation(
            f"Instance '{args.name}' sets admin_pass (SEC-10): remove it and log in with the key pair.",
            None,
        )
