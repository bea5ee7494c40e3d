"""What OpenStack itself holds for a tenant system, read through openstacksdk, against the plan.

After ``pulumi up`` the engine's own outputs say what it believes it built; this module asks the
cloud. Resources are found by the tags and metadata every stack resource carries (``govcloud.provisioning.tags``),
so anything built outside the stack under the system's name shows up too. ``differences`` lists every
way the cloud differs from ``govcloud.provisioning.plan``: missing or extra servers, volumes, floating IPs,
groups, networks, security-group rules (each one, field by field); servers not ACTIVE, volumes not
attached, wrong flavour, image, size or type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from govcloud.provisioning import tags

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from govcloud.provisioning.plan import ServerPlan, TenantPlan, VolumePlan

RuleSignature = tuple[str, str, str, str | None, int | None, int | None, str | None, str | None]
"""(group, direction, ethertype, protocol, port min, port max, remote prefix, remote group name)."""


@dataclass(frozen=True, slots=True)
class ObservedServer:
    """A Nova server of the system."""

    name: str
    status: str
    flavor: str
    image: str
    key_name: str
    addresses: tuple[str, ...]
    volumes: tuple[str, ...]
    metadata: tuple[tuple[str, str], ...] = ()
    """Every metadata key Nova holds, sorted: the stack's ``govcloud.*`` keys and any added by hand."""


@dataclass(frozen=True, slots=True)
class ObservedVolume:
    """A Cinder volume of the system."""

    name: str
    status: str
    size_gib: int
    volume_type: str
    attached_to: tuple[str, ...]
    metadata: tuple[tuple[str, str], ...] = ()
    """Every metadata key Cinder holds, sorted."""


@dataclass(slots=True)
class Observed:
    """Every resource of one system, by kind (names, or records for servers and volumes)."""

    servers: dict[str, ObservedServer] = field(default_factory=dict)
    volumes: dict[str, ObservedVolume] = field(default_factory=dict)
    networks: list[str] = field(default_factory=list)
    subnets: list[str] = field(default_factory=list)
    routers: list[str] = field(default_factory=list)
    security_groups: dict[str, int] = field(default_factory=dict)
    """Group name to its number of rules."""
    rules: set[RuleSignature] = field(default_factory=set)
    """Every rule of those groups as Neutron holds it, groups named (compared with ``TenantPlan.rules``)."""
    ports: list[str] = field(default_factory=list)
    floating_ips: list[str] = field(default_factory=list)
    keypairs: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    """The id of every object above, as Pulumi's state records them (rules, router interfaces and volume
    attachments included), with what it is ("volume x", "security group rule ..."), to compare the cloud
    with the state and to name what the state lacks."""

    @property
    def ids(self) -> set[str]:
        """The ids of ``labels``."""
        return set(self.labels)

    def counts(self) -> dict[str, int]:
        """How many of each kind, for summaries and for "nothing left" checks."""
        return {
            "servers": len(self.servers),
            "volumes": len(self.volumes),
            "networks": len(self.networks),
            "subnets": len(self.subnets),
            "routers": len(self.routers),
            "security_groups": len(self.security_groups),
            "security_group_rules": sum(self.security_groups.values()),
            "ports": len(self.ports),
            "floating_ips": len(self.floating_ips),
            "keypairs": len(self.keypairs),
        }

    @property
    def empty(self) -> bool:
        """Nothing of the system is left in the cloud."""
        return not any(self.counts().values())


def keypair_name(system: str) -> str:
    """The ops key pair's name (the stack's ``govcloud-<system>-ops``)."""
    return f"govcloud-{system}-ops"


