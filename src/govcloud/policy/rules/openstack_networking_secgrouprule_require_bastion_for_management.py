"""Remote management ports (SSH, RDP, WinRM) only from the bastion.

A remote security group (the bastion's) is accepted as the source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import ported_ingress
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgrouprule-require-bastion-for-management",
    kind=RESOURCE,
    resource_types=(SEC_GROUP_RULE,),
    description="Require remote management ports (SSH, RDP, WinRM) to be reachable only from the bastion (SEC-4, SEC-10).",
    title=Text("远程管理端口只允许堡垒机访问", "Management ports only from the bastion"),
    severity="high",
    seed_articles="000 Art. 89; 003 internal-network Art. 18",
    mlps_clause="GB/T 22239-2019 8.1.4.5 入侵防范 c) 限制管理终端",
    remediation=Text(
        "管理端口来源改为堡垒机网段或堡垒机安全组",
        "take the management port's source from the bastion CIDRs or the bastion's security group",
    ),
    config_keys=("managementPorts", "bastionCidrs"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a management-port rule whose source prefix is not inside the bastion prefixes."""
    rule = ported_ingress(args.props)
    if rule is None:
        return
    opened = controls.ports_touched(rule.port_min, rule.port_max, setting(args, "managementPorts"))
    bastions = list(setting(args, "bastionCidrs"))
    if opened and not controls.cidr_within(rule.source, bastions):
        report_violation(
            f"SecGroupRule '{args.name}' opens management port(s) {', '.join(map(str, opened))} to {rule.source} "
            f"(SEC-4, SEC-10): allow them only from the bastion ({', '.join(bastions)}).",
            None,
        )
