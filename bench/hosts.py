"""Benchmark netns hosts: rootfs build, host up/down, first ssh round-trip, memory per host.

Run as root: ``.venv/bin/python bench/hosts.py [--hosts 5] [--fresh-rootfs]``. ``--fresh-rootfs`` builds a
new base rootfs in a temp dir (about a minute) instead of reporting the cached one's recorded build.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

from govcloud.testing.hosts import HostSpec, Nic, Site
from govcloud.testing.hosts.rootfs import STAMP, ensure_rootfs, size_bytes


def pss_kib(pid: int) -> int:
    """Proportional set size of one process (shared pages split among sharers)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8").splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def du_kib(path: Path) -> int:
    """Disk usage of a directory in KiB."""
    return int(
        subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True).stdout.split()[0]
    )


def ssh_seconds(config: Path, alias: str, key: Path) -> float:
    """Wall time of one ``ssh host true`` (new connection each time)."""
    t = time.monotonic()
    subprocess.run(["ssh", "-F", str(config), "-i", str(key), alias, "true"], check=True, timeout=30)
    return time.monotonic() - t


def main() -> int:
    """Print the measurements."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=5)
    parser.add_argument("--fresh-rootfs", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gc-bench-"))
    try:
        if args.fresh_rootfs:
            t = time.monotonic()
            root = ensure_rootfs(work / "rootfs")
            build = time.monotonic() - t
        else:
            root = ensure_rootfs()
            build = float(json.loads((root / STAMP).read_text(encoding="utf-8"))["build_seconds"])
        print(f"base rootfs: {root} build {build:.1f} s, size {size_bytes(root) / 2**20:.0f} MiB")
        key = work / "id"
        subprocess.run(["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", str(key)], check=True)
        pub = key.with_suffix(".pub").read_text(encoding="utf-8").strip()
        site = Site(work / "state")
        ups, downs, first, again, mem, disk = [], [], [], [], [], []
        try:
            hosts = []
            for i in range(args.hosts):
                nic = Nic("bench", IPv4Interface(f"10.214.0.{10 + i}/24"), IPv4Address("10.214.0.1"))
                t = time.monotonic()
                hosts.append(site.create_host(HostSpec(f"b{i}", (nic,), authorized_keys=(pub,)), rootfs=root))
                ups.append(time.monotonic() - t)
            for h in hosts:
                first.append(ssh_seconds(h.ssh_config, h.name, key))
                again.append(ssh_seconds(h.ssh_config, h.name, key))
                procs = [p for p in (h.sshd, h.unshare) if p is not None]
                mem.append(sum(pss_kib(p.pid) for p in procs))
                disk.append(du_kib(h.dir / "upper"))
            for h in hosts:
                t = time.monotonic()
                site.destroy_host(h.name)
                downs.append(time.monotonic() - t)
        finally:
            site.teardown_all()

        def stats(xs: list[float]) -> str:
            return (
                f"mean {sum(xs) / len(xs) * 1000:.0f} ms, min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f}"
            )

        print(f"hosts: {args.hosts}")
        print(f"host up:         {stats(ups)}")
        print(f"host teardown:   {stats(downs)}")
        print(f"first ssh RTT:   {stats(first)}  (ssh true, new connection, via ProxyCommand nc)")
        print(f"later ssh RTT:   {stats(again)}")
        print(f"memory per host: {sum(mem) / len(mem) / 1024:.1f} MiB PSS (idle sshd + unshare)")
        print(f"disk per host:   {sum(disk) / len(disk) / 1024:.1f} MiB overlay upper dir")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
