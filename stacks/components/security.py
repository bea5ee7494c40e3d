"""One security group per tier, with every rule declared in the stack (nothing implicit).

Rule design (SEC-3 zoning, SEC-4 least privilege):

* the entry tier (the request's first tier) accepts only the service ports (80/443) and only from the
  zone's allowed sources: the whole internet for an internet-facing system, the e-government extranet
  CIDRs otherwise;
* every tier accepts SSH only from the platform's bastion CIDRs;
* each further tier accepts TCP only from the tier in front of it and from its own peers (remote group,
  never an address range);
* egress is IPv4 only; the default rules Neutron would add are deleted so the policy pack sees every rule.

No rule ever opens an administration port (``controls.ADMIN_PORTS``) to a world CIDR; ``_rule_specs``
refuses inputs that would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypedDict, TypeVar

import pulumi
import pulumi_openstack as openstack

from govcloud import controls

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

ALL_TCP: tuple[None, None] = (None, None)
"""Every TCP port. Neutron stores 1-65535 as no range at all, so declaring 1-65535 reads back as a
change and a second ``pulumi up`` replaces the rule (409 SecurityGroupRuleExists); no range converges."""
T = TypeVar("T")


class RuleArguments(TypedDict, Generic[T]):
    """Keyword arguments of one rule; ``T`` is how a group id is held (a string, or a Pulumi Output)."""

    security_group_id: T
    direction: str
    ethertype: str
    protocol: str | None
    port_range_min: int | None
    port_range_max: int | None
    remote_ip_prefix: str | None
    remote_group_id: T | None
    description: str


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One security-group rule as plain data (tested without Pulumi)."""

    tier: str
    direction: str
    port_min: int | None
    port_max: int | None
    protocol: str | None = "tcp"
    remote_ip_prefix: str | None = None
    remote_tier: str | None = None
    description: str = ""

    def arguments(self, group_ids: Mapping[str, T]) -> RuleArguments[T]:
        """The rule's arguments, given each tier's group id.

        pulumi-openstack's ``SecGroupRule`` and openstacksdk's ``create_security_group_rule`` take the
        same keywords, so the stack and the direct-provisioning baseline build identical rules.
        """
        return {
            "security_group_id": group_ids[self.tier],
            "direction": self.direction,
            "ethertype": "IPv4",
            "protocol": self.protocol,
            "port_range_min": self.port_min,
            "port_range_max": self.port_max,
            "remote_ip_prefix": self.remote_ip_prefix,
            "remote_group_id": group_ids[self.remote_tier] if self.remote_tier else None,
            "description": self.description,
        }

    @property
    def key(self) -> str:
        """A stable, readable suffix for the rule's resource name."""
        ports = "all" if self.port_min is None else f"{self.port_min}-{self.port_max}"
        source = self.remote_tier or (self.remote_ip_prefix or "any").replace("/", "_")
        direction = "in" if self.direction == "ingress" else "out"
        return f"{direction}-{self.protocol or 'any'}-{ports}-{source}"


def _rule_specs(
    tiers: Sequence[str],
    *,
    internet_facing: bool,
    ingress_cidrs: Sequence[str],
    bastion_cidrs: Sequence[str],
) -> list[RuleSpec]:
    """Every rule of every tier's group, in a stable order; raises on inputs that would open too much."""
    if not tiers:
        return []
    _check_sources(internet_facing=internet_facing, ingress_cidrs=ingress_cidrs, bastion_cidrs=bastion_cidrs)
    specs = [
        RuleSpec(tiers[0], "ingress", port, port, remote_ip_prefix=cidr, description=f"SEC-3 service {port}")
        for cidr in ingress_cidrs
        for port in controls.INTERNET_SERVICE_PORTS
    ]
    for index, tier in enumerate(tiers):
        specs.extend(_tier_specs(tier, tiers[index - 1] if index else None, bastion_cidrs))
    world_admin = [spec.key for spec in specs if _world_admin(spec)]
    if world_admin:  # pragma: no cover - unreachable with the fixed port lists above; the last guard
        msg = f"SEC-3: rules {world_admin} would open an admin port to the world"
        raise ValueError(msg)
    return specs


