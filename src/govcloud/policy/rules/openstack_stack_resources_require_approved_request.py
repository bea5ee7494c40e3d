"""Nothing the approved request does not cover: no unlisted resource type, no server beyond its tier's count.

Severity: critical. Requirement: CAT-1. Seed: 000 Art. 73(4); 001 Art. 27. Config:
``allowedResourceTypes``, ``approvedServersPerTier`` (empty: the tier check is not applicable).
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, StackValidationArgs, StackValidationPolicy

from govcloud.policy.metadata import INSTANCE
from govcloud.policy.rules import _stack
from govcloud.policy.support import policy_kwargs, setting
from govcloud.provisioning import tags

NAME = "openstack-stack-resources-require-approved-request"


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


POLICY = StackValidationPolicy(validate=validate, **policy_kwargs(NAME))
