"""Lifecycle figures: ``govcloud status`` over 1,000 and 10,000 requests with records, ``govcloud verify`` rate.

Generates 1,000 requests with real records (SM3 chain, GmSSL SM2 signatures; 4 to 7 entries each,
spread over 2026 so deadlines cross holidays) in a temporary folder; larger corpora repeat those
records under new request ids (``status`` reads records but does not check signatures, and SM2
signing costs milliseconds an entry). Times whole ``govcloud`` processes (what an operator waits for,
including Python's start and every command module's imports) and the library call alone;
``govcloud verify`` runs over the really signed records.

Usage: python bench/lifecycle.py [--counts 1000 10000] [--verify 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.keyring import enrol, load_keyring, private_key
from govcloud.lifecycle.paths import record_path
from govcloud.lifecycle.record import Event, RequestVersion, Signer, entry_line, new_entry
from govcloud.lifecycle.status import status
from govcloud.lifecycle.verify import verify_record

GOVCLOUD = str(Path(sys.executable).with_name("govcloud"))
FLOW = [
    ("submitted", "requester"),
    ("accepted", "reviewer"),
    ("approved", "authority"),
    ("provisioned", "provider"),
    ("live", "requester"),
    ("change-requested", "requester"),
    ("change-approved", "authority"),
]
ROLES = ("requester", "reviewer", "authority", "provider")
SIGNED = 1000


def generate(folder: Path, count: int, seed: int) -> int:
    """``count`` really signed records; the number of entries written."""
    rng = random.Random(seed)
    keys = folder / "keys"
    for index, role in enumerate(ROLES):
        enrol(folder, keys, {"name": f"person-{role}", "email": f"p{index}@bench.example"}, (role,))
    signers = {p.roles[0]: Signer(p, p.roles[0], private_key(keys, p)) for p in load_keyring(folder)}
    entries = 0
    for number in range(count):
        request_id = f"REQ-2026-{number:06d}"
        version = RequestVersion(request_id, 1, "sm3:" + f"{number:064x}", f"{number:064x}")
        at = datetime(2026, 1, 5, 9, tzinfo=CHINA) + timedelta(hours=rng.randrange(0, 8000))
        last, lines = None, []
        for event, role in FLOW[: rng.randint(4, len(FLOW))]:
            data = {"unit": f"单位{number % 50}"} if event == "submitted" else {}
            last = new_entry(last, signers[role], Event(event, version, at, data))
            lines.append(entry_line(last))
            at += timedelta(hours=rng.randrange(1, 96))
        record_path(folder, request_id).write_text("".join(lines), encoding="utf-8")
        entries += len(lines)
    return entries


def replicate(source: Path, target: Path, count: int) -> None:
    """``count`` records made from the signed ones under new ids (for ``status``, which checks no signature)."""
    originals = sorted(source.glob("REQ-*.jsonl"))
    texts = [path.read_text(encoding="utf-8") for path in originals]
    target.mkdir(parents=True)
    for number in range(count):
        old = originals[number % len(originals)].stem
        new = f"REQ-2026-{number:06d}"
        record_path(target, new).write_text(texts[number % len(texts)].replace(old, new), encoding="utf-8")


def timed(argv: list[str]) -> float:
    """Wall time of one whole process, output discarded; fails loudly if the command fails."""
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--verify", type=int, default=SIGNED, help="signed records to verify")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        signed = Path(tmp) / "signed"
        started = time.perf_counter()
        entries = generate(signed, SIGNED, args.seed)
        made = time.perf_counter() - started
        print(
            f"{SIGNED} requests, {entries} entries generated and SM2-signed in {made:.1f} s "
            f"({entries / made:,.0f} entries/s)"
        )
        for count in args.counts:
            folder = Path(tmp) / f"corpus-{count}"
            replicate(signed, folder, count)
            argv = [GOVCLOUD, "status", "--records", str(folder), "--today", "2026-12-01"]
            runs = sorted(timed([*argv, "--format", fmt]) for fmt in ("table", "json", "table"))
            started = time.perf_counter()
            rows = status(folder, datetime(2026, 12, 1, tzinfo=CHINA).date())
            library = time.perf_counter() - started
            print(
                f"{count:>6} requests: govcloud status median {runs[1]:.2f} s (best {runs[0]:.2f} s) as a process; "
                f"status() {library:.2f} s in the library; {sum(r.overdue_days > 0 for r in rows)} overdue"
            )
        empty = Path(tmp) / "empty"
        empty.mkdir()
        start = sorted(timed([GOVCLOUD, "status", "--records", str(empty)]) for _ in range(3))[1]
        print(
            f"   (a govcloud process with no record at all takes {start:.2f} s: Python and the command modules)"
        )
        subset = sorted(signed.glob("REQ-*.jsonl"))[: args.verify]
        seconds = timed([GOVCLOUD, "verify", "--records", str(signed), *[p.stem for p in subset]])
        checked = sum(verify_record(p, load_keyring(signed)).entries for p in subset)
        print(
            f"govcloud verify: {len(subset)} records / {checked} entries in {seconds:.2f} s = "
            f"{len(subset) / seconds:,.0f} records/s, {checked / seconds:,.0f} entries/s (each an SM2 verify)"
        )


if __name__ == "__main__":
    main()
