"""No egress to the whole internet, IPv4 or IPv6, however the prefix is split.

Severity: high. Requirements: SEC-3, SEC-11. 等保: GB/T 22239-2019 8.1.3.1 边界防护 b) 对内部用户非授权
联到外部网络的行为进行限制; 8.1.3.2 访问控制. Seed: 000 Art. 6. Config: ``minEgressPrefixLength``,
``approvedRules``. A destination wider than the platform's shortest prefix stands for the internet:
``0.0.0.0/1`` and ``128.0.0.0/1`` are caught one by one, as ``0.0.0.0/0`` and ``::/0`` are; a rule with no
destination means every address to Neutron. Decided at preview from the rule's own fields.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import approved_fields, read
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-networking-secgrouprule-disallow-world-egress"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report egress to a destination wider than ``minEgressPrefixLength`` (or to no destination at all)."""
    if args.resource_type != SEC_GROUP_RULE:
        return
    rule = read(args.props)
    if rule.direction != "egress" or rule.to_group:
        return
    if rule.fields() in approved_fields(setting(args, "approvedRules")):
        return
    if controls.egress_too_wide(rule.remote_ip_prefix, setting(args, "minEgressPrefixLength")):
        destination = rule.remote_ip_prefix or f"every {rule.ethertype} address"
        report_violation(
            f"SecGroupRule '{args.name}' sends {rule.ports} to {destination}, the whole internet (SEC-3): "
            "allow only the destinations the request declares.",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
