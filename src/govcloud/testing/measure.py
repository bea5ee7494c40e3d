"""A command's own peak memory, as a suite or a benchmark reports it.

``wait4`` on a child forked from the test process counts the pages the child shared with its parent
before ``exec``: a pytest process grown to 150 MiB makes every command it runs look that large. So
the command is started from a small launcher process, and the launcher's ``wait4`` is what is read.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

_LAUNCHER = """
import os, signal, sys
pid = os.posix_spawn(sys.argv[3], sys.argv[3:], os.environ)
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.alarm(int(sys.argv[2]))
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Spawns the command, kills it after the timeout, and writes its ``ru_maxrss`` to a file."""


def run_measured(argv: list[str], stdout: IO[str] | int, timeout: float = 120) -> tuple[int, int]:
    """Run ``argv`` (an absolute program path first); its exit code and its own peak RSS in KiB.

    A command still running after ``timeout`` seconds is killed with SIGKILL.
    """
    with tempfile.TemporaryDirectory(prefix="govcloud-measure-") as scratch:
        peak = Path(scratch) / "maxrss"
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(peak), str(max(1, round(timeout))), *argv],
            stdout=stdout,
            stderr=subprocess.STDOUT,
            check=False,
        )
        return done.returncode, int(peak.read_text(encoding="utf-8"))
