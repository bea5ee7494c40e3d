"""The tenant program under Pulumi mocks, per example request: what it registers and what it exports.

Each assertion names the resource and the requirement it protects (SEC-3, SEC-4, SEC-10, SEC-11, CAT-1).
"""

from __future__ import annotations

import ipaddress
import json
from functools import cache
from typing import TYPE_CHECKING, Any

from stack_harness import DATA, EXAMPLES, ROOT, StackRun, settings_for

from govcloud import controls
from govcloud.admission.admit import request_digest
from govcloud.catalogue.model import load_default
from govcloud.loader import load_path
from govcloud.provisioning import settings, tags
from govcloud.provisioning.plan import TenantPlan, build_plan

if TYPE_CHECKING:
    from govcloud.testing.mocks import Registered

INSTANCE = "openstack:compute/instance:Instance"
VOLUME = "openstack:blockstorage/volume:Volume"
ATTACH = "openstack:compute/volumeAttach:VolumeAttach"
PORT = "openstack:networking/port:Port"
RULE = "openstack:networking/secGroupRule:SecGroupRule"
GROUP = "openstack:networking/secGroup:SecGroup"
ROUTER = "openstack:networking/router:Router"
FIP = "openstack:networking/floatingIp:FloatingIp"
FIP_ASSOC = "openstack:networking/floatingIpAssociate:FloatingIpAssociate"
KEYPAIR = "openstack:compute/keypair:Keypair"

EXPECTED_COUNTS = {
    "gov-portal": {
        "govcloud:network:TenantNetwork": 1,
        "govcloud:security:TierSecurityGroups": 1,
        "govcloud:compute:Server": 5,
        "openstack:networking/network:Network": 1,
        "openstack:networking/subnet:Subnet": 1,
        ROUTER: 1,
        "openstack:networking/routerInterface:RouterInterface": 1,
        GROUP: 3,
        RULE: 22,
        KEYPAIR: 1,
        PORT: 5,
        INSTANCE: 5,
        VOLUME: 5,
        ATTACH: 5,
        FIP: 2,
        FIP_ASSOC: 2,
    },
    "approval": {
        "govcloud:network:TenantNetwork": 1,
        "govcloud:security:TierSecurityGroups": 1,
        "govcloud:compute:Server": 7,
        "openstack:networking/network:Network": 1,
        "openstack:networking/subnet:Subnet": 1,
        ROUTER: 1,
        "openstack:networking/routerInterface:RouterInterface": 1,
        GROUP: 3,
        RULE: 24,
        KEYPAIR: 1,
        PORT: 7,
        INSTANCE: 7,
        VOLUME: 7,
        ATTACH: 7,
    },
    "data-exchange": {
        "govcloud:network:TenantNetwork": 1,
        "govcloud:security:TierSecurityGroups": 1,
        "govcloud:compute:Server": 4,
        "openstack:networking/network:Network": 1,
        "openstack:networking/subnet:Subnet": 1,
        ROUTER: 1,
        "openstack:networking/routerInterface:RouterInterface": 1,
        GROUP: 2,
        RULE: 15,
        KEYPAIR: 1,
        PORT: 4,
        INSTANCE: 4,
        VOLUME: 4,
        ATTACH: 4,
    },
}


@cache
def plan_for(stack: str) -> TenantPlan:
    return build_plan(request_for(stack), load_default())


@cache
def request_for(stack: str) -> Any:
    return load_path(ROOT / "requests" / "examples" / EXAMPLES[stack][0]).data


def _in_any(cidr: str, allowed: tuple[str, ...]) -> bool:
    network = ipaddress.ip_network(cidr)
    return any(network.subnet_of(ipaddress.ip_network(a)) for a in allowed)  # type: ignore[arg-type]


def _ingress_by_prefix(run: StackRun) -> list[Registered]:
    return [
        r for r in run.of_type(RULE) if r.inputs["direction"] == "ingress" and "remoteGroupId" not in r.inputs
    ]


