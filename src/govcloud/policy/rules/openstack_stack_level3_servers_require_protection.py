"""Level-3 servers are covered by HIDS and an off-site backup (internet-facing: also WAF and bastion).

Severity: high. Requirements: SEC-10 (anti-malware), SEC-11 (off-site copies), OPS-3 (backups).
等保: GB/T 22239-2019 8.1.4.6 恶意代码防范; 8.1.4.9 数据备份恢复 c) 异地备份. Seed: 000 Art. 22, 121;
002 platform-security rules; 003 ch. 6. Decided by ``controls.server_services_required`` and
``controls.offsite_backup_expected`` (shared with admission). Config: ``level``, ``exposure``,
``services``, ``hidsLicences``, ``offsiteBackup``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, StackValidationArgs, StackValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import INSTANCE
from govcloud.policy.rules import _stack
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-stack-level3-servers-require-protection"


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


POLICY = StackValidationPolicy(validate=validate, **policy_kwargs(NAME))
