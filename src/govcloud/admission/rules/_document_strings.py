"""Every string of a request with its path: what the secret and free-text rules read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.loader import PathKey


def strings(value: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every string below ``value`` with its path (the schema checks keys, the loader bounds depth)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from strings(child, (*path, index))