def _check_sources(
    *, internet_facing: bool, ingress_cidrs: Sequence[str], bastion_cidrs: Sequence[str]
) -> None:
    """Refuse a world-wide bastion (SEC-4) or a world-wide source for a non-internet system (SEC-3)."""
    for cidr in bastion_cidrs:
        if controls.is_world_cidr(cidr):
            msg = f"SEC-4: bastion CIDR {cidr!r} is the whole internet; SSH must come from the bastion only"
            raise ValueError(msg)
    for cidr in ingress_cidrs:
        if controls.is_world_cidr(cidr) and not internet_facing:
            msg = f"SEC-3: a system that is not internet-facing may not accept traffic from {cidr}"
            raise ValueError(msg)


def _tier_specs(tier: str, front: str | None, bastion_cidrs: Sequence[str]) -> list[RuleSpec]:
    """SSH from the bastion, TCP from the front tier and from peers, IPv4 egress."""
    specs = [
        RuleSpec(
            tier,
            "ingress",
            controls.SSH_PORT,
            controls.SSH_PORT,
            remote_ip_prefix=cidr,
            description="SEC-4 SSH from the bastion only",
        )
        for cidr in bastion_cidrs
    ]
    if front is not None:
        specs.append(RuleSpec(tier, "ingress", *ALL_TCP, remote_tier=front, description="SEC-4 front tier"))
    specs.append(RuleSpec(tier, "ingress", *ALL_TCP, remote_tier=tier, description="SEC-4 tier peers"))
    specs.append(
        RuleSpec(
            tier, "egress", None, None, protocol=None, remote_ip_prefix="0.0.0.0/0", description="egress"
        )
    )
    return specs


def _world_admin(spec: RuleSpec) -> bool:
    """An ingress rule from a world CIDR that includes an administration port (SEC-3, SEC-4)."""
    return (
        spec.direction == "ingress"
        and spec.remote_tier is None
        and controls.is_world_cidr(spec.remote_ip_prefix)
        and controls.opens_admin_port(spec.port_min, spec.port_max)
    )


class TierSecurityGroupsArgs(TypedDict):
    """Inputs of the per-tier security groups."""

    system: str
    """System code; groups are named ``<system>-<tier>``."""
    tiers: Sequence[str]
    """Tiers in request order; the first is the entry tier."""
    internet_facing: bool
    """Whether the approved exposure is internet-facing (SEC-3)."""
    ingress_cidrs: Sequence[str]
    """Sources allowed to reach the entry tier's service ports (the zone's ``allowedSourceCidrs``)."""
    bastion_cidrs: Sequence[str]
    """Sources allowed to reach SSH on every tier (the platform's bastion, SEC-4)."""
    tags: Sequence[str]
    """Neutron ``key=value`` tags naming the request."""


class TierSecurityGroups(pulumi.ComponentResource):
    """One Neutron security group per tier and its rules."""

    group_ids: dict[str, pulumi.Output[str]]
    """Security group id by tier; a server's port uses its tier's group."""
    group_names: dict[str, str]
    """Security group name by tier (``<system>-<tier>``)."""
    rules: list[RuleSpec]
    """The rule list the groups were built from."""

    def __init__(
        self, name: str, args: TierSecurityGroupsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        """Create a group per tier, then its rules, all children of this component."""
        super().__init__("govcloud:security:TierSecurityGroups", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.rules = _rule_specs(
            args["tiers"],
            internet_facing=args["internet_facing"],
            ingress_cidrs=args["ingress_cidrs"],
            bastion_cidrs=args["bastion_cidrs"],
        )
        self.group_names = {tier: f"{args['system']}-{tier}" for tier in args["tiers"]}
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
        for spec in self.rules:
            openstack.networking.SecGroupRule(
                f"{name}-{spec.tier}-{spec.key}", **spec.arguments(self.group_ids), opts=child
            )
        self.register_outputs({"group_ids": self.group_ids, "group_names": self.group_names})
