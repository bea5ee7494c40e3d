"""The system's 等保 level, and every resource's level tag, stay within the platform's level.

Decided by ``controls.level_within_platform`` (shared with admission).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import STACK, PolicyRule
from govcloud.policy.resource_types import INSTANCE, VOLUME
from govcloud.policy.rules import _stack
from govcloud.policy.support import as_int, setting
from govcloud.provisioning import tags

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, StackValidationArgs

RULE = PolicyRule(
    id="openstack-stack-level-within-platform",
    kind=STACK,
    resource_types=(INSTANCE, VOLUME),
    description="Keep the system's and every resource's 等保 level within the platform's level (SEC-2).",
    title=Text("系统等保级别不得高于平台", "System level within the platform level"),
    severity="critical",
    seed_articles="001 Art. 21; 000 Art. 66, 84",
    mlps_clause="GB/T 22239-2019 定级 (GB/T 22240)",
    remediation=Text(
        "重新定级，或迁往更高级别的平台", "re-grade the system, or host it on a platform of its level"
    ),
    config_keys=("level", "platformLevel"),
)


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report a system or resource level above the platform's."""
    platform = int(setting(args, "platformLevel"))
    level = int(setting(args, "level"))
    if not controls.level_within_platform(level, platform):
        report_violation(
            f"The system is 等保 level {level}, above the platform's level {platform} (SEC-2): re-grade it or host "
            "it on a platform of its level.",
            None,
        )
    for resource in args.resources:
        tagged = as_int(_stack.metadata(resource).get(tags.LEVEL))
        if tagged is not None and not controls.level_within_platform(tagged, platform):
            report_violation(
                f"{resource.resource_type} '{resource.name}' is tagged level {tagged}, above the platform's level "
                f"{platform} (SEC-2): re-grade the system or move it.",
                resource.urn,
            )
