"""Names: what we accept from callers, and the kernel object names we derive from them.

Host and network names arrive from OpenStack (server names are free text), so they are never used as
file, netns or device names directly: those are short hashes, scoped by the state dir so two host sets
(e.g. the box and a pytest run) never collide.
"""

from __future__ import annotations

import hashlib
import re

NAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
MAX_HOSTNAME = 40


class InvalidNameError(ValueError):
    """A name failed validation; the message says which rule."""


def validate_name(name: str) -> str:
    """Return ``name`` if it is 1-40 chars of ``[a-z0-9-]`` not starting/ending with '-', else raise."""
    if not NAME_RE.fullmatch(name):
        msg = f"invalid name {name!r}: use 1-40 of [a-z0-9-], not starting or ending with '-'"
        raise InvalidNameError(msg)
    return name


def sanitise_hostname(text: str, fallback: str) -> str:
    """Map free text (a server name) to a valid hostname label; ``fallback`` when nothing survives."""
    label = re.sub(r"[^a-z0-9-]+", "-", text.lower())
    label = re.sub(r"-{2,}", "-", label).strip("-")[:MAX_HOSTNAME].strip("-")
    return label or validate_name(fallback)


def digest(*parts: str, length: int = 11) -> str:
    """Return a short stable hex digest of ``parts`` (NUL-joined so ('ab','c') != ('a','bc'))."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:length]


def host_netns(site: str, host: str) -> str:
    """Netns of a host: ``gch-`` + hash of (site, host name)."""
    return f"gch-{digest(site, host)}"


def fabric_netns(site: str, network: str) -> str:
    """Fabric netns of one tenant network: ``gcf-`` + hash of (site, network)."""
    return f"gcf-{digest(site, network)}"


def datapath_veth(site: str, network: str) -> str:
    """Neutron-side veth of a fabric's link into the network's bridge (3 + 11 characters)."""
    return f"vq-{digest(site, network)}"


def fabric_veth(site: str, host: str, index: int) -> str:
    """Fabric-side veth of a host NIC (15-char IFNAMSIZ limit: 3 + 11)."""
    return f"vh-{digest(site, host, str(index))}"
