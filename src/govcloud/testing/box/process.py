"""Start processes, record their PIDs, find their children and stop exactly those.

A PID record holds the process start time (field 22 of /proc/<pid>/stat), so a recycled PID is never
mistaken for ours. Each service gets its own session (start_new_session), so workers that re-parent to
init after their parent died are still found by session id. Nothing is ever matched by name.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

PROC = Path("/proc")


@dataclass(frozen=True)
class PidRecord:
    """What `up` wrote down about a process it started."""

    name: str
    pid: int
    start_ticks: int
    argv: tuple[str, ...]

    def to_json(self) -> str:
        """Serialise for the state dir."""
        return json.dumps({**asdict(self), "argv": list(self.argv)}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PidRecord:
        """Parse a record written by to_json."""
        data = json.loads(text)
        return cls(data["name"], int(data["pid"]), int(data["start_ticks"]), tuple(data["argv"]))


@dataclass(frozen=True)
class ProcStat:
    """The few /proc/<pid>/stat fields we need."""

    pid: int
    ppid: int
    session: int
    start_ticks: int


def parse_stat(text: str) -> ProcStat:
    """Parse /proc/<pid>/stat; the command name may contain spaces and parentheses."""
    pid_part, _, rest = text.partition(" (")
    fields = rest.rsplit(") ", 1)[1].split()
    # fields[0] is state (field 3); ppid is field 4, session field 6, starttime field 22.
    return ProcStat(int(pid_part), int(fields[1]), int(fields[3]), int(fields[19]))


def read_stat(pid: int, proc: Path = PROC) -> ProcStat | None:
    """Stat of a live process, or None (gone, or a zombie that no longer counts)."""
    try:
        text = (proc / str(pid) / "stat").read_text(encoding="utf-8")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    if text.rsplit(") ", 1)[1].startswith("Z"):
        return None
    return parse_stat(text)


def all_stats(proc: Path = PROC) -> list[ProcStat]:
    """Every live process on the machine."""
    stats = []
    for entry in proc.iterdir():
        if entry.name.isdigit():
            stat = read_stat(int(entry.name), proc)
            if stat is not None:
                stats.append(stat)
    return stats


def is_alive(record: PidRecord, proc: Path = PROC) -> bool:
    """Tell whether the recorded PID still runs and is the same process (same start time)."""
    stat = read_stat(record.pid, proc)
    return stat is not None and stat.start_ticks == record.start_ticks


def family(root: int, stats: Iterable[ProcStat]) -> set[int]:
    """Return the root, every process of the session it leads, and all their descendants (live ones only)."""
    stats = list(stats)
    children: dict[int, list[int]] = {}
    for stat in stats:
        children.setdefault(stat.ppid, []).append(stat.pid)
    found: set[int] = set()
    pending = [root, *(stat.pid for stat in stats if stat.session == root)]
    while pending:
        pid = pending.pop()
        if pid not in found:
            found.add(pid)
            pending.extend(children.get(pid, []))
    return found & {stat.pid for stat in stats}


def record_path(pid_dir: Path, name: str) -> Path:
    """Where a service's PID record lives."""
    return pid_dir / f"{name}.json"


def load_record(pid_dir: Path, name: str) -> PidRecord | None:
    """Load the record of one service, if `up` ever started it."""
    path = record_path(pid_dir, name)
    if not path.exists():
        return None
    return PidRecord.from_json(path.read_text(encoding="utf-8"))


def load_records(pid_dir: Path) -> dict[str, PidRecord]:
    """Every record in the state dir."""
    if not pid_dir.exists():
        return {}
    return {
        path.stem: PidRecord.from_json(path.read_text(encoding="utf-8")) for path in pid_dir.glob("*.json")
    }


def start(  # noqa: PLR0913 - keyword-only process settings
    name: str,
    argv: Sequence[str],
    pid_dir: Path,
    log_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    user: str | None = None,
) -> PidRecord:
    """Start one service detached in its own session, output to <log_dir>/<name>.out, and record it."""
    if user is not None:
        # setpriv execs in place (unlike su/runuser), so the recorded PID is the daemon itself.
        argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", *argv]
    log = log_dir / f"{name}.out"
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        # posix_spawn, not Popen: the daemon outlives this process, and a dropped Popen of a running
        # child raises ResourceWarning (an error under pytest's filterwarnings=error).
        pid = os.posix_spawnp(
            argv[0],
            list(argv),
            dict(os.environ if env is None else env),
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, fd, 1),
                (os.POSIX_SPAWN_DUP2, fd, 2),
            ],
            setsid=True,
        )
    finally:
        os.close(fd)
    stat = None
    for _ in range(50):
        stat = read_stat(pid)
        if stat is not None:
            break
        time.sleep(0.01)
    record = PidRecord(name, pid, stat.start_ticks if stat else 0, tuple(argv))
    path = record_path(pid_dir, name)
    path.write_text(record.to_json(), encoding="utf-8")
    return record


def _signal_all(pids: Iterable[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _reap(pids: Iterable[int]) -> None:
    """Collect zombies of children we forked in this very process (tests, same-process up+down)."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)


def wait_gone(pids: set[int], timeout: float) -> set[int]:
    """Wait until none of ``pids`` is alive; return the survivors."""
    deadline = time.monotonic() + timeout
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        _reap(alive)
        alive = {pid for pid in alive if read_stat(pid) is not None}
        if alive:
            time.sleep(0.1)
    return alive


def tree_of(record: PidRecord) -> set[int]:
    """Return the recorded process and its children, empty if the record is stale."""
    if not is_alive(record):
        return set()
    return family(record.pid, all_stats())


def stop_records(records: Sequence[PidRecord], pid_dir: Path, timeout: float = 30.0) -> dict[str, int]:
    """SIGTERM the recorded processes (and their known children), SIGKILL survivors after ``timeout``.

    Returns how many processes each record had to be SIGKILLed (0 = clean exit).
    """
    trees = {record.name: tree_of(record) for record in records}
    for record in records:
        if trees[record.name]:
            # The parent first: uwsgi's master and oslo's launchers stop their own workers.
            _signal_all([record.pid], signal.SIGTERM)
    everyone = set().union(*trees.values()) if trees else set()
    survivors = wait_gone(everyone, timeout)
    killed: dict[str, int] = {}
    for record in records:
        mine = trees[record.name] & survivors
        _signal_all(mine, signal.SIGKILL)
        killed[record.name] = len(mine)
    wait_gone(survivors, 10.0)
    for record in records:
        record_path(pid_dir, record.name).unlink(missing_ok=True)
    return killed
