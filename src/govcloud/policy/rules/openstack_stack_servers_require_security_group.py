"""Every server is in a security group: directly, through a port's groups, or a port association.

A server with no group lands in the project's ``default`` group, whose rules nobody reviewed. Ports are
found through the engine's dependency graph, since their ids are unknown during preview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import STACK, PolicyRule
from govcloud.policy.resource_types import INSTANCE, PORT
from govcloud.policy.rules import _stack

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, StackValidationArgs

RULE = PolicyRule(
    id="openstack-stack-servers-require-security-group",
    kind=STACK,
    resource_types=(INSTANCE, PORT),
    description="Require every server to be in a security group, directly or through its ports (SEC-3).",
    title=Text("每台云主机都必须关联安全组", "Every server has a security group"),
    severity="critical",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 (边界防护 a/b)",
    remediation=Text(
        "为云主机或其端口指定本层安全组", "attach the tier's security group to the server or its port"
    ),
    config_keys=(),
)


_ASSOCIATE = "openstack:networking/portSecGroupAssociate:PortSecGroupAssociate"


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report each server with no group of its own and none on any of its ports."""
    ports = _stack.of_type(args, PORT)
    associations = _stack.of_type(args, _ASSOCIATE)
    for server in _stack.of_type(args, INSTANCE):
        groups = _stack.listed(server, "securityGroups")
        if groups is None or groups:
            continue
        covered = False
        for port in _stack.linked(server, ports):
            port_groups = _stack.listed(port, "securityGroupIds")
            associated = any(_stack.depends_on(association, port) for association in associations)
            if port_groups is None or port_groups or associated:
                covered = True
        if not covered:
            report_violation(
                f"Instance '{server.name}' is in no security group, directly or through its ports (SEC-3): "
                "attach its tier's security group.",
                server.urn,
            )
