"""Every server is in a security group: directly, through a port's groups, or a port association.

Severity: critical. Requirement: SEC-3. 等保: GB/T 22239-2019 8.1.3.1-2 边界防护/访问控制. Seed: 000 Art. 6.
A server with no group lands in the project's ``default`` group, whose rules nobody reviewed. Ports are
found through the engine's dependency graph, since their ids are unknown during preview.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, StackValidationArgs, StackValidationPolicy

from govcloud.policy.metadata import INSTANCE, PORT
from govcloud.policy.rules import _stack
from govcloud.policy.support import policy_kwargs

NAME = "openstack-stack-servers-require-security-group"
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


POLICY = StackValidationPolicy(validate=validate, **policy_kwargs(NAME))
