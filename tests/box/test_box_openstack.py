"""The running box, through openstacksdk as the tenant: what an IaC run needs works, and cleans up.

Needs root and brings the box up through the ``openstack_box`` fixture (idempotent; fails, never skips).
"""

from __future__ import annotations

import ipaddress
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from govcloud.catalogue.model import load_default
from govcloud.flows import RuleSpec
from govcloud.testing.box import paths, status
from govcloud.testing.box.platform import PUBLIC_CIDR, PUBLIC_NETWORK

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.testing.box.pytest_fixtures import OpenStackBox

pytestmark = [pytest.mark.box, pytest.mark.root, pytest.mark.slow]

LOOPBACK = {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
WAIT = 120


def _listeners() -> list[tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, int]]:
    found = []
    for name, width in (("tcp", 4), ("tcp6", 16)):
        for line in Path(f"/proc/net/{name}").read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A":
                continue
            address, port = fields[1].split(":")
            raw = bytes.fromhex(address)
            # /proc/net stores each 32-bit word in host (little-endian) order.
            ordered = b"".join(raw[i : i + 4][::-1] for i in range(0, width, 4))
            found.append((ipaddress.ip_address(ordered), int(port, 16)))
    return found


def test_every_service_is_up(openstack_box: OpenStackBox) -> None:
    rows = status.collect(openstack_box.paths)
    assert status.exit_code(rows) == status.EXIT_UP, status.table(rows)


def test_box_ports_listen_on_loopback_only(openstack_box: OpenStackBox) -> None:
    assert openstack_box.report is not None
    listeners = [(addr, port) for addr, port in _listeners() if port in paths.BOX_PORTS]
    assert {port for _, port in listeners} == set(paths.BOX_PORTS)
    assert all(addr in LOOPBACK for addr, _ in listeners), listeners


def test_seed_is_in_the_cloud(openstack_box: OpenStackBox) -> None:
    admin = openstack_box.connect(openstack_box.admin_cloud)
    seed = _seed()
    flavors = {flavor.name for flavor in admin.compute.flavors()}
    assert {f["name"] for f in seed["flavors"]} <= flavors
    for spec in seed["volume_types"]:
        volume_type = admin.block_storage.find_type(spec["name"])
        assert volume_type is not None, spec
        encryption = admin.block_storage.get_type_encryption(volume_type.id)
        if spec["encrypted"]:
            assert (encryption.provider, encryption.control_location) == ("luks", "front-end")
            assert encryption.cipher == spec["cipher"]
            assert int(encryption.key_size) == int(spec["key_size"])
        else:
            assert not getattr(encryption, "provider", None)
    images = {image.name for image in admin.image.images() if image.status == "active"}
    assert {i["name"] for i in seed["images"]} <= images
    public = admin.network.find_network(PUBLIC_NETWORK)
    assert public.is_router_external
    assert [s.cidr for s in admin.network.subnets(network_id=public.id)] == [PUBLIC_CIDR]


def test_tenant_user_is_only_member(openstack_box: OpenStackBox) -> None:
    tenant = openstack_box.connect()
    roles = set(tenant.session.auth.get_access(tenant.session).role_names)
    assert roles in ({"member", "reader"}, {"member"})


def _seed() -> dict[str, Any]:
    from govcloud.testing.box.seed import catalogue_seed  # noqa: PLC0415 - same source `up` used

    return catalogue_seed()[0]


def _encrypted_type() -> str:
    return str(next(t["name"] for t in _seed()["volume_types"] if t["encrypted"]))


def _smallest_flavor(conn: Any) -> Any:
    return min(conn.compute.flavors(), key=lambda f: (f.vcpus, f.ram))


@pytest.fixture
def prefix(openstack_box: OpenStackBox) -> Iterator[str]:
    """Yield a unique name prefix; whatever the test leaves behind is deleted (and the test then fails)."""
    name = f"boxtest-{uuid.uuid4().hex[:8]}"
    yield name
    _cleanup(openstack_box.connect(), name)


def _cleanup(conn: Any, name: str) -> None:
    for server in conn.compute.servers(name=f"^{name}"):
        conn.compute.delete_server(server)
        conn.compute.wait_for_delete(server, wait=WAIT)
    for fip in conn.network.ips():
        if fip.description == name:
            conn.network.delete_ip(fip)
    for volume in conn.block_storage.volumes(name=f"{name}-vol"):
        conn.block_storage.delete_volume(volume, force=False)
        conn.block_storage.wait_for_delete(volume, wait=WAIT)
    for router in conn.network.routers(name=f"{name}-router"):
        for port in conn.network.ports(device_id=router.id, device_owner="network:router_interface"):
            conn.network.remove_interface_from_router(router, port=port.id)
        conn.network.delete_router(router)
    for group in conn.network.security_groups(name=f"{name}-sg"):
        conn.network.delete_security_group(group)
    for network in conn.network.networks(name=f"{name}-net"):
        conn.network.delete_network(network)


