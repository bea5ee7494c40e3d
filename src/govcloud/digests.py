"""SM3 digests (GB/T 32905-2016) for evidence and records (SEC-6: commercial cryptography).

pyca/cryptography (a maintained library, already a dependency through openstacksdk and Ansible)
computes SM3 through OpenSSL; one helper keeps every caller on the same algorithm and encoding.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes

SM3_PREFIX = "sm3:"


def sm3_hex(data: bytes) -> str:
    """The SM3 digest of ``data`` as 64 lower-case hex digits."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def sm3_tagged(data: bytes) -> str:
    """``sm3:<hex>``, the form written into evidence and record files so the algorithm is explicit."""
    return SM3_PREFIX + sm3_hex(data)
