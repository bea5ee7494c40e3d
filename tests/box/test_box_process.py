"""PID bookkeeping: records survive a restart of govcloud, never match a recycled PID, stop whole trees."""

from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING

from govcloud.testing.box import process

if TYPE_CHECKING:
    from pathlib import Path


def test_parse_stat_with_spaces_and_parens_in_name() -> None:
    text = "4242 (uwsgi (master) x) S 1 4242 4242 0 -1 4194560 " + " ".join(["0"] * 12) + " 987654 rest"
    stat = process.parse_stat(text)
    assert (stat.pid, stat.ppid, stat.session, stat.start_ticks) == (4242, 1, 4242, 987654)


def test_family_includes_descendants_and_session_orphans() -> None:
    stats = [
        process.ProcStat(100, 1, 100, 1),  # the recorded service
        process.ProcStat(101, 100, 100, 2),  # worker
        process.ProcStat(102, 101, 100, 3),  # grandchild
        process.ProcStat(103, 1, 100, 4),  # orphan re-parented to init, same session
        process.ProcStat(104, 103, 104, 5),  # its child in a new session: still a descendant
        process.ProcStat(200, 1, 200, 6),  # someone else's
        process.ProcStat(201, 200, 200, 7),
    ]
    assert process.family(100, stats) == {100, 101, 102, 103, 104}


def test_record_round_trip(tmp_path: Path) -> None:
    record = process.PidRecord("keystone", 12, 34, ("uwsgi_python3", "--master"))
    assert process.PidRecord.from_json(record.to_json()) == record
    (tmp_path / "keystone.json").write_text(record.to_json(), encoding="utf-8")
    assert process.load_records(tmp_path) == {"keystone": record}
    assert process.load_record(tmp_path, "nova-api") is None


def test_recycled_pid_is_not_ours() -> None:
    me = process.read_stat(os.getpid())
    assert me is not None
    assert process.is_alive(process.PidRecord("me", os.getpid(), me.start_ticks, ()))
    assert not process.is_alive(process.PidRecord("me", os.getpid(), me.start_ticks + 1, ()))


def _spawn(tmp_path: Path, name: str, code: str) -> process.PidRecord:
    return process.start(name, [sys.executable, "-c", code], tmp_path, tmp_path)


def test_start_and_stop_a_tree(tmp_path: Path) -> None:
    code = "import subprocess, time; subprocess.Popen(['sleep', '60']); time.sleep(60)"
    record = _spawn(tmp_path, "tree", code)
    assert process.is_alive(record)
    assert (tmp_path / "tree.json").exists()
    process.wait_gone(set(), 0)
    # Wait for the child to exist, then stop: parent and child must both be gone.
    for _ in range(100):
        if len(process.tree_of(record)) == 2:
            break
        os.sched_yield()
        signal.sigtimedwait([], 0.05)
    tree = process.tree_of(record)
    assert len(tree) == 2
    killed = process.stop_records([record], tmp_path, timeout=1)
    # The python parent exits on SIGTERM; the orphaned sleep is killed as a session member.
    assert killed == {"tree": 1}
    assert all(process.read_stat(pid) is None for pid in tree)
    assert not (tmp_path / "tree.json").exists()


def test_stop_escalates_to_sigkill(tmp_path: Path) -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); "
        "time.sleep(60)"
    )
    record = _spawn(tmp_path, "stubborn", code)
    for _ in range(100):
        if "ready" in (tmp_path / "stubborn.out").read_text(encoding="utf-8"):
            break
        signal.sigtimedwait([], 0.05)
    killed = process.stop_records([record], tmp_path, timeout=0.5)
    assert killed == {"stubborn": 1}
    assert process.read_stat(record.pid) is None


def test_stop_of_dead_record_is_a_no_op(tmp_path: Path) -> None:
    record = process.PidRecord("gone", 2**22 - 1, 1, ())
    (tmp_path / "gone.json").write_text(record.to_json(), encoding="utf-8")
    assert process.stop_records([record], tmp_path, timeout=0.1) == {"gone": 0}
    assert not (tmp_path / "gone.json").exists()
