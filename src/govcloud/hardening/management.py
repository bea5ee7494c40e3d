"""Whether the host firewall will still admit the session that loads it (SEC-3, SEC-10: no lockout).

The role's ruleset admits SSH from the bastion networks only. Loaded over a session from anywhere
else, it cuts the operator off every host of the run, which is what hardening users complain of most.
So the role reads the session's source from ``SSH_CONNECTION`` (sshd sets it: client address, client
port, server address, server port) and refuses, before it changes anything, when the bastion networks
do not hold it.
"""

from __future__ import annotations

from ipaddress import ip_address, ip_network
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


def session_source(ssh_connection: str) -> str:
    """The client address of an ``SSH_CONNECTION`` value, or ``""`` when it names none."""
    fields = ssh_connection.split()
    if not fields:
        return ""
    try:
        return str(ip_address(fields[0]))
    except ValueError:
        return ""


def admitted(source: str, bastion_cidrs: Iterable[str]) -> bool:
    """Whether ``source`` lies in one of the bastion networks (an empty or unknown source never does)."""
    if not source:
        return False
    address = ip_address(source)
    return any(address in ip_network(cidr, strict=False) for cidr in bastion_cidrs)
