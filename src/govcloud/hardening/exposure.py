"""The segmentation test before go-live (LC-7; SEC-3, SEC-4): each host reaches only what it is declared to.

A penetration tester's first question of a tiered system is lateral movement: from a web server, does
the database answer? ``govcloud scan`` logs in to every host of a stack and, from there, tries a TCP
connection to every other host on every declared port and a fixed list of ports worth attacking. A
connection that succeeds or is refused crossed the security groups (*reachable*); one that times out was
dropped (*filtered*). Reachable where the request declares no flow from the source's tier is a finding;
filtered where it declares one is too (the service the tenant asked for cannot be reached). The evidence
is the audit's format, SM3-digested, so ``govcloud record live --evidence penetrationTest=...`` can point
at it and an auditor can check it did not change.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from ipaddress import ip_address
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from govcloud.hardening.connection import Connection
    from govcloud.hardening.settings import Target

ATTACKED_PORTS = (
    21,
    22,
    23,
    80,
    443,
    445,
    1433,
    1521,
    2049,
    3306,
    3389,
    5432,
    6379,
    8080,
    8443,
    9200,
    11211,
    27017,
)
"""Remote administration, file sharing, databases, caches and web ports: what an intruder tries first."""
PROBE_SECONDS = 3
OPEN, CLOSED, FILTERED = "open", "closed", "filtered"
REQUIREMENT = "SEC-4"
CLAUSE = "GB/T 22239-2019 8.1.3.2 访问控制"


@dataclass(frozen=True, slots=True)
class Probe:
    """One TCP connection attempt from one host to another's port, and whether the request declares it."""

    source: Target
    target: Target
    port: int
    declared: bool

    @property
    def test_id(self) -> str:
        """``web-1->db-1:5432/tcp``: stable across runs, as the audit's ids are."""
        return f"{self.source.name}->{self.target.name}:{self.port}/tcp"


def tier(target: Target) -> str:
    """The host's tier, as the inventory's ``govcloud_tier`` says."""
    return str(target.settings.get("govcloud_tier") or "")


def declared_sources(target: Target, port: int) -> set[str]:
    """The tiers (and ``bastion``, ``zone``) the request lets reach ``port``/tcp on this host."""
    flows = target.settings.get("govcloud_declared_ingress") or []
    return {str(f["from"]) for f in flows if f.get("port") == port and f.get("protocol", "tcp") == "tcp"}


def plan(targets: Sequence[Target], extra_ports: Iterable[int] = ()) -> list[Probe]:
    """Every (source, target, port) of the stack: each declared port and every attacked one, both ways."""
    declared = {
        int(f["port"])
        for t in targets
        for f in t.settings.get("govcloud_declared_ingress") or []
        if f.get("port")
    }
    ports = sorted(declared | set(ATTACKED_PORTS) | set(extra_ports))
    return [
        Probe(source, target, port, tier(source) in declared_sources(target, port))
        for source in targets
        for target in targets
        if target.name != source.name
        for port in ports
    ]


def script(probes: Sequence[Probe]) -> str:
    """The bash a source host runs: every probe at once, one line ``address port state`` each.

    Addresses are parsed IP addresses and ports integers, so nothing reaches the shell unquoted.
    """
    lines = [
        "probe() {",
        f'  err=$(timeout {PROBE_SECONDS} bash -c "exec 3<>/dev/tcp/$1/$2" 2>&1); rc=$?',
        f'  if [ $rc -eq 0 ]; then echo "$1 $2 {OPEN}"',
        f'  elif [ $rc -eq 124 ]; then echo "$1 $2 {FILTERED}"',
        f'  elif printf %s "$err" | grep -qi refused; then echo "$1 $2 {CLOSED}"',
        f'  else echo "$1 $2 {FILTERED}"; fi',
        "}",
    ]
    lines += [f"probe {ip_address(p.target.address)} {int(p.port)} &" for p in probes]
    lines.append("wait")
    return "\n".join(lines) + "\n"


def parse(output: str) -> dict[tuple[str, int], str]:
    """``address port state`` lines to ``{(address, port): state}``; anything else is ignored."""
    found = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit() and parts[2] in (OPEN, CLOSED, FILTERED):  # noqa: PLR2004
            found[(parts[0], int(parts[1]))] = parts[2]
    return found


def verdict(probe: Probe, state: str | None, unreached: str = "") -> dict[str, Any]:
    """One evidence row: passed when reachability matches the declared flows, failed otherwise."""
    reachable = state in (OPEN, CLOSED)
    if state is None:
        result, why = "failed", f"the probe did not run on {probe.source.name}: {unreached or 'no answer'}"
    elif reachable and not probe.declared:
        result, why = (
            "failed",
            f"{state}: reachable from tier {tier(probe.source)}, which the request does not declare",
        )
    elif not reachable and probe.declared:
        result, why = "failed", f"filtered: the request declares this flow from tier {tier(probe.source)}"
    else:
        result, why = "passed", f"{state}: {'declared' if probe.declared else 'not declared'}"
    return {
        "host": probe.target.name,
        "from": probe.source.name,
        "port": probe.port,
        "protocol": "tcp",
        "state": state,
        "declared": probe.declared,
        "requirement": REQUIREMENT,
        "clause": CLAUSE,
        "test_id": probe.test_id,
        "result": result,
        "output": why,
    }


def ssh_runner(connection: Connection) -> Callable[[Target, str], subprocess.CompletedProcess[str]]:
    """Run a script on a host over the stack's SSH connection (bash from standard input)."""

    def run(source: Target, text: str) -> subprocess.CompletedProcess[str]:
        argv = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectionAttempts=3"]
        if connection.ssh_config is not None:
            argv += ["-F", str(connection.ssh_config.resolve())]
        if connection.identity is not None:
            argv += ["-i", str(connection.identity.resolve())]
        argv += [f"{source.user}@{source.address}", "bash", "-s"]
        return subprocess.run(argv, input=text, capture_output=True, text=True, check=False, timeout=120)

    return run


def scan(
    targets: Sequence[Target], run: Callable[[Target, str], subprocess.CompletedProcess[str]]
) -> list[dict[str, Any]]:
    """Every probe's evidence row, source host by source host, in a stable order."""
    probes = plan(targets)
    rows = []
    for source in targets:
        mine = [p for p in probes if p.source.name == source.name]
        done = run(source, script(mine))
        states = parse(done.stdout)
        unreached = done.stderr.strip()[-200:] if done.returncode else ""
        rows += [verdict(p, states.get((str(ip_address(p.target.address)), p.port)), unreached) for p in mine]
    rows.sort(key=lambda r: (r["host"], r["from"], r["port"]))
    return rows
