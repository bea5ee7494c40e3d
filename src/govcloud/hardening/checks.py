"""What one compliance check is, and the per-host probe cache the suite reads hosts through.

A check is one property of one host (one audit line): its requirement ID, its GB/T 22239-2019 clause,
the item it is about and the expected value, taken from the host's merged settings. Reads are cached
per host for the run, so fifty checks of one file cost one SSH round trip, not fifty.
"""

from __future__ import annotations

import shlex
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govcloud.hardening.settings import os_vars

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from govcloud.hardening.connection import Connection
    from govcloud.hardening.settings import Target

CLAUSE_PREFIX = "GB/T22239-2019-"
SSH_FAILED = 255  # ssh's own exit code: no connection, no authentication
SSH_ATTEMPTS = 3
SSH_RETRY_PAUSE_S = 1.0


class UnreachableError(RuntimeError):
    """The host cannot be read: every check of it fails with this reason, not with a wrong finding."""


@dataclass(frozen=True)
class Check:
    """One property to verify; ``expected`` comes from the settings, never from the test."""

    req: str
    clause: str
    item: str
    expected: Any = None


def cases(generate: Callable[[Mapping[str, Any]], Iterable[Check]]) -> Callable[[Any], Any]:
    """Attach a case generator to a test: the suite parametrises it with every (host, check) pair."""

    def mark(test: Any) -> Any:
        test.govcloud_cases = generate
        return test

    return mark


class Probe:
    """A host's testinfra connection with cached reads (files, command output) for one audit run."""

    def __init__(self, target: Target, connection: Connection) -> None:
        """Connect lazily: collection never opens SSH."""
        self.target = target
        self.connection = connection
        self._host: Any = None
        self._unreachable = ""
        self._commands: dict[str, tuple[int, str]] = {}
        self._os: Mapping[str, Any] | None = None
        self.round_trips = 0
        """Commands sent over SSH so far (what bounds checks per second, with the SSH setup)."""

    @property
    def host(self) -> Any:
        """The testinfra host (sudo), created on first use."""
        if self._host is None:
            self._host = self.connection.testinfra_host(self.target.user, self.target.address)
        return self._host

    def text(self, path: str) -> str | None:
        """A file's content, or None when it does not exist."""
        quoted = shlex.quote(path)
        rc, out = self.run(f"test -f {quoted} && cat {quoted}")
        return out if rc == 0 else None

    def os(self) -> Mapping[str, Any]:
        """The role's names for this host's OS family (Debian, else the RHEL family)."""
        if self._os is None:
            self._os = os_vars("Debian" if self.text("/etc/debian_version") is not None else "RedHat")
        return self._os

    def has_command(self, name: str) -> bool:
        """Whether ``name`` is on the host's PATH (e.g. ``systemctl``: is there an init system to ask)."""
        return self.run(f"command -v {shlex.quote(name)}")[0] == 0

    def packages(self) -> set[str]:
        """Names of the installed packages, from one dpkg or rpm listing."""
        rc, out = self.run(
            "dpkg-query -W -f '${Package} ${db:Status-Abbrev}\\n' 2>/dev/null || rpm -qa --qf '%{NAME} ii\\n'"
        )
        return (
            {line.split()[0] for line in out.splitlines() if line.split()[1:2] == ["ii"]}
            if rc == 0
            else set()
        )

    def sysctl(self, key: str) -> str | None:
        """A live kernel parameter of the host (its own network namespace for ``net.*``)."""
        _, out = self.run("sysctl -a 2>/dev/null")
        for line in out.splitlines():
            name, _, value = line.partition(" = ")
            if name == key:
                return value.strip()
        return None

    def run(self, command: str) -> tuple[int, str]:
        """Exit code and stdout of a read-only command; raise :class:`UnreachableError` if SSH fails."""
        if self._unreachable:
            raise UnreachableError(self._unreachable)
        if command not in self._commands:
            self.round_trips += 1
            result = self._run_over_ssh(command)
            self._commands[command] = (result.rc, result.stdout)
        return self._commands[command]

    def _run_over_ssh(self, command: str) -> Any:
        """Run once more after a failed connection: a busy network drops a new one now and then.

        Only ssh's own failure (exit 255) is retried, at most ``SSH_ATTEMPTS`` times in all; a host that
        stays unreachable is reported so, with ssh's last words, and is not asked again.
        """
        for attempt in range(1, SSH_ATTEMPTS + 1):
            try:
                return self.host.run(command)
            except RuntimeError as exc:  # testinfra's ssh backend raises when ssh itself exits 255
                if attempt < SSH_ATTEMPTS:
                    time.sleep(SSH_RETRY_PAUSE_S)
                    continue
                failed = exc.args[0] if exc.args else None
                reason = str(getattr(failed, "stderr", "") or "").strip()[-300:] or f"ssh exited {SSH_FAILED}"
                self._unreachable = (
                    f"{self.target.name} ({self.target.address}) is not reachable over SSH: {reason}"
                )
        raise UnreachableError(self._unreachable) from None


@dataclass
class Case:
    """A check bound to its host during the run; the test stores what it saw in ``observed``."""

    target: Target
    check: Check
    probe: Probe = field(repr=False)
    observed: str = ""

    @property
    def settings(self) -> Mapping[str, Any]:
        """The host's merged settings (what the role was told to apply)."""
        return self.target.settings

    def test_id(self) -> str:
        """``host:REQ:GB/T22239-2019-clause:item``: an audit line's name, stable across runs."""
        return f"{self.target.name}:{self.check.req}:{CLAUSE_PREFIX}{self.check.clause}:{self.check.item}"


def each_host(*fixed: Check) -> Callable[[Any], Any]:
    """Attach checks that do not depend on the settings: the same ones on every host."""
    return cases(lambda _settings: fixed)
