"""SM2 signatures (GB/T 32918, SEC-6) over record entries, with GmSSL through gmssl-pyx.

gmssl-pyx binds the GmSSL 3 C library (the reference implementation of the SM algorithms): keys come
from its CSPRNG, signatures are DER with the standard signer id and the SM3 Z value. The pure-Python
``gmssl`` package was rejected for signing: its ``random_hex`` nonce comes from ``random.choice``
(Mersenne Twister), and a predictable SM2 nonce gives away the private key. Its verifier still serves
the tests as an independent check that our signatures are standard SM2.
"""

from __future__ import annotations

import base64
import contextlib
import os
from typing import TYPE_CHECKING

import gmssl_pyx

from govcloud.digests import sm3_tagged

if TYPE_CHECKING:
    from collections.abc import Iterator

ALGORITHM = "SM2-with-SM3"


def generate() -> tuple[bytes, bytes]:
    """A new key pair: (64-byte public point, 32-byte private scalar)."""
    public, private = gmssl_pyx.sm2_key_generate()
    return bytes(public), bytes(private)


def key_id(public_key: bytes) -> str:
    """The SM3 fingerprint that names a public key in records and the keyring."""
    return sm3_tagged(public_key)


def sign(private_key: bytes, public_key: bytes, message: bytes) -> str:
    """A base64 DER SM2 signature of ``message``."""
    return base64.b64encode(gmssl_pyx.sm2_sign(private_key, public_key, message)).decode("ascii")


def verify(public_key: bytes, message: bytes, signature: str) -> bool:
    """Whether ``signature`` is ``public_key``'s SM2 signature of ``message``; never raises."""
    try:
        raw = base64.b64decode(signature, validate=True)
        with _quiet_stderr():  # GmSSL logs every failed check to fd 2; the caller reports it instead
            return bool(gmssl_pyx.sm2_verify(public_key, message, raw))
    except (ValueError, gmssl_pyx.InvalidValueError, gmssl_pyx.GmsslInnerError):
        return False


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:  # noqa: PTH123 - a file descriptor is what dup2 needs
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
