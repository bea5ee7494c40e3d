"""`govcloud box status`: per service PID alive, API answering, memory (PSS); exit 0 / 3 / 4."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from govcloud.testing.box import datapath, process, services, waiting

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from govcloud.testing.box.paths import BoxPaths

EXIT_UP = 0
EXIT_PARTIAL = 3
EXIT_DOWN = 4


@dataclass(frozen=True)
class ServiceStatus:
    """One row of the status table. ``answering`` is None for services without a probe."""

    name: str
    pid: int | None
    alive: bool
    answering: bool | None
    processes: int
    pss_kib: int

    @property
    def healthy(self) -> bool:
        """Alive, and answering where we can ask."""
        return self.alive and self.answering is not False


def pss_kib(pid: int, proc: Path = process.PROC) -> int:
    """Proportional set size of one process (shared pages split between sharers), in KiB."""
    try:
        text = (proc / str(pid) / "smaps_rollup").read_text(encoding="utf-8")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def probe(service: services.Service) -> bool | None:
    """HTTP for APIs, TCP for infra, None for workers (their liveness is the PID)."""
    if service.url is not None:
        return waiting.http_answers(service.url, timeout=3.0)
    if service.port is not None:
        return waiting.tcp_open(service.port)
    return None


def service_status(service: services.Service, record: process.PidRecord | None) -> ServiceStatus:
    """Collect one row."""
    if record is None or not process.is_alive(record):
        pid = record.pid if record else None
        return ServiceStatus(service.name, pid, alive=False, answering=probe(service), processes=0, pss_kib=0)
    tree = process.family(record.pid, process.all_stats())
    return ServiceStatus(
        service.name,
        record.pid,
        alive=True,
        answering=probe(service),
        processes=len(tree),
        pss_kib=sum(pss_kib(pid) for pid in tree),
    )


def collect(box: BoxPaths) -> list[ServiceStatus]:
    """Status of every service the box manages (standins only when installed or recorded)."""
    records = process.load_records(box.pids)
    wanted = list(datapath.all_services(box.state))
    if "standins" in records and all(s.name != "standins" for s in wanted):
        wanted.append(services.standins_service(box.state))
    return [service_status(service, records.get(service.name)) for service in wanted]


def exit_code(rows: Sequence[ServiceStatus]) -> int:
    """0 all healthy, 4 nothing alive, 3 anything in between."""
    if rows and all(row.healthy for row in rows):
        return EXIT_UP
    if not any(row.alive for row in rows):
        return EXIT_DOWN
    return EXIT_PARTIAL


def _mark(*, value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def table(rows: Sequence[ServiceStatus]) -> str:
    """Human-readable table with a total line."""
    lines = [f"{'SERVICE':<17}{'PID':>8}  {'ALIVE':<6}{'API':<5}{'PROCS':>6}{'PSS MiB':>9}"]
    for row in rows:
        pid = "-" if row.pid is None else str(row.pid)
        lines.append(
            f"{row.name:<17}{pid:>8}  {_mark(value=row.alive):<6}{_mark(value=row.answering):<5}"
            f"{row.processes:>6}{row.pss_kib / 1024:>9.1f}"
        )
    total = sum(row.pss_kib for row in rows) / 1024
    lines.append(f"{'TOTAL':<17}{'':>8}  {'':<6}{'':<5}{sum(r.processes for r in rows):>6}{total:>9.1f}")
    return "\n".join(lines)


def as_json(rows: Sequence[ServiceStatus]) -> str:
    """Machine-readable status (what `--format json` prints)."""
    return json.dumps(
        {
            "exit_code": exit_code(rows),
            "services": [{**asdict(row), "healthy": row.healthy} for row in rows],
            "total_pss_kib": sum(row.pss_kib for row in rows),
            "total_processes": sum(row.processes for row in rows),
        },
        indent=2,
    )
