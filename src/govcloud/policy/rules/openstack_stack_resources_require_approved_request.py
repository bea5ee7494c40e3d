"""Nothing the approved request does not cover: no unlisted resource type, no server beyond its tier's count.

An empty ``approvedServersPerTier`` makes the tier check not applicable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import STACK, PolicyRule
from govcloud.policy.resource_types import INSTANCE
from govcloud.policy.rules import _stack
from govcloud.policy.support import setting
from govcloud.provisioning import tags

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, StackValidationArgs

RULE = PolicyRule(
    id="openstack-stack-resources-require-approved-request",
    kind=STACK,
    resource_types=(),
    description="Disallow resources the approved request does not cover: unknown types or servers beyond a tier's approval (CAT-1).",
    title=Text("不得创建申请未覆盖的资源", "Nothing the approved request does not cover"),
    severity="critical",
    seed_articles="000 Art. 73(4); 001 Art. 27",
    mlps_clause="—",
    remediation=Text(
        "删除该资源，或先提交变更申请（LC-8）",
        "remove the resource, or file a change request (LC-8) first",
    ),
    config_keys=("allowedResourceTypes", "approvedServersPerTier"),
)


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report resources of unlisted types and servers beyond their tier's approval."""
    allowed = set(setting(args, "allowedResourceTypes"))
    for resource in args.resources:
        if resource.resource_type not in allowed:
            report_violation(
                f"{resource.resource_type} '{resource.name}' is not a catalogue resource the request covers "
                "(CAT-1): remove it or file a change request (LC-8).",
                resource.urn,
            )
    approved = {str(tier): int(count) for tier, count in setting(args, "approvedServersPerTier").items()}
    if not approved:
        return
    seen: dict[str, int] = {}
    for server in _stack.of_type(args, INSTANCE):
        tier = str(_stack.metadata(server).get(tags.TIER) or "(no tier)")
        seen[tier] = seen.get(tier, 0) + 1
        if seen[tier] > approved.get(tier, 0):
            report_violation(
                f"Instance '{server.name}' is server {seen[tier]} of tier {tier}, which the request approves "
                f"{approved.get(tier, 0)} of (CAT-1): remove it or file a change request (LC-8).",
                server.urn,
            )