def observe(conn: Any, system: str) -> Observed:
    """Read the system's resources as the tenant sees them (``conn`` is an openstacksdk connection)."""
    tag = f"{tags.SYSTEM}={system}"
    found = Observed()
    flavors = {flavor.id: flavor.name for flavor in conn.compute.flavors()}
    images = {image.id: image.name for image in conn.image.images()}
    servers = [s for s in conn.compute.servers(details=True) if (s.metadata or {}).get(tags.SYSTEM) == system]
    server_names = {server.id: server.name for server in servers}
    for server in servers:
        addresses = tuple(entry["addr"] for entries in (server.addresses or {}).values() for entry in entries)
        flavor = server.flavor or {}
        found.servers[server.name] = ObservedServer(
            name=server.name,
            status=server.status,
            flavor=flavor.get("original_name") or flavors.get(flavor.get("id", ""), ""),
            image=images.get((server.image or {}).get("id", ""), ""),
            key_name=server.key_name or "",
            addresses=addresses,
            volumes=tuple(sorted(volume["id"] for volume in server.attached_volumes or ())),
            metadata=tuple(sorted((server.metadata or {}).items())),
        )
        found.labels[server.id] = f"server {server.name}"
        for volume in found.servers[server.name].volumes:
            found.labels[f"{server.id}/{volume}"] = f"volume attachment {volume} on {server.name}"
    for volume in conn.block_storage.volumes(details=True):
        if (volume.metadata or {}).get(tags.SYSTEM) != system:
            continue
        found.volumes[volume.name] = ObservedVolume(
            name=volume.name,
            status=volume.status,
            size_gib=int(volume.size),
            volume_type=volume.volume_type or "",
            attached_to=tuple(
                sorted(server_names.get(a["server_id"], a["server_id"]) for a in volume.attachments or ())
            ),
            metadata=tuple(sorted((volume.metadata or {}).items())),
        )
        found.labels[volume.id] = f"volume {volume.name}"
    ours = _ours(tag, f"{system}-")
    networks = [n for n in conn.network.networks() if ours(n)]
    found.networks = sorted(n.name for n in networks)
    subnets = [s for s in conn.network.subnets() if ours(s)]
    found.subnets = sorted(s.name for s in subnets)
    routers = [r for r in conn.network.routers() if ours(r)]
    found.routers = sorted(r.name for r in routers)
    groups = [g for g in conn.network.security_groups() if ours(g)]
    group_names = {group.id: group.name for group in groups}
    for group in groups:
        rules = group.security_group_rules or ()
        found.security_groups[group.name] = len(rules)
        for rule in rules:
            signature = _signature(group.name, rule, group_names)
            found.rules.add(signature)
            found.labels[rule["id"]] = f"security group rule {_show(signature)}"
    # Ports by network, not by tag: a create interrupted before its tags were set leaves an untagged port.
    ports = [p for n in networks for p in conn.network.ports(network_id=n.id)]
    server_ports = [p for p in ports if not (p.device_owner or "").startswith("network:")]
    found.ports = sorted(p.name for p in server_ports)
    router_ports = [p for p in ports if p.device_owner == "network:router_interface"]
    ips = [ip for ip in conn.network.ips() if ours(ip)]
    found.floating_ips = sorted(ip.floating_ip_address for ip in ips)
    found.keypairs = [k.name for k in conn.compute.keypairs() if k.name == keypair_name(system)]
    for kind, items in (
        ("network", networks),
        ("subnet", subnets),
        ("router", routers),
        ("security group", groups),
        ("port", server_ports),
    ):
        found.labels |= {item.id: f"{kind} {item.name}" for item in items}
    found.labels |= {port.id: f"router interface {port.id}" for port in router_ports}
    found.labels |= {ip.id: f"floating IP {ip.floating_ip_address}" for ip in ips}
    found.labels |= {name: f"key pair {name}" for name in found.keypairs}
    return found


def _signature(group: str, rule: Mapping[str, Any], group_names: Mapping[str, str]) -> RuleSignature:
    remote = rule.get("remote_group_id")
    return (
        group,
        str(rule["direction"]),
        str(rule["ethertype"]),
        rule.get("protocol") or None,
        rule.get("port_range_min"),
        rule.get("port_range_max"),
        rule.get("remote_ip_prefix") or None,
        group_names.get(remote, f"foreign group {remote}") if remote else None,
    )


def planned_signatures(plan: TenantPlan) -> set[RuleSignature]:
    """The plan's rules in the form ``observe`` reads them back (the pack's ``approvedRules``, as tuples)."""
    return {cast("RuleSignature", tuple(rule.approved(plan.group_names).values())) for rule in plan.rules}


def _ours(tag: str, prefix: str) -> Callable[[Any], bool]:
    """Tagged for the system, or untagged with the system's name prefix (tags come after the create)."""

    def check(item: Any) -> bool:
        item_tags = list(item.tags or ())
        return tag in item_tags or (not item_tags and str(item.name or "").startswith(prefix))

    return check


def state_ids(deployment: Mapping[str, Any]) -> set[str]:
    """The ids of the OpenStack resources an exported deployment holds (providers and components have none)."""
    return {
        str(resource["id"])
        for resource in deployment.get("resources") or ()
        if resource.get("id") and str(resource.get("type", "")).startswith("openstack:")
    }


