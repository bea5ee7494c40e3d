"""Nothing classified (涉密) on the government cloud: not the system, not any tagged resource.

Severity: critical. Requirement: SEC-1. Seed: 000 Art. 65, 94; 001 Art. 3. Decided by
``controls.is_classified`` (shared with admission). Config: ``classification``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, StackValidationArgs, StackValidationPolicy

from govcloud import controls
from govcloud.policy.rules import _stack
from govcloud.policy.support import policy_kwargs, setting
from govcloud.provisioning import tags

NAME = "openstack-stack-disallow-classified-systems"


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report a classified system, and each resource tagged classified."""
    if controls.is_classified(str(setting(args, "classification"))):
        report_violation(
            "The stack belongs to a classified system (SEC-1): classified systems are deployed on a classified "
            "network, never on the government cloud.",
            None,
        )
    for resource in args.resources:
        value = str(_stack.metadata(resource).get(tags.CLASSIFICATION) or "")
        if controls.is_classified(value):
            report_violation(
                f"{resource.resource_type} '{resource.name}' is tagged {tags.CLASSIFICATION}={value} (SEC-1): "
                "remove it from the government cloud.",
                resource.urn,
            )


POLICY = StackValidationPolicy(validate=validate, **policy_kwargs(NAME))
