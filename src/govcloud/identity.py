"""Who is the same person, wherever separation of duties is checked (SEC-4).

A requester may not approve, review or be the security officer of their own request. A name written
with a full-width space, in full-width letters, in another case or with an invisible character is the
same name; a shared phone number or mail box is the same person, however the names are written.
Admission, approvals and the lifecycle commands all ask this module, so no check is weaker than another.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")


def normalise_name(name: object) -> str:
    """NFKC (full width to half width), case-folded, with every space and invisible character removed.

    Chinese names are written without spaces, so dropping them loses nothing and catches ``王 敏``;
    for Latin names ``Li Qiang`` and ``liqiang`` then compare equal, which errs on the safe side.
    """
    text = unicodedata.normalize("NFKC", str(name or "")).casefold()
    return "".join(char for char in text if unicodedata.category(char) not in _INVISIBLE_CATEGORIES)


def normalise_email(email: object) -> str:
    """NFKC, case-folded, trimmed; an address without ``@`` is no address."""
    text = normalise_name(email)
    return text if "@" in text else ""


def normalise_phone(phone: object) -> str:
    """Digits only (NFKC turns full-width digits into ASCII), without a +86 / 0086 country prefix."""
    text = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", str(phone or "")))
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    digits = "".join(char for char in text if char.isdigit())
    return digits if len(digits) >= 5 else ""  # noqa: PLR2004 - shorter is an extension, not a line


@dataclass(frozen=True, slots=True)
class Identity:
    """A person as written in a request, an approval or a lifecycle record, in comparable form."""

    name: str
    email: str = ""
    phone: str = ""

    @classmethod
    def of(cls, name: object = "", email: object = "", phone: object = "") -> Identity:
        """Normalise each field once."""
        return cls(normalise_name(name), normalise_email(email), normalise_phone(phone))

    @classmethod
    def from_mapping(cls, person: Mapping[str, Any]) -> Identity:
        """A contact (``name``, ``email``, ``phone``) as the request format writes it."""
        return cls.of(person.get("name"), person.get("email"), person.get("phone"))

    def same_person(self, other: Identity) -> bool:
        """The same name, mail box or phone number: any one of them is enough (SEC-4)."""
        return any(
            mine and mine == theirs
            for mine, theirs in (
                (self.name, other.name),
                (self.email, other.email),
                (self.phone, other.phone),
            )
        )


def same_person(a: Mapping[str, Any] | Identity, b: Mapping[str, Any] | Identity) -> bool:
    """Whether two people, each a contact mapping or an :class:`Identity`, are the same person."""
    first = a if isinstance(a, Identity) else Identity.from_mapping(a)
    second = b if isinstance(b, Identity) else Identity.from_mapping(b)
    return first.same_person(second)
