"""One security group per tier, with exactly the rules the approved request declares (nothing implicit).

The rules come from ``govcloud.flows`` through the plan (SEC-3 zoning, SEC-4 least privilege): SSH from
the platform's bastion, the declared service ports from the declared sources, both ends of every flow
between tiers, egress only to declared destinations and the platform's services. Neutron's default
rules (allow all egress, IPv4 and IPv6) are deleted, so IPv6 is denied unless a flow declares it and
the policy pack sees every rule there is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

import pulumi
import pulumi_openstack as openstack

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from govcloud.flows import RuleSpec


class TierSecurityGroupsArgs(TypedDict):
    """Inputs of the per-tier security groups."""

    system: str
    """System code; used in the groups' descriptions."""
    group_names: Mapping[str, str]
    """Security group name by tier, in request order (``TenantPlan.group_names``)."""
    rules: Sequence[RuleSpec]
    """Exactly the rules to build (``TenantPlan.rules``)."""
    tags: Sequence[str]
    """Neutron ``key=value`` tags naming the request."""


class TierSecurityGroups(pulumi.ComponentResource):
    """One Neutron security group per tier and its rules."""

    group_ids: dict[str, pulumi.Output[str]]
    """Security group id by tier; a server's port uses its tier's group."""
    group_names: dict[str, str]
    """Security group name by tier (``<system>-<tier>``)."""

    def __init__(
        self, name: str, args: TierSecurityGroupsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        """Create a group per tier, then its rules, all children of this component."""
        super().__init__("govcloud:security:TierSecurityGroups", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.group_names = dict(args["group_names"])
        groups = {
            tier: openstack.networking.SecGroup(
                f"{name}-{tier}",
                name=group_name,
                description=f"govcloud tier {tier} of {args['system']} (SEC-3, SEC-4)",
                delete_default_rules=True,
                tags=list(args["tags"]),
                opts=child,
            )
            for tier, group_name in self.group_names.items()
        }
        self.group_ids = {tier: group.id for tier, group in groups.items()}
        for spec in args["rules"]:
            openstack.networking.SecGroupRule(
                f"{name}-{spec.tier}-{spec.key}", **spec.arguments(self.group_ids), opts=child
            )
        self.register_outputs({"group_ids": self.group_ids, "group_names": self.group_names})
