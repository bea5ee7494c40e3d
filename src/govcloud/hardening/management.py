"""Whether the host firewall will still admit the session that loads it (SEC-3, SEC-10: no lockout).

The role's ruleset admits SSH from the bastion networks only. Loaded over a session from anywhere
else, it cuts the operator off every host of the run, which is what hardening users complain of most.
So the role reads the session's source from ``SSH_CONNECTION`` (sshd sets it: client address, client
port, server address, server port) and refuses, before it changes anything, when the bastion networks
do not hold it. The audit reads the loaded ruleset with the same parser.
"""

from __future__ import annotations

import re
from ipaddress import ip_address, ip_network
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

_SADDR = re.compile(r"^ip6? saddr (?:\{ (?P<set>[^}]*) \}|(?P<one>\S+)) ")


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


def rule_sources(rule: str) -> tuple[str, ...]:
    """The source networks an nft accept rule names (``ip saddr { a, b } ...`` or ``ip saddr a ...``).

    ``()`` for a rule open to every source. nft prints a one-element set without braces when it lists
    a loaded ruleset, and the written file keeps them: both read the same.
    """
    match = _SADDR.match(rule.strip())
    if match is None:
        return ()
    text = match.group("set") if match.group("set") is not None else match.group("one")
    return tuple(part.strip() for part in text.split(",") if part.strip())
