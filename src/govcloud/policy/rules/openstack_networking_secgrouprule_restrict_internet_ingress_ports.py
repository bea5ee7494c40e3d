"""Ingress from the internet only to the web ports (80/443 by default).

The public cloud area serves the public through controlled entry points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import SEC_GROUP_RULE
from govcloud.policy.rules._secgrouprule import world_ingress
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-secgrouprule-restrict-internet-ingress-ports",
    kind=RESOURCE,
    resource_types=(SEC_GROUP_RULE,),
    description="Restrict ingress from the internet to the web ports (80/443) of internet-facing systems (SEC-3).",
    title=Text("互联网入站只允许 80/443", "Internet ingress only to 80/443"),
    severity="high",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制 (边界防护 a/b)",
    remediation=Text(
        "互联网入站只开放 80/443，其余端口改为内网或堡垒机来源",
        "open only 80/443 to the world; serve other ports from internal or bastion sources",
    ),
    config_keys=("worldCidrs", "internetPorts"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a world-open rule that opens anything beyond ``internetPorts``."""
    rule = world_ingress(args.props, setting(args, "worldCidrs"))
    if rule is None:
        return
    allowed = [int(port) for port in setting(args, "internetPorts")]
    if not controls.range_within(rule.port_min, rule.port_max, allowed):
        report_violation(
            f"SecGroupRule '{args.name}' opens {rule.ports} to {rule.source} (SEC-3): internet ingress may "
            f"only reach ports {', '.join(map(str, allowed))}; serve other ports from internal sources.",
            None,
        )
