"""Admission throughput on a generated corpus: requests per second, one process.

Prints figures for (a) schema + rules on documents already in memory (the admission engine itself),
(b) the same plus YAML parsing from bytes (what ``govcloud validate`` pays per file), and, as whole
``govcloud`` processes (wall time and the process's own peak memory): (c) ``govcloud validate`` of a
directory of 1,000 request files, (d) ``govcloud review --event-log`` of a 100 MB event log.

Usage: python bench/admission.py [--count 10000] [--seed 7] [--files 1000] [--log-mb 100]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from govcloud.admission.admit import judge
from govcloud.catalogue.model import load_default
from govcloud.loader import Document, load_bytes
from govcloud.testing.measure import run_measured

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "requests" / "examples").glob("*.yaml"))


def generate(count: int, seed: int) -> list[dict[str, object]]:
    """Vary the examples: counts, sizes, levels, exposures; about a third break some rule."""
    rng = random.Random(seed)
    bases = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in EXAMPLES]
    corpus = []
    for number in range(count):
        request = copy.deepcopy(rng.choice(bases))
        request["metadata"]["id"] = f"REQ-2026-{number:06d}"
        for line in request["spec"]["resources"]:
            if "volumes" in line:
                line["count"] = rng.randint(1, 6)
                for volume in line["volumes"]:
                    volume["sizeGiB"] = rng.choice([50, 100, 200, 500, 5000])
        if rng.random() < 0.15:
            request["spec"]["system"]["dataClassification"] = rng.choice(["classified", "sensitive"])
        if rng.random() < 0.1:
            request["spec"]["system"]["mlpsLevel"] = rng.choice([2, 3, 4])
        corpus.append(request)
    return corpus


def measure(label: str, work: list[object], step: object) -> None:
    """Run ``step`` over ``work`` three times; print wall-clock and CPU-time rates.

    The CPU-time rate is what one core delivers; the wall-clock rate also pays for whatever else
    the machine is doing, so both are printed.
    """
    wall, cpu = [], []
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        for entry in work:
            step(entry)  # type: ignore[operator]
        wall.append(len(work) / (time.perf_counter() - started))
        cpu.append(len(work) / (time.process_time() - started_cpu))
    print(
        f"{label:<32} wall: best {max(wall):>7,.0f} median {statistics.median(wall):>7,.0f} req/s"
        f" | cpu: best {max(cpu):>7,.0f} median {statistics.median(cpu):>7,.0f} req/s"
    )


GOVCLOUD = str(Path(sys.executable).parent / "govcloud")


def whole_process(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and the process's own peak RSS in MiB, output discarded."""
    started = time.perf_counter()
    _code, peak = run_measured(argv, subprocess.DEVNULL)
    return time.perf_counter() - started, peak / 1024


def directory_figures(raw: list[bytes], files: int) -> None:
    """``govcloud validate`` of one directory of ``files`` generated requests."""
    with tempfile.TemporaryDirectory(prefix="admission-bench-") as scratch:
        for index in range(files):
            Path(scratch, f"r{index:05d}.yaml").write_bytes(raw[index % len(raw)])
        runs = [whole_process([GOVCLOUD, "validate", scratch, "--format", "json"]) for _ in range(3)]
    wall = statistics.median(seconds for seconds, _ in runs)
    peak = max(mib for _, mib in runs)
    print(
        f"{f'validate a directory of {files:,}':<32} {files / wall:>7,.0f} files/s (median of 3), peak {peak:,.0f} MiB"
    )


def event_log_figures(megabytes: int) -> None:
    """``govcloud review --event-log`` of a generated log of about ``megabytes`` MB."""
    resource = {
        "resourcePreEvent": {"metadata": {"op": "create", "urn": "urn:pulumi:s::p::openstack:x:X::r"}}
    }
    line = json.dumps(resource | {"padding": "x" * 900}) + "\n"
    with tempfile.TemporaryDirectory(prefix="review-bench-") as scratch:
        log = Path(scratch, "events.jsonl")
        with log.open("w", encoding="utf-8") as out:
            out.writelines(line for _ in range(megabytes * 2**20 // len(line)))
        size = log.stat().st_size / 2**20
        runs = [
            whole_process([GOVCLOUD, "review", "--event-log", str(log), "--format", "json"]) for _ in range(3)
        ]
    wall = statistics.median(seconds for seconds, _ in runs)
    peak = max(mib for _, mib in runs)
    print(
        f"{f'review a {size:,.0f} MiB event log':<32} {size / wall:>7,.1f} MiB/s (median of 3), peak {peak:,.0f} MiB"
    )


def main() -> None:
    """Generate, warm up, measure, and report the share of requests with findings."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--files", type=int, default=1000, help="requests in the directory case")
    parser.add_argument("--log-mb", type=int, default=100, help="size of the generated event log")
    args = parser.parse_args()
    catalogue = load_default()
    corpus = generate(args.count, args.seed)
    documents = [Document(request) for request in corpus]
    raw = [yaml.safe_dump(request, allow_unicode=True).encode("utf-8") for request in corpus]
    with_findings = sum(1 for document in documents if judge(document, catalogue))
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"corpus: {len(corpus):,} generated requests, {with_findings:,} with findings, "
        f"mean size {statistics.mean(len(r) for r in raw):,.0f} bytes"
    )
    measure("schema + rules (in memory)", documents, lambda d: judge(d, catalogue))
    measure("YAML parse + schema + rules", raw, lambda r: judge(load_bytes(r), catalogue))
    directory_figures(raw, args.files)
    event_log_figures(args.log_mb)


if __name__ == "__main__":
    main()
