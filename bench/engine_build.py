"""Time tools/engine/build.sh cold (empty Go build cache) and cached; print the figures.

"Cold" uses a temporary GOCACHE (and with --cold-modules a temporary GOMODCACHE
too), so the shared caches that developers rely on are never wiped. "Cached" is
then a plain second run against the normal caches.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "tools" / "engine" / "build.sh"
BINARIES = ("pulumi", "pulumi-language-python", "pulumi-resource-openstack", "pulumi-analyzer-policy-python")


def run_build(label: str, extra_env: dict[str, str]) -> tuple[float, int]:
    """Run one forced build and return (seconds, exit code); its output goes to a log file."""
    log = REPO / ".cache" / "engine" / f"bench-{label}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run(
            ["bash", str(BUILD), "--force"],
            env=os.environ | extra_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        ).returncode
    seconds = time.monotonic() - start
    print(f"{label:8} {seconds:8.1f} s  exit {code}  (log: {log.relative_to(REPO)})")
    return seconds, code


def main() -> int:
    """Measure a cold then a cached build and print binary sizes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold-modules", action="store_true", help="also start from an empty GOMODCACHE")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="engine-bench-") as scratch:
        cold_env = {"GOCACHE": f"{scratch}/gocache"}
        if args.cold_modules:
            cold_env["GOMODCACHE"] = f"{scratch}/gomodcache"
        cold, cold_code = run_build("cold", cold_env)
        if args.cold_modules:
            # Module cache files are read-only; let go remove them.
            subprocess.run(["go", "clean", "-modcache"], env=os.environ | cold_env, check=False)
        shutil.rmtree(scratch, ignore_errors=True)
    cached, cached_code = run_build("cached", {})

    for name in BINARIES:
        path = REPO / "bin" / name
        size = f"{path.stat().st_size / 2**20:7.1f} MiB" if path.exists() else "missing"
        print(f"{name:32} {size}")
    if cold_code == 0 and cached_code == 0:
        print(f"cold/cached: {cold / cached:.1f}x")
    return cold_code or cached_code


if __name__ == "__main__":
    raise SystemExit(main())
