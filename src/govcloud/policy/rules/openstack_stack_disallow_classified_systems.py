"""Nothing classified (涉密) on the government cloud: not the system, not any tagged resource.

Decided by ``controls.is_classified`` (shared with admission).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import STACK, PolicyRule
from govcloud.policy.rules import _stack
from govcloud.policy.support import setting
from govcloud.provisioning import tags

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, StackValidationArgs

RULE = PolicyRule(
    id="openstack-stack-disallow-classified-systems",
    kind=STACK,
    resource_types=(),
    description="Disallow any resource of a classified (涉密) system on the government cloud (SEC-1).",
    title=Text("政务云不得承载涉密系统", "Nothing classified on the cloud"),
    severity="critical",
    seed_articles="000 Art. 65, 94; 001 Art. 3",
    mlps_clause="—",
    remediation=Text(
        "涉密系统按保密规定部署在涉密网络",
        "deploy classified systems on a classified network under the secrecy rules",
    ),
    config_keys=("classification",),
)


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
