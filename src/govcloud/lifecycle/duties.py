"""Separation of duties on one request (SEC-4): who asks does not accept, approve, build or audit.

Every comparison goes through ``govcloud.identity.same_person`` (width, spacing, case, a shared phone
or mail box), so no check here is weaker than admission's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.identity import same_person
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.roles import REQUESTER

if TYPE_CHECKING:
    from collections.abc import Mapping
    from collections.abc import Set as AbstractSet

    from govcloud.lifecycle.keyring import Person

_FOUR_EYES = {"approved", "emergency-approved", "change-approved", "decommission-approved"}


def require_role(event: str, allowed: AbstractSet[str], role: str, rule_id: str) -> None:
    """Refuse (``rule_id``, exit 1) an event recorded in a role its registry does not give it (SEC-4)."""
    if role not in allowed:
        raise RefusedError(
            rule_id,
            "--role",
            Text(
                f"{event} 只能由 {'/'.join(sorted(allowed))} 记录，不能由 {role} 记录",
                f"{event} is recorded by {' or '.join(sorted(allowed))} only, not by {role}",
            ),
        )


def check_duties(
    event: str,
    role: str,
    person: Person,
    entries: list[dict[str, Any]],
    contacts: list[Mapping[str, Any]],
) -> None:
    """Refuse the action when the same person would hold two duties on this request."""
    if role not in person.roles:
        _refuse(
            "duties-role-held",
            "--role",
            f"{person.name} 未被授予角色 {role}（登记的角色：{', '.join(person.roles)}）",
            f"{person.name} does not hold the role {role} (enrolled roles: {', '.join(person.roles)})",
        )
    if role != REQUESTER:
        for contact in contacts:
            if same_person(person.identity, contact):
                _refuse(
                    "duties-requester-not-reviewer",
                    "--as",
                    f"{person.name} 与申请单位联系人 {contact.get('name')}（{contact.get('role')}）是同一人，"
                    f"不得以 {role} 身份处理本申请",
                    f"{person.name} is the same person as the unit's contact {contact.get('name')} "
                    f"({contact.get('role')}) and may not act as {role} on this request",
                )
    for entry in entries:
        if entry["role"] != role and same_person(person.identity, entry["actor"]):
            _refuse(
                "duties-one-role-per-request",
                "--as",
                f"{person.name} 已在本申请中以 {entry['role']} 身份记录 {entry['event']}（#{entry['seq']}），"
                f"不得再以 {role} 身份行事",
                f"{person.name} already recorded {entry['event']} (#{entry['seq']}) as {entry['role']} on "
                f"this request and may not also act as {role}",
            )
        if (
            event in _FOUR_EYES
            and entry["event"] == "accepted"
            and same_person(person.identity, entry["actor"])
        ):
            _refuse(
                "duties-four-eyes",
                "--as",
                f"{person.name} 受理了本申请（#{entry['seq']}），受理人与审批人须为不同的人",
                f"{person.name} accepted this request (#{entry['seq']}); who accepts may not also approve",
            )


def _refuse(rule_id: str, field: str, zh: str, en: str) -> None:
    raise RefusedError(rule_id, field, Text(zh, en))
