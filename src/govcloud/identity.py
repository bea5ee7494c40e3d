"""Who is the same person, wherever separation of duties is checked (SEC-4).

A requester may not approve, review or be the security officer of their own request. A name written
with a full-width space, in full-width letters, in another case or with an invisible character is the
same name; a shared phone number or mail box is the same person, however the names are written.
Admission, approvals and the lifecycle commands all ask this module, so no check is weaker than another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
# Characters that render as nothing but are letters or marks, so their category does not give them
# away: Unicode's default-ignorable code points outside Cf, and the Braille blank.
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_MOBILE_WITH_COUNTRY = re.compile(r"861[3-9]\d{9}")


def normalise_name(name: object) -> str:
    """NFKC (full width to half width), case-folded, with every space and invisible character removed.

    Chinese names are written without spaces, so dropping them loses nothing and catches ``王 敏``;
    for Latin names ``Li Qiang`` and ``liqiang`` then compare equal, which errs on the safe side.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", str(name or "")).casefold())
    return "".join(char for char in text if unicodedata.category(char) not in _INVISIBLE_CATEGORIES)


def normalise_email(email: object) -> str:
    """NFKC, case-folded, trimmed, without a ``+tag`` sub-address; an address without ``@`` is no address.

    ``wangmin+sec@unit`` lands in ``wangmin@unit``'s mailbox on the mail servers units run.
    """
    local, at, domain = normalise_name(email).rpartition("@")
    return f"{local.partition('+')[0]}@{domain}" if at and local else ""


def normalise_phone(phone: object) -> str:
    """The national number: digits only (NFKC turns full-width digits into ASCII), no +86 / 0086.

    Written internationally a landline drops its trunk 0 (``+86 571 …`` is ``0571-…``, ``+86 10 …``
    is Beijing's ``010-…``), so a national number that is not a mobile gets it back.
    """
    text = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", str(phone or "")))
    international = text.startswith(("+86", "0086"))
    text = text.removeprefix("+86") if text.startswith("+86") else text.removeprefix("0086")
    digits = "".join(char for char in text if char.isdigit())
    if _MOBILE_WITH_COUNTRY.fullmatch(digits):
        digits, international = digits[2:], False
    if international and not digits.startswith("0") and not _MOBILE.fullmatch(digits):
        digits = "0" + digits
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
