"""The system's 等保 level, and every resource's level tag, stay within the platform's level.

Severity: critical. Requirement: SEC-2. 等保: grading per GB/T 22240. Seed: 001 Art. 21; 000 Art. 66, 84.
Decided by ``controls.level_within_platform`` (shared with admission). Config: ``level``, ``platformLevel``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, StackValidationArgs, StackValidationPolicy

from govcloud import controls
from govcloud.policy.rules import _stack
from govcloud.policy.support import as_int, policy_kwargs, setting
from govcloud.provisioning import tags

NAME = "openstack-stack-level-within-platform"


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


POLICY = StackValidationPolicy(validate=validate, **policy_kwargs(NAME))
