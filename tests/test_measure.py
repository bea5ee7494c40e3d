"""A command's peak memory is its own, whatever the size of the test process that runs it."""

from __future__ import annotations

import subprocess
import sys

from govcloud.testing.measure import run_measured


def test_the_peak_is_the_commands_not_the_test_process() -> None:
    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # resident, not just reserved
    code, peak = run_measured([sys.executable, "-c", "pass"], subprocess.DEVNULL)
    assert code == 0
    assert peak < 100 * 1024, f"{peak // 1024} MiB: the test process's pages were counted"
    assert len(ballast) == 300 * 2**20


def test_a_command_that_allocates_is_seen_and_one_that_hangs_is_killed() -> None:
    grows = "x = bytearray(200 * 2**20); x[::4096] = b'1' * len(x[::4096])"
    code, peak = run_measured([sys.executable, "-c", grows], subprocess.DEVNULL)
    assert (code, peak > 200 * 1024) == (0, True)
    code, _ = run_measured(["/bin/sleep", "30"], subprocess.DEVNULL, timeout=1)
    assert code != 0
