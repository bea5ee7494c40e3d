"""Subprocess helpers: argv lists only, errors carry the command's stderr so failures explain themselves."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


class CommandError(RuntimeError):
    """A helper command failed; the message holds argv, exit code and stderr."""


def run(argv: Sequence[str], *, check: bool = True, input_text: str | None = None) -> str:
    """Run ``argv`` and return stdout; raise :class:`CommandError` with stderr when ``check`` and it fails."""
    proc = subprocess.run(list(argv), capture_output=True, text=True, check=False, input=input_text)
    if check and proc.returncode != 0:
        msg = f"{' '.join(argv)} -> exit {proc.returncode}: {proc.stderr.strip() or proc.stdout.strip()}"
        raise CommandError(msg)
    return proc.stdout


def ok(argv: Sequence[str]) -> bool:
    """Return whether ``argv`` exits 0 (output discarded); used for probes and best-effort cleanup."""
    return subprocess.run(list(argv), capture_output=True, check=False).returncode == 0
