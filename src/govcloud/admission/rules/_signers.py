"""Who signed a document the request carries: one of its contacts, with that role and name.

The written authorisation (SEC-5) and the cloud security commitment (SEC-9) both name their signer;
a signature the desk cannot trace to the unit's requester or security officer binds nobody. Both
rules compare people the same way, through ``govcloud.identity``; the name is free text, so it is
compared, never shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.admission.rule import violation
from govcloud.identity import normalise_name

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from govcloud.admission.rule import Violation
    from govcloud.loader import PathKey

_ROLES = {
    "requester": ("申请人", "requester"),
    "security-officer": ("单位安全责任人", "unit security officer"),
}


def unknown_signer(
    field: PathKey, signed_by: Mapping[str, Any], contacts: list[dict[str, Any]], document_zh: str
) -> Iterator[Violation]:
    """A finding at ``field``.signedBy.name unless a contact has the signer's role and name."""
    role, name = signed_by["role"], normalise_name(signed_by["name"])
    if name and any(c["role"] == role and normalise_name(c["name"]) == name for c in contacts):
        return
    zh, en = _ROLES[role]
    yield violation(
        (*field, "signedBy", "name"),
        (
            f"签署人不是本申请联系人中的{zh}：无法确认是单位的哪位负责人签署的{document_zh}",
            f"the signer is not the {en} among the request's contacts: nobody can tell which officer signed",
        ),
        (
            f"由 spec.contacts 中角色为 {role} 的人签署，姓名按联系人中的写法填写",
            f"have the contact with role {role} in spec.contacts sign it, and write the name as given there",
        ),
    )
