"""SEC-4: separation of duties starts with who asks and who answers for security (``govcloud.identity``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text
from govcloud.identity import normalise_name, same_person

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-duties-separated",
    title=Text("申请人与安全责任人须为不同人员", "Name a security officer who is not the requester"),
    severity=Severity.ERROR,
    requirements=("SEC-4",),
    seed_articles="000 Art. 89; 003 internal-network Art. 18",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Blank names, a missing requester or security officer, and an officer who is the requester."""
    contacts = ctx.spec["contacts"]
    by_role: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, contact in enumerate(contacts):
        by_role.setdefault(contact["role"], []).append((index, contact))
        if not normalise_name(contact["name"]):
            yield violation(
                ("spec", "contacts", index, "name"),
                (
                    "联系人姓名只有空白或不可见字符，无法确认是谁",
                    "the contact's name is only blank or invisible characters: nobody can tell who it is",
                ),
                ("填写联系人的真实姓名", "give the contact's real name"),
            )
    for role, (zh, en) in (
        ("requester", ("申请人", "requester")),
        ("security-officer", ("单位安全责任人", "unit security officer")),
    ):
        if role not in by_role:
            yield violation(
                ("spec", "contacts"),
                (f"联系人中缺少{zh}", f"no {en} among the contacts"),
                (f"加入角色为 {role} 的联系人", f"add a contact with role {role}"),
            )
    for index, officer in by_role.get("security-officer", []):
        for _, requester in by_role.get("requester", []):
            if same_person(officer, requester):
                yield violation(
                    ("spec", "contacts", index),
                    (
                        "安全责任人与申请人是同一人",
                        "the security officer is the same person as the requester",
                    ),
                    ("由单位另一名人员担任安全责任人", "name another person of the unit as security officer"),
                )