def differences(observed: Observed, plan: TenantPlan) -> list[str]:
    """Every way the cloud differs from the plan; empty when it holds exactly what was approved."""
    problems: list[str] = []
    _same_names(problems, "servers", set(observed.servers), {s.name for s in plan.servers})
    planned_volumes = {v.name: (s, v) for s in plan.servers for v in s.volumes}
    _same_names(problems, "volumes", set(observed.volumes), set(planned_volumes))
    for server in plan.servers:
        if server.name in observed.servers:
            seen = observed.servers[server.name]
            problems += _server_problems(seen, server, plan.system)
            problems += _metadata_problems(
                f"server {server.name}", seen.metadata, tags.server_metadata(plan, server)
            )
    for name, (server, volume) in planned_volumes.items():
        if name in observed.volumes:
            seen_volume = observed.volumes[name]
            problems += _volume_problems(seen_volume, volume, server.name)
            planned = tags.volume_metadata(plan, server, volume)
            problems += _metadata_problems(f"volume {volume.name}", seen_volume.metadata, planned)
    _same_names(
        problems, "security groups", set(observed.security_groups), {f"{plan.system}-{t}" for t in plan.tiers}
    )
    if observed.security_groups:
        planned_rules = planned_signatures(plan)
        missing, extra = planned_rules - observed.rules, observed.rules - planned_rules
        problems += [f"security group rule missing: {_show(rule)}" for rule in sorted(missing, key=str)]
        problems += [f"security group rule not in the plan: {_show(rule)}" for rule in sorted(extra, key=str)]
    _same_names(problems, "networks", set(observed.networks), {f"{plan.system}-net"})
    _same_names(problems, "subnets", set(observed.subnets), {f"{plan.system}-subnet"})
    _same_names(problems, "routers", set(observed.routers), {f"{plan.system}-router"})
    _same_names(problems, "ports", set(observed.ports), {f"{s.name}-port" for s in plan.servers})
    planned_fips = sum(1 for s in plan.servers if s.floating_ip)
    if len(observed.floating_ips) != planned_fips:
        problems.append(f"{len(observed.floating_ips)} floating IPs, planned {planned_fips}")
    if observed.keypairs != [keypair_name(plan.system)]:
        problems.append(f"key pair {keypair_name(plan.system)} is missing")
    return problems


def _show(rule: RuleSignature) -> str:
    group, direction, ethertype, protocol, low, high, prefix, remote = rule
    ports = "all ports" if low is None else (str(low) if low == high else f"{low}-{high}")
    peer = remote or prefix or "any address"
    return f"{group} {direction} {ethertype} {protocol or 'any'} {ports} {'from' if direction == 'ingress' else 'to'} {peer}"


def _server_problems(seen: ObservedServer, server: ServerPlan, system: str) -> list[str]:
    problems = []
    if seen.status != "ACTIVE":
        problems.append(f"server {server.name} is {seen.status}, not ACTIVE")
    if seen.flavor != server.flavor:
        problems.append(f"server {server.name} has flavour {seen.flavor!r}, planned {server.flavor!r}")
    if seen.image != server.image:
        problems.append(f"server {server.name} boots image {seen.image!r}, planned {server.image!r}")
    if seen.key_name != keypair_name(system):
        problems.append(f"server {server.name} has key pair {seen.key_name!r}")
    return problems


def _volume_problems(seen: ObservedVolume, volume: VolumePlan, server: str) -> list[str]:
    problems = []
    if (seen.size_gib, seen.volume_type) != (volume.size_gib, volume.volume_type):
        problems.append(
            f"volume {volume.name} is {seen.size_gib} GiB {seen.volume_type!r}, "
            f"planned {volume.size_gib} GiB {volume.volume_type!r}"
        )
    if seen.status != "in-use" or seen.attached_to != (server,):
        problems.append(
            f"volume {volume.name} is {seen.status} on {list(seen.attached_to)}, planned on {server}"
        )
    return problems


def _metadata_problems(what: str, seen: tuple[tuple[str, str], ...], planned: Mapping[str, str]) -> list[str]:
    """The stack's keys with another value or none, and ``govcloud.*`` keys the stack never set.

    Other keys are the tenant's own: they say nothing about whose the resource is or what was approved.
    """
    held = dict(seen)
    problems = [
        f"{what} has metadata {key}={held.get(key)!r}, planned {value!r}"
        for key, value in sorted(planned.items())
        if held.get(key) != value
    ]
    problems += [
        f"{what} has metadata {key}={value!r}, which the stack never set"
        for key, value in sorted(held.items())
        if key.startswith(tags.PREFIX) and key not in planned
    ]
    return problems


def _same_names(problems: list[str], kind: str, seen: set[str], planned: set[str]) -> None:
    missing, extra = sorted(planned - seen), sorted(seen - planned)
    if missing:
        problems.append(f"{kind} missing: {', '.join(missing)}")
    if extra:
        problems.append(f"{kind} not in the plan: {', '.join(extra)}")
