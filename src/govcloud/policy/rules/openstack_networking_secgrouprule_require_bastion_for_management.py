"""Remote management ports (SSH, RDP, WinRM) only from the bastion.

Severity: high. Requirements: SEC-4 (strong authentication, audited operations), SEC-10. 等保:
GB/T 22239-2019 8.1.4.5 入侵防范 c) 通过设定终端接入方式或网络地址范围对管理终端进行限制.
Seed: 000 Art. 89; 003 internal-network Art. 18. Config: ``managementPorts``, ``bastionCidrs``.
A remote security group (the bastion's) is accepted as the source.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import PORTLESS_PROTOCOLS, ingress_from_address
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-secgrouprule-require-bastion-for-management"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a management-port rule whose source prefix is not inside the bastion prefixes."""
    if args.resource_type != SEC_GROUP_RULE:
        return
    rule = ingress_from_address(args.props)
    if rule is None or rule.protocol in PORTLESS_PROTOCOLS:
        return
    opened = controls.ports_touched(rule.port_min, rule.port_max, setting(args, "managementPorts"))
    bastions = list(setting(args, "bastionCidrs"))
    if opened and not controls.cidr_within(rule.source, bastions):
        report_violation(
            f"SecGroupRule '{args.name}' opens management port(s) {', '.join(map(str, opened))} to {rule.source} "
            f"(SEC-4, SEC-10): allow them only from the bastion ({', '.join(bastions)}).",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
