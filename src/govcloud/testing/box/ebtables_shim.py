"""``ebtables`` for Neutron's agent on the box: an among rule deleted by its number, which ebtables-nft can do.

Debian bookworm's ebtables-nft 1.8.9 cannot delete a rule with an ``--among-src``/``--among-dst`` match
by its spec ("RULE_DELETE failed (Invalid argument)"). The linuxbridge agent does exactly that each time
it sees a port again (an update, a resync): it deletes the port's MAC rule before inserting the new one,
and retries the failed delete forever, so no other port gets its firewall and new servers never answer.
This shim runs the real command; only when such a delete fails does it list the chain, find the rule
whose spec is the same (the MACs compared as a set) and delete it by number, as the agent meant.

Installed as ``<box>/bin/ebtables``, first in the agent's PATH (``datapath.services``), run by the
system's python3: so it imports nothing but the standard library.
"""

from __future__ import annotations

import subprocess
import sys

REAL = "/usr/sbin/ebtables"
AMONG = frozenset({"--among-src", "--among-dst"})


def split(argv: list[str]) -> tuple[list[str], str, list[str]] | None:
    """``(options before -D, chain, rule spec)`` of a delete by spec with an among match, else None."""
    if "-D" not in argv:
        return None
    at = argv.index("-D")
    chain, spec = argv[at + 1 : at + 2], argv[at + 2 :]
    if not chain or not spec or spec[0].isdigit() or not AMONG & set(spec):
        return None
    return argv[:at], chain[0], spec


def _mac(text: str) -> tuple[int, ...]:
    """A MAC as its octets: the listing prints ``fa:16:3e:e:b7:1`` for ``fa:16:3e:0e:b7:01``."""
    return tuple(int(octet, 16) for octet in text.split(":"))


def _tokens(spec: list[str]) -> list[str | frozenset[tuple[int, ...]]]:
    """The spec with each among value as a set of MACs (the listing orders and writes them its own way)."""
    out: list[str | frozenset[tuple[int, ...]]] = []
    for index, token in enumerate(spec):
        if index and spec[index - 1] in AMONG:
            out.append(frozenset(_mac(mac) for mac in token.split(",") if mac))
        else:
            out.append(token)
    return out


def rule_number(listing: str, spec: list[str]) -> int | None:
    """The 1-based number of the listed rule with the same spec as ``spec`` (``ebtables -L CHAIN`` output)."""
    rules = [line.split() for line in listing.splitlines() if line.startswith("-")]
    wanted = _tokens(spec)
    for number, rule in enumerate(rules, start=1):
        if _tokens(rule) == wanted:
            return number
    return None


def main(argv: list[str]) -> int:
    """Run ``ebtables argv``; a failed among delete is retried by rule number."""
    first = subprocess.run([REAL, *argv], check=False, capture_output=True, text=True)
    parts = split(argv)
    if first.returncode == 0 or parts is None:
        sys.stdout.write(first.stdout)
        sys.stderr.write(first.stderr)
        return first.returncode
    options, chain, spec = parts
    listing = subprocess.run([REAL, *options, "-L", chain], check=False, capture_output=True, text=True)
    number = rule_number(listing.stdout, spec) if listing.returncode == 0 else None
    if number is None:
        sys.stderr.write(first.stderr)
        return first.returncode
    return subprocess.run([REAL, *options, "-D", chain, str(number)], check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
