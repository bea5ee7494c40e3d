"""The openstacksdk baseline for `pulumi up`: build each example's plan directly on the box, then tear it down.

Issue 5 compares `pulumi up` of each example with the same creates made directly with openstacksdk
(target: Pulumi within 2x). This script is that baseline. It builds exactly what the stack program
builds: the same plan (``govcloud.provisioning.plan``), security-group rules (``stacks/components/security.py``)
and subnet (``stacks/components/network.py``). As the tenant, it creates network, subnet, router
(gateway only when internet-facing), groups and rules, ports, servers, volumes and attachments, and
floating IPs; it waits until servers are ACTIVE and volumes in-use, deletes everything, and checks
that nothing is left. It prints the time of each phase.

Needs a running box (``govcloud box up``; root). Usage: python bench/provision_direct.py [STACK...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "stacks"))

from components.network import _gateway_ip, _subnet_cidr  # noqa: E402 - stacks/ is put on the path above
from govcloud.catalogue.model import load_default  # noqa: E402
from govcloud.loader import load_path  # noqa: E402
from govcloud.provisioning.plan import TenantPlan, build_plan  # noqa: E402
from govcloud.testing.box import clouds  # noqa: E402
from govcloud.testing.box.paths import BoxPaths  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterator

STACKS = {
    "gov-portal": "gov-portal.yaml",
    "approval": "approval-system.yaml",
    "data-exchange": "data-exchange.yaml",
}
WAIT = 300


class Timer:
    """Phase timings, printed as a table at the end."""

    def __init__(self) -> None:
        """Start with no phases."""
        self.rows: list[tuple[str, float]] = []

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the enclosed block as one phase."""
        started = time.perf_counter()
        yield
        self.rows.append((name, time.perf_counter() - started))

    def total(self) -> float:
        """Seconds of every phase so far."""
        return sum(seconds for _, seconds in self.rows)


def _key(directory: Path) -> str:
    key = directory / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key.with_suffix(".pub").read_text(encoding="utf-8")


def _network(conn: Any, plan: TenantPlan, made: dict[str, list[Any]]) -> Any:
    cidr = _subnet_cidr(plan.tenant_cidr_pool, plan.system)
    network = conn.network.create_network(name=f"{plan.system}-net")
    made["network"].append(network)
    subnet = conn.network.create_subnet(
        name=f"{plan.system}-subnet",
        network_id=network.id,
        ip_version=4,
        cidr=cidr,
        gateway_ip=_gateway_ip(cidr),
    )
    gateway = None
    if plan.internet_facing:
        gateway = {"network_id": conn.network.find_network("public", ignore_missing=False).id}
    router = conn.network.create_router(name=f"{plan.system}-router", external_gateway_info=gateway)
    made["router"].append((router, subnet))
    conn.network.add_interface_to_router(router, subnet_id=subnet.id)
    return network


def _groups(conn: Any, plan: TenantPlan, made: dict[str, list[Any]]) -> dict[str, Any]:
    groups = {tier: conn.network.create_security_group(name=f"{plan.system}-{tier}") for tier in plan.tiers}
    made["sg"].extend(groups.values())
    for group in groups.values():
        for rule in conn.network.security_group_rules(security_group_id=group.id):
            conn.network.delete_security_group_rule(rule)
    group_ids = {tier: group.id for tier, group in groups.items()}
    for spec in plan.rules:
        conn.network.create_security_group_rule(**spec.arguments(group_ids))
    return groups


def _servers(
    conn: Any, plan: TenantPlan, network: Any, groups: dict[str, Any], made: dict[str, list[Any]]
) -> list[Any]:
    """Create every port and server, then wait for all of them (as a parallel engine would)."""
    servers = []
    for server in plan.servers:
        port = conn.network.create_port(
            name=f"{server.name}-port",
            network_id=network.id,
            security_group_ids=[groups[server.tier].id],
            port_security_enabled=True,
        )
        made["port"].append(port)
        created = conn.compute.create_server(
            name=server.name,
            flavor_id=conn.compute.find_flavor(server.flavor, ignore_missing=False).id,
            image_id=conn.image.find_image(server.image, ignore_missing=False).id,
            key_name=f"{plan.system}-ops",
            networks=[{"port": port.id}],
        )
        made["server"].append(created)
        servers.append((server, port, created))
    for _, _, created in servers:
        conn.compute.wait_for_server(created, wait=WAIT)
    return servers


def _volumes(conn: Any, servers: list[Any], made: dict[str, list[Any]]) -> None:
    pending = []
    for server, _, created in servers:
        for volume in server.volumes:
            made_volume = conn.block_storage.create_volume(
                name=volume.name, size=volume.size_gib, volume_type=volume.volume_type
            )
            made["volume"].append(made_volume)
            pending.append((created, made_volume))
    for created, volume in pending:
        conn.block_storage.wait_for_status(volume, "available", wait=WAIT)
        conn.compute.create_volume_attachment(created, volume_id=volume.id)
    for _, volume in pending:
        conn.block_storage.wait_for_status(volume, "in-use", wait=WAIT)