def test_resource_counts_by_type(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    assert run.counts() == EXPECTED_COUNTS[stack], (
        f"stack {stack}: resource set differs from the approved plan"
    )


def test_no_admin_port_open_to_the_world(example_run: tuple[str, StackRun]) -> None:
    _, run = example_run
    for rule in _ingress_by_prefix(run):
        prefix = rule.inputs.get("remoteIpPrefix")
        low, high = rule.inputs.get("portRangeMin"), rule.inputs.get("portRangeMax")
        assert not (controls.is_world_cidr(prefix) and controls.opens_admin_port(low, high)), (
            f"secgroup rule {rule.name} opens {low}-{high}/tcp to {prefix} (SEC-3, SEC-4)"
        )


def test_world_sees_only_80_and_443_of_the_entry_tier(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    plan = plan_for(stack)
    world = [r for r in _ingress_by_prefix(run) if controls.is_world_cidr(r.inputs.get("remoteIpPrefix"))]
    if not plan.internet_facing:
        assert world == [], (
            f"{stack} is not internet-facing but {[r.name for r in world]} accept the world (SEC-3)"
        )
        return
    entry = f"{stack}-sg-{plan.tiers[0]}_id"
    assert {
        (r.inputs["securityGroupId"], r.inputs["portRangeMin"], r.inputs["portRangeMax"]) for r in world
    } == {
        (entry, 80, 80),
        (entry, 443, 443),
    }, f"{stack}: the internet may reach only 80/443 of the entry tier (SEC-3)"


def test_ssh_only_from_the_bastion(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    bastion = plan_for(stack).bastion_cidrs
    for rule in _ingress_by_prefix(run):
        low, high = rule.inputs.get("portRangeMin") or 1, rule.inputs.get("portRangeMax") or 65535
        if low <= controls.SSH_PORT <= high:
            assert rule.inputs["remoteIpPrefix"] in bastion, (
                f"rule {rule.name} allows SSH from outside the bastion (SEC-4)"
            )
    groups = {g.name for g in run.of_type(GROUP)}
    with_ssh = {
        r.inputs["securityGroupId"].removesuffix("_id")
        for r in _ingress_by_prefix(run)
        if r.inputs.get("portRangeMin") == 22
    }
    assert with_ssh == groups, "every tier is administered through the bastion (SEC-4)"


def test_extranet_systems_accept_only_egov_sources(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    plan = plan_for(stack)
    if plan.internet_facing:
        return
    egov = load_default().platform.egov_cidrs
    for rule in _ingress_by_prefix(run):
        prefix = rule.inputs["remoteIpPrefix"]
        assert prefix in plan.bastion_cidrs or _in_any(prefix, egov), (
            f"rule {rule.name} of extranet-only {stack} accepts {prefix}, not an e-gov CIDR (SEC-3)"
        )


def test_groups_have_no_implicit_default_rules(example_run: tuple[str, StackRun]) -> None:
    _, run = example_run
    for group in run.of_type(GROUP):
        assert group.inputs["deleteDefaultRules"] is True, (
            f"group {group.name} keeps Neutron's implicit rules"
        )


def test_volumes_use_the_catalogue_type_and_encrypt_where_required(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    plan = plan_for(stack)
    catalogue = load_default()
    encrypted_types = {
        item.spec["openstack"]["volumeType"] for item in catalogue.of_kind("VolumeType") if item.encrypted
    }
    planned = {v.name: v for s in plan.servers for v in s.volumes}
    volumes = run.of_type(VOLUME)
    assert {v.inputs["name"] for v in volumes} == set(planned)
    for volume in volumes:
        expected = planned[volume.inputs["name"]]
        assert volume.inputs["volumeType"] == expected.volume_type, (
            f"volume {volume.name}: wrong type (CAT-1)"
        )
        assert volume.inputs["size"] == expected.size_gib, (
            f"volume {volume.name}: size not as approved (CAT-4)"
        )
        if plan.encryption_required:
            assert volume.inputs["volumeType"] in encrypted_types, (
                f"volume {volume.name} of level-{plan.level}/{plan.classification} {stack} is unencrypted (SEC-11)"
            )
    attached = {a.inputs["volumeId"] for a in run.of_type(ATTACH)}
    assert attached == {f"{v.name}_id" for v in volumes}, "every volume is attached to its server"


def test_servers_and_volumes_carry_the_required_tags(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    digest = request_digest(request_for(stack))
    plan = plan_for(stack)
    for resource in run.of_type(INSTANCE) + run.of_type(VOLUME):
        metadata = resource.inputs.get("metadata", {})
        missing = [key for key in tags.REQUIRED if not metadata.get(key)]
        assert not missing, f"{resource.typ} {resource.name} lacks tags {missing}"
        assert metadata[tags.REQUEST_ID] == plan.request_id
        assert metadata[tags.REQUEST_DIGEST] == digest, f"{resource.name}: digest does not pin the request"
        assert metadata[tags.LEVEL] == str(plan.level)
        assert metadata[tags.UNIT] == plan.unit
    for server in run.of_type(INSTANCE):
        planned = next(s for s in plan.servers if s.name == server.inputs["name"])
        assert server.inputs["metadata"][tags.ITEMS] == f"{planned.flavor_item},{planned.image_item}"


def test_servers_use_keypair_catalogue_images_and_never_a_password(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    plan = plan_for(stack)
    (key_pair,) = run.of_type(KEYPAIR)
    assert "privateKey" not in key_pair.inputs
    for server in run.of_type(INSTANCE):
        assert "adminPass" not in server.inputs, f"server {server.name} sets admin_pass (SEC-10)"
        assert server.inputs["keyPair"] == key_pair.inputs["name"], (
            f"server {server.name} has no key pair (SEC-4)"
        )
        assert server.inputs["imageName"] in plan.images, f"server {server.name}: image not approved (SEC-10)"
        assert server.inputs["flavorName"] in plan.flavors, (
            f"server {server.name}: flavour not in catalogue (CAT-1)"
        )
        assert "securityGroups" not in server.inputs, "groups belong on the port"
        assert [n.get("port") for n in server.inputs["networks"]] == [
            f"{server.name.removesuffix('-instance')}-port_id"
        ]
    assert sorted(s.inputs["name"] for s in run.of_type(INSTANCE)) == sorted(s.name for s in plan.servers)


def test_ports_have_port_security_and_their_tier_group(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    for port in run.of_type(PORT):
        assert port.inputs["portSecurityEnabled"] is True, f"port {port.name} has port security off (SEC-3)"
        tier = port.inputs["name"].removeprefix(f"{stack}-").split("-")[0]
        assert port.inputs["securityGroupIds"] == [f"{stack}-sg-{tier}_id"], f"port {port.name}: wrong group"


def test_floating_ips_only_for_internet_facing(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    plan = plan_for(stack)
    fips, assocs = run.of_type(FIP), run.of_type(FIP_ASSOC)
    assert len(fips) == plan.quotas.floating_ips, f"{stack}: floating IPs differ from the approved count"
    if not plan.internet_facing:
        assert fips == [], f"{stack} is not internet-facing but has floating IPs (SEC-3)"
    assert {a.inputs["portId"] for a in assocs} == {
        f"{s.name}-port_id" for s in plan.servers if s.floating_ip
    }
    for fip in fips:
        assert fip.inputs["pool"] == "public"


def test_router_gateway_only_for_internet_facing(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    (router,) = run.of_type(ROUTER)
    if plan_for(stack).internet_facing:
        assert router.inputs["externalNetworkId"] == "public-net-id"
    else:
        assert "externalNetworkId" not in router.inputs, f"{stack}: router has an internet gateway (SEC-3)"


def test_children_are_parented_to_their_component(example_run: tuple[str, StackRun]) -> None:
    _, run = example_run
    components = {r.urn: r.name for r in run.resources if not r.custom}
    for resource in run.resources:
        if not resource.custom or resource.typ == KEYPAIR:
            continue
        assert resource.parent in components, f"{resource.typ} {resource.name} is not inside a component"
        assert resource.name.startswith(components[resource.parent] + "-"), (
            f"{resource.name} is not named after its component {components[resource.parent]}"
        )


def test_hosts_export_is_one_structured_mapping(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    plan = plan_for(stack)
    hosts = run.outputs["hosts"]
    assert sorted(hosts) == sorted(s.name for s in plan.servers)
    for server in plan.servers:
        host = hosts[server.name]
        assert host["name"] == server.name
        assert (host["tier"], host["zone"], host["level"]) == (server.tier, plan.zone, plan.level)
        assert host["groups"] == [f"tier_{server.tier}", f"zone_{plan.zone}", f"mlps_level_{plan.level}"]
        assert ipaddress.ip_address(host["addresses"]["private"]) in ipaddress.ip_network(
            run.outputs["tenant"]["network"]["cidr"]
        )
        assert (host["addresses"]["public"] is not None) == server.floating_ip
        assert host["login_user"] == server.login_user
        assert host["security_groups"] == [f"{stack}-{server.tier}"]


def test_tenant_summary(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    plan = plan_for(stack)
    tenant = run.outputs["tenant"]
    assert tenant["request_id"] == plan.request_id
    assert tenant["request_digest"] == request_digest(request_for(stack))
    assert tenant["internet_facing"] is plan.internet_facing
    assert tenant["network"]["internet_gateway"] is plan.internet_facing
    assert tenant["quotas"]["instances"] == len(plan.servers)
    assert set(tenant["security_groups"]) == set(plan.tiers)


def test_outputs_match_the_captured_outputs(example_run: tuple[str, StackRun]) -> None:
    stack, run = example_run
    captured = json.loads((DATA / f"{stack}.outputs.json").read_text(encoding="utf-8"))
    assert run.outputs == captured, f"regenerate with: .venv/bin/python bench/stack_mocks.py --capture {DATA}"


def test_settings_helper_matches_the_stack_files() -> None:
    for stack, (request, approval) in EXAMPLES.items():
        text = (ROOT / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8")
        assert f"govcloud:request: requests/examples/{request}" in text
        assert f"govcloud:approval: requests/approvals/{approval}" in text
        committed = settings.read(ROOT, stack)
        assert settings_for(stack).request == committed.request
        assert settings_for(stack).approval == committed.approval
