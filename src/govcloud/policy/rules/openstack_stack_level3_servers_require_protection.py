"""Level-3 servers are covered by HIDS and an off-site backup (internet-facing: also WAF and bastion).

Decided by ``controls.server_services_required`` and ``controls.offsite_backup_expected`` (shared with
admission).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import STACK, PolicyRule
from govcloud.policy.resource_types import INSTANCE
from govcloud.policy.rules import _stack
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, StackValidationArgs

RULE = PolicyRule(
    id="openstack-stack-level3-servers-require-protection",
    kind=STACK,
    resource_types=(INSTANCE,),
    description="Require level-3 servers to have HIDS and off-site backup, and WAF and bastion when internet-facing "
    "(SEC-10, SEC-11, OPS-3).",
    title=Text("三级系统云主机须有主机安全和异地备份", "Level-3 servers have HIDS and off-site backup"),
    severity="high",
    seed_articles="000 Art. 22, 121; 002 platform-security rules; 003 ch. 6",
    mlps_clause="GB/T 22239-2019 8.1.4.5 恶意代码防范; 8.1.4.9 数据备份恢复 c)",
    remediation=Text(
        "在申请中订购主机安全（sec.hids）和异地备份（bak.daily.offsite）",
        "order host security (sec.hids) and off-site backup (bak.daily.offsite) in the request",
    ),
    config_keys=("level", "exposure", "services", "hidsLicences", "offsiteBackup"),
)


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report each server the ordered services do not cover."""
    level = int(setting(args, "level"))
    exposure = str(setting(args, "exposure"))
    ordered = set(setting(args, "services"))
    lacking = [
        service for service in controls.server_services_required(level, exposure) if service not in ordered
    ]
    if controls.offsite_backup_expected(level) and not setting(args, "offsiteBackup"):
        lacking.append("off-site backup")
    licences = int(setting(args, "hidsLicences"))
    for number, server in enumerate(_stack.of_type(args, INSTANCE), start=1):
        missing = list(lacking)
        if (
            "hids" in controls.server_services_required(level, exposure)
            and "hids" in ordered
            and number > licences
        ):
            missing.append(f"a HIDS licence ({licences} ordered)")
        if missing:
            report_violation(
                f"Instance '{server.name}' of a level-{level} system is not covered by {', '.join(missing)} "
                "(SEC-10, SEC-11, OPS-3): order them in the request (sec.hids, bak.daily.offsite, ...).",
                server.urn,
            )
