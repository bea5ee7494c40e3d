"""Benchmark the OpenStack box: install / first bootstrap / warm start, memory, and a small IaC-like cycle.

Run as root: ``.venv/bin/python bench/box.py [--no-restart]``.

- If the packages are missing, `up` installs them and the install time is printed; likewise the first
  bootstrap (DBs, syncs, keystone) is timed only when the box has never been bootstrapped.
- Warm start: `down` then `up` with everything installed and bootstrapped (skip with --no-restart).
- Memory: PSS sum over every managed process tree, and the process count.
- Cycle: create network, subnet, security group (+rule), volume and server as the tenant, wait until
  usable, then delete them all; each step timed.
"""

from __future__ import annotations

import argparse
import time
import uuid
from typing import Any

from govcloud.testing.box import clouds, down, status, up
from govcloud.testing.box.paths import BoxPaths

WAIT = 180


def quiet(_message: str) -> None:
    """Swallow `up`/`down` progress; the benchmark prints its own summary."""


def timed(label: str, results: dict[str, float], func: Any, *args: Any) -> Any:
    """Run func(*args), store and print the seconds it took."""
    start = time.monotonic()
    value = func(*args)
    results[label] = time.monotonic() - start
    print(f"  {label:<28}{results[label]:7.2f}s", flush=True)
    return value


def cycle(conn: Any) -> dict[str, float]:
    """Create and delete net, subnet, sg, volume and server; return seconds per step."""
    name = f"bench-{uuid.uuid4().hex[:6]}"
    results: dict[str, float] = {}
    net = timed("network create", results, lambda: conn.network.create_network(name=name))
    sub = timed(
        "subnet create",
        results,
        lambda: conn.network.create_subnet(name=name, network_id=net.id, ip_version=4, cidr="10.88.0.0/24"),
    )
    sg = timed("security group + rule", results, lambda: _security_group(conn, name))
    vol = timed("volume create (available)", results, lambda: _volume(conn, name))
    srv = timed("server create (ACTIVE)", results, lambda: _server(conn, name, net.id, sg.name))
    timed("server delete", results, lambda: _delete_server(conn, srv))
    timed("volume delete", results, lambda: _delete_volume(conn, vol))
    timed("sg + subnet + net delete", results, lambda: _delete_net(conn, sg, sub, net))
    return results


def _security_group(conn: Any, name: str) -> Any:
    group = conn.network.create_security_group(name=name)
    conn.network.create_security_group_rule(
        security_group_id=group.id, direction="ingress", protocol="tcp", port_range_min=22, port_range_max=22
    )
    return group


def _volume(conn: Any, name: str) -> Any:
    volume = conn.block_storage.create_volume(name=name, size=1)
    return conn.block_storage.wait_for_status(volume, "available", failures=["error"], wait=WAIT)


def _server(conn: Any, name: str, network_id: str, group: str) -> Any:
    image = next(i for i in conn.image.images() if i.status == "active")
    flavor = min(conn.compute.flavors(), key=lambda f: (f.vcpus, f.ram))
    server = conn.compute.create_server(
        name=name,
        image_id=image.id,
        flavor_id=flavor.id,
        networks=[{"uuid": network_id}],
        security_groups=[{"name": group}],
    )
    return conn.compute.wait_for_server(server, wait=WAIT)


def _delete_server(conn: Any, server: Any) -> None:
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=WAIT)


def _delete_volume(conn: Any, volume: Any) -> None:
    conn.block_storage.delete_volume(volume)
    conn.block_storage.wait_for_delete(volume, wait=WAIT)


def _delete_net(conn: Any, group: Any, subnet: Any, network: Any) -> None:
    conn.network.delete_security_group(group)
    conn.network.delete_subnet(subnet)
    conn.network.delete_network(network)


def main() -> None:
    """Print the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-restart", action="store_true", help="skip the down + warm up measurement")
    args = parser.parse_args()
    box = BoxPaths.from_env()

    start = time.monotonic()
    report = up.up(box, quiet)
    first = time.monotonic() - start
    print("first `up` of this run:")
    for phase, seconds in report.timings.items():
        print(f"  {phase:<44}{seconds:7.1f}s")
    install = f"{report.timings['install']:.1f}s" if report.installed else "not needed (installed)"
    print(f"  install: {install}")
    print(f"  first bootstrap: {'done in this run' if report.bootstrapped else 'not needed (bootstrapped)'}")
    print(f"  total {first:.1f}s")

    if not args.no_restart:
        start = time.monotonic()
        down.down(box, quiet)
        print(f"down: {time.monotonic() - start:.1f}s")
        start = time.monotonic()
        up.up(box, quiet)
        print(
            f"warm start (installed + bootstrapped, nothing running -> up): {time.monotonic() - start:.1f}s"
        )

    rows = status.collect(box)
    pss, count = sum(r.pss_kib for r in rows) / 1024, sum(r.processes for r in rows)
    print(f"memory: PSS {pss:.0f} MiB in {count} processes")
    for row in sorted(rows, key=lambda r: -r.pss_kib):
        print(f"  {row.name:<18}{row.pss_kib / 1024:7.0f} MiB  ({row.processes} proc)")

    print("create+delete cycle as the tenant:")
    start = time.monotonic()
    cycle(clouds.connect(box.clouds_yaml, clouds.TENANT_CLOUD))
    print(f"  total {time.monotonic() - start:.1f}s")


if __name__ == "__main__":
    main()