def _leftovers(conn: Any, name: str) -> list[str]:
    left = [f"server {s.name}" for s in conn.compute.servers() if s.name.startswith(name)]
    left += [f"volume {v.name}" for v in conn.block_storage.volumes() if (v.name or "").startswith(name)]
    for kind in ("networks", "subnets", "routers", "security_groups", "ports"):
        left += [f"{kind} {r.name}" for r in getattr(conn.network, kind)() if (r.name or "").startswith(name)]
    left += [f"floating ip {f.floating_ip_address}" for f in conn.network.ips() if f.description == name]
    return left


def _settled_port(admin: Any, server_id: str) -> Any:
    """The server's one port once ACTIVE (the agent wires the stand-in's tap just after the server), or as it is."""
    deadline = time.monotonic() + WAIT
    (port,) = admin.network.ports(device_id=server_id)
    while port.status != "ACTIVE" and time.monotonic() < deadline:
        time.sleep(1)
        port = admin.network.get_port(port.id)
    return port


def test_tenant_provisions_encrypted_volume_server_and_cleans_up(
    openstack_box: OpenStackBox, prefix: str
) -> None:
    conn = openstack_box.connect()
    admin = openstack_box.connect(openstack_box.admin_cloud)
    public = conn.network.find_network(PUBLIC_NETWORK)

    network = conn.network.create_network(name=f"{prefix}-net")
    subnet = conn.network.create_subnet(
        name=f"{prefix}-subnet", network_id=network.id, ip_version=4, cidr="10.77.0.0/24"
    )
    router = conn.network.create_router(
        name=f"{prefix}-router", external_gateway_info={"network_id": public.id}
    )
    conn.network.add_interface_to_router(router, subnet=subnet.id)
    router = conn.network.get_router(router.id)
    gateway_ips = [ip["ip_address"] for ip in router.external_gateway_info["external_fixed_ips"]]
    assert all(ipaddress.ip_address(ip) in ipaddress.ip_network(PUBLIC_CIDR) for ip in gateway_ips)

    group = conn.network.create_security_group(name=f"{prefix}-sg")
    https_in = RuleSpec("web", "ingress", 443, 443, remote_ip_prefix="10.0.0.0/8")
    rule = conn.network.create_security_group_rule(**https_in.arguments({"web": group.id}))
    assert rule.security_group_id == group.id
    # Every server is managed from the bastion (SEC-4): without it the server's stand-in never answers
    # SSH through Neutron's datapath, is torn down again, and its port never stays ACTIVE.
    ssh_in = RuleSpec("web", "ingress", 22, 22, remote_ip_prefix=load_default().platform.bastion_cidrs[0])
    conn.network.create_security_group_rule(**ssh_in.arguments({"web": group.id}))

    volume = conn.block_storage.create_volume(name=f"{prefix}-vol", size=1, volume_type=_encrypted_type())
    volume = conn.block_storage.wait_for_status(volume, "available", failures=["error"], wait=WAIT)
    assert volume.is_encrypted
    # What nova-compute asks cinder for at attach time: the LUKS settings and the key reference.
    metadata = conn.block_storage.get(f"/volumes/{volume.id}/encryption").json()
    assert metadata["provider"] == "luks"
    assert metadata["control_location"] == "front-end"
    assert metadata["encryption_key_id"]

    image = next(conn.image.images(name=_seed()["images"][0]["name"]))
    server = conn.compute.create_server(
        name=f"{prefix}-server",
        image_id=image.id,
        flavor_id=_smallest_flavor(conn).id,
        networks=[{"uuid": network.id}],
        security_groups=[{"name": group.name}],
    )
    server = conn.compute.wait_for_server(server, wait=WAIT)
    assert server.status == "ACTIVE"
    port = _settled_port(admin, server.id)
    assert port.status == "ACTIVE"
    assert port.binding_vif_type not in {"unbound", "binding_failed"}
    assert port.binding_host_id == paths.NOVA_HOST

    conn.compute.create_volume_attachment(server, volume_id=volume.id)
    volume = conn.block_storage.wait_for_status(
        volume, "in-use", failures=["error", "error_attaching"], wait=WAIT
    )
    assert [a["server_id"] for a in volume.attachments] == [server.id]

    fip = conn.network.create_ip(floating_network_id=public.id, port_id=port.id, description=prefix)
    assert ipaddress.ip_address(fip.floating_ip_address) in ipaddress.ip_network(PUBLIC_CIDR)

    conn.compute.delete_volume_attachment(server, volume.id)
    volume = conn.block_storage.wait_for_status(
        volume, "available", failures=["error", "error_detaching"], wait=WAIT
    )

    conn.network.delete_ip(fip)
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=WAIT)
    conn.block_storage.delete_volume(volume)
    conn.block_storage.wait_for_delete(volume, wait=WAIT)
    conn.network.remove_interface_from_router(router, subnet=subnet.id)
    conn.network.delete_router(router)
    conn.network.delete_security_group(group)
    conn.network.delete_network(network)
    assert _leftovers(conn, prefix) == []
