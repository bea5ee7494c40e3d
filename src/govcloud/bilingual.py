"""Texts in Chinese and English: every message a person reads comes in both languages."""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    """A message in Chinese (authoritative) and English."""

    zh: str
    en: str

    def joined(self, sep: str = " / ") -> str:
        """Both languages on one line, Chinese first."""
        return f"{self.zh}{sep}{self.en}"