def create(conn: Any, plan: TenantPlan, timer: Timer, public_key: str) -> dict[str, list[Any]]:
    """Create the plan's resources phase by phase; return them by kind for the teardown."""
    made: dict[str, list[Any]] = {
        k: [] for k in ("keypair", "network", "router", "sg", "port", "server", "volume", "fip")
    }
    with timer.phase("key pair"):
        made["keypair"].append(conn.compute.create_keypair(name=f"{plan.system}-ops", public_key=public_key))
    with timer.phase("network, subnet, router"):
        network = _network(conn, plan, made)
    with timer.phase("security groups and rules"):
        groups = _groups(conn, plan, made)
    with timer.phase("ports and servers (ACTIVE)"):
        servers = _servers(conn, plan, network, groups, made)
    with timer.phase("volumes (available) and attachments (in-use)"):
        _volumes(conn, servers, made)
    with timer.phase("floating IPs"):
        if plan.internet_facing:
            public = conn.network.find_network("public", ignore_missing=False)
            made["fip"].extend(
                conn.network.create_ip(floating_network_id=public.id, port_id=port.id)
                for server, port, _ in servers
                if server.floating_ip
            )
    return made


def _delete_compute(conn: Any, made: dict[str, list[Any]]) -> None:
    for server in made["server"]:
        for attachment in conn.compute.volume_attachments(server):
            conn.compute.delete_volume_attachment(attachment, server)
    for volume in made["volume"]:
        conn.block_storage.wait_for_status(volume, "available", wait=WAIT)
        conn.block_storage.delete_volume(volume)
    for server in made["server"]:
        conn.compute.delete_server(server)
    for server in made["server"]:
        conn.compute.wait_for_delete(server, wait=WAIT)
    for volume in made["volume"]:
        conn.block_storage.wait_for_delete(volume, wait=WAIT)


def _delete_network(conn: Any, made: dict[str, list[Any]]) -> None:
    for port in made["port"]:
        conn.network.delete_port(port, ignore_missing=True)
    for router, subnet in made["router"]:
        conn.network.remove_interface_from_router(router, subnet_id=subnet.id)
        conn.network.delete_router(router)
    for group in made["sg"]:
        conn.network.delete_security_group(group)
    for network in made["network"]:
        conn.network.delete_network(network)


def delete(conn: Any, made: dict[str, list[Any]], timer: Timer) -> None:
    """Delete in reverse dependency order, waiting where OpenStack is asynchronous."""
    with timer.phase("teardown"):
        for fip in made["fip"]:
            conn.network.delete_ip(fip)
        _delete_compute(conn, made)
        _delete_network(conn, made)
        for keypair in made["keypair"]:
            conn.compute.delete_keypair(keypair)


def leftovers(conn: Any, plan: TenantPlan) -> list[str]:
    """Names of this plan's resources still in OpenStack (must be none)."""
    prefix = plan.system
    found = [s.name for s in conn.compute.servers() if s.name.startswith(prefix)]
    found += [v.name for v in conn.block_storage.volumes() if (v.name or "").startswith(prefix)]
    found += [n.name for n in conn.network.networks() if n.name.startswith(prefix)]
    found += [g.name for g in conn.network.security_groups() if g.name.startswith(prefix)]
    return found


def main() -> None:
    """Provision and tear down each requested example stack, printing phase timings."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("stacks", nargs="*", default=sorted(STACKS), choices=sorted(STACKS))
    args = parser.parse_args()
    catalogue = load_default()
    conn = clouds.connect(BoxPaths.from_env().clouds_yaml, clouds.TENANT_CLOUD)
    with tempfile.TemporaryDirectory() as scratch:
        public_key = _key(Path(scratch))
    for stack in args.stacks:
        plan = build_plan(load_path(ROOT / "requests" / "examples" / STACKS[stack]).data, catalogue)
        timer = Timer()
        made = create(conn, plan, timer, public_key)
        created = timer.total()
        delete(conn, made, timer)
        left = leftovers(conn, plan)
        q = plan.quotas
        print(
            f"\n{stack}: {q.instances} servers, {q.volumes} volumes ({q.volume_gib} GiB), "
            f"{len(plan.tiers)} tiers, {q.floating_ips} floating IPs"
        )
        for name, seconds in timer.rows:
            print(f"  {name:<48} {seconds:7.1f} s")
        print(f"  {'create total (the figure to compare with pulumi up)':<48} {created:7.1f} s")
        print(f"  leftovers after teardown: {left or 'none'}")


if __name__ == "__main__":
    main()
