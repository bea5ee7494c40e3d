"""Which of a tier's service ports a host listens on: the role's proof that hardening left it serving (SEC-10).

The role reads ``ss -H -tuln`` before it changes anything and again after its fresh login; a port of
the tier's allowlist (``govcloud_hardening_allowed_ports``: the request's declared ingress or the
profile's, SSH always) that listened before must listen after. Ports nothing served before are not
required: a new server's application may not be installed yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

LOOPBACK = ("127.", "::1")


def sockets(ss_output: str) -> set[tuple[int, str]]:
    """``(port, protocol)`` of every socket ``ss -H -tuln`` lists on a non-loopback address.

    The audit's check that nothing listens outside the allowlist reads the same set.
    """
    found = set()
    for line in ss_output.splitlines():
        fields = line.split()
        if len(fields) < 5:  # noqa: PLR2004 - Netid State Recv-Q Send-Q Local:Port [Peer:Port]
            continue
        address, _, port = fields[4].rpartition(":")
        if address.split("%")[0].strip("[]").startswith(LOOPBACK) or not port.isdigit():
            continue
        found.add((int(port), fields[0]))
    return found


def listening(ss_output: str, allowed: Iterable[Mapping[str, Any]]) -> list[str]:
    """``port/protocol`` of every allowed port listening on a non-loopback address, sorted by port."""
    wanted = {(int(entry["port"]), str(entry["protocol"])) for entry in allowed}
    return [f"{port}/{protocol}" for port, protocol in sorted(sockets(ss_output) & wanted)]
