"""Canonical JSON bytes: what record digests, signatures and request-version digests are computed over."""

from __future__ import annotations

import json
from typing import Any

from govcloud.digests import sm3_tagged


def canonical_bytes(data: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same document always gives the same bytes."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sm3_of(data: Any) -> str:
    """``sm3:<hex>`` of the canonical bytes (SEC-6)."""
    return sm3_tagged(canonical_bytes(data))
