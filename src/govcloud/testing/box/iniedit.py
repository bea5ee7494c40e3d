"""Idempotent line-based edits of oslo.config ini files.

configparser would drop the comments Debian ships (the only documentation of every option), choke on
oslo's repeated keys and interpolate ``%``; crudini is one process per edit (hundreds). This keeps
every untouched line as it is and only rewrites, appends or removes the lines we own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
_KEY = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.\-]+)\s*=")


@dataclass(frozen=True)
class Edit:
    """One change: set ``key`` to ``value``, or delete it (value None), or the whole section (key None)."""

    section: str
    key: str | None
    value: str | None


def _section_spans(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Map section name to [start, end) line indexes, start being the header line."""
    spans: dict[str, tuple[int, int]] = {}
    current: str | None = None
    start = 0
    for index, line in enumerate(lines):
        match = _SECTION.match(line)
        if match:
            if current is not None and current not in spans:
                spans[current] = (start, index)
            current, start = match.group("name").strip(), index
    if current is not None and current not in spans:
        spans[current] = (start, len(lines))
    return spans


def _key_lines(lines: list[str], span: tuple[int, int], key: str) -> list[int]:
    found = []
    for index in range(span[0] + 1, span[1]):
        match = _KEY.match(lines[index])
        if match and match.group("key") == key:
            found.append(index)
    return found


def _set(lines: list[str], section: str, key: str, value: str) -> list[str]:
    spans = _section_spans(lines)
    wanted = f"{key} = {value}\n"
    if section not in spans:
        tail = [] if not lines or lines[-1].strip() == "" else ["\n"]
        return [*lines, *tail, f"[{section}]\n", wanted]
    found = _key_lines(lines, spans[section], key)
    if found:
        first, rest = found[0], set(found[1:])
        return [wanted if i == first else line for i, line in enumerate(lines) if i not in rest]
    start, end = spans[section]
    insert_at = end
    while insert_at > start + 1 and lines[insert_at - 1].strip() == "":
        insert_at -= 1
    return [*lines[:insert_at], wanted, *lines[insert_at:]]


def _delete(lines: list[str], section: str, key: str | None) -> list[str]:
    spans = _section_spans(lines)
    if section not in spans:
        return lines
    start, end = spans[section]
    if key is None:
        return lines[:start] + lines[end:]
    drop = set(_key_lines(lines, spans[section], key))
    return [line for i, line in enumerate(lines) if i not in drop]


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Return ``text`` with every edit applied in order; applying twice changes nothing."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for edit in edits:
        if edit.key is not None and edit.value is not None:
            lines = _set(lines, edit.section, edit.key, edit.value)
        else:
            lines = _delete(lines, edit.section, edit.key)
    return "".join(lines)


def get_value(text: str, section: str, key: str) -> str | None:
    """Read one value back (tests and status use it; oslo semantics: the first occurrence wins)."""
    lines = text.splitlines(keepends=True)
    span = _section_spans(lines).get(section)
    if span is None:
        return None
    found = _key_lines(lines, span, key)
    if not found:
        return None
    return lines[found[0]].split("=", 1)[1].strip()


def edit_file(path: Path, edits: Iterable[Edit]) -> bool:
    """Apply edits to a file in place, keeping its mode and owner; return whether it changed."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = apply_edits(old, edits)
    if new == old:
        return False
    path.write_text(new, encoding="utf-8")
    return True
