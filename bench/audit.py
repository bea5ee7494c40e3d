"""Benchmark hardening and the audit replay on network-namespace hosts (GB/T 22239-2019 §8.1.4).

Run as root: ``.venv/bin/python bench/audit.py [--sizes 1,5,10] [--jobs 1,4]``. Prints the harden time
of one pristine host and of its idempotent rerun, then audit checks per second over SSH for each
fleet size, with each count of pytest processes in ``--jobs``, and the cached SSH reads per host: the
figures that say what limits the rate (SSH connection reuse, processes, per-check round trips).
The hosts are reached through the fabric with ControlPersist; nothing outside 127.0.0.0/8 and the
hosts' own namespaces is contacted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

from govcloud import paths
from govcloud.provisioning.inventory import write_inventory
from govcloud.testing.hosts import HostSpec, Nic, Site

NETWORK = "bench-audit"
CIDR = IPv4Interface("10.214.0.1/24")
VARS = paths.project_root() / "playbooks" / "environments" / "netns-hosts.yml"


def govcloud(argv: list[str]) -> tuple[float, str]:
    """Run the CLI as a user would; return wall seconds and stdout."""
    started = time.monotonic()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "govcloud"), *argv], capture_output=True, text=True, check=False
    )
    if done.returncode not in {0, 1}:
        raise SystemExit(f"govcloud {argv[0]} failed ({done.returncode}): {done.stderr[-800:]}")
    return time.monotonic() - started, done.stdout


def inventory(work: Path, site: Site, names: list[str], stack: str) -> Path:
    """An inventory written by the project's generator from outputs shaped like a stack's."""
    hosts = {
        name: {
            "tier": ("web", "app", "db")[index % 3],
            "zone": "internet",
            "level": 3,
            "addresses": {"private": host.address},
            "login_user": "ops",
        }
        for index, name in enumerate(names)
        if (host := site.get_host(name)) is not None
    }
    return write_inventory({"hosts": hosts, "tenant": {"level": 3}}, stack, work / "inventories")


def options(work: Path, site: Site, key: Path, stack: str, inv: Path) -> list[str]:
    """The connection and environment options every command gets."""
    return [
        stack,
        "--inventory",
        str(inv),
        "--ssh-config",
        str(site.ssh_config),
        "--private-key",
        str(key),
        "--vars",
        str(VARS),
        "--reports",
        str(work / "reports" / stack),
    ]


def audit_rate(work: Path, site: Site, key: Path, names: list[str], jobs: int) -> tuple[int, float, int]:
    """Checks, seconds and cached reads per host of one audit of ``names``."""
    stack = f"bench-{len(names)}"
    inv = inventory(work, site, names, stack)
    seconds, _ = govcloud(["audit", *options(work, site, key, stack, inv), "--jobs", str(jobs)])
    document = json.loads((work / "reports" / stack / "audit" / "evidence.json").read_text(encoding="utf-8"))
    return document["summary"]["total"]["checks"], seconds, document["cached_reads"] // len(names)


def main() -> int:
    """Print the measurements."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,5,10")
    parser.add_argument("--jobs", default="1,4", help="pytest process counts to compare")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="gc-bench-audit-"))
    site = Site(work / "site")
    try:
        key = work / "id_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", str(key)], check=True)
        public = key.with_suffix(".pub").read_text(encoding="utf-8").strip()
        names = [f"bench-{n:02d}" for n in range(max(sizes))]
        started = time.monotonic()
        for n, name in enumerate(names):
            address = IPv4Interface(f"{CIDR.ip + 10 + n}/{CIDR.network.prefixlen}")
            nic = Nic(NETWORK, address, IPv4Address(CIDR.ip))
            site.create_host(HostSpec(name, (nic,), authorized_keys=(public,), identity_file=str(key)))
        print(f"{len(names)} netns hosts up in {time.monotonic() - started:.1f} s")
        inv = inventory(work, site, names[:1], "bench-harden")
        first, _ = govcloud(["harden", *options(work, site, key, "bench-harden", inv)])
        again, out = govcloud(["harden", *options(work, site, key, "bench-harden", inv)])
        print(
            f"harden, 1 pristine host: {first:.1f} s; idempotent rerun {again:.1f} s ({out.splitlines()[-1]})"
        )
        print("audit over SSH (checks/s; ControlPersist, one master connection per host and process):")
        for size in sizes:
            for jobs in sorted({int(j) for j in args.jobs.split(",")}):
                checks, seconds, reads = audit_rate(work, site, key, names[:size], jobs)
                print(
                    f"  {size:2} host(s), {jobs} process(es): {checks:5} checks in {seconds:5.1f} s = "
                    f"{checks / seconds:6.1f} checks/s ({reads} cached SSH reads per host)"
                )
    finally:
        site.teardown_all()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
