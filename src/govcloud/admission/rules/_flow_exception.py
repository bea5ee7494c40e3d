"""The exception a flow beyond the platform's baseline needs: a justification, and at level 3 the authority.

GB/T 22239-2019 8.1.3.2 访问控制 (level 3): a controlled interface denies everything but the allowed
communication, the rule set is kept minimal, and rules check source, destination, port and protocol.
A wide port range, a management port between tiers or the whole internet as a destination is
beyond that baseline; the three rules that find them ask for the same exception.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud import controls
from govcloud.admission.rule import violation

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation
    from govcloud.loader import PathKey

_CLAUSE = "GB/T 22239-2019 8.1.3.2"


def needs_exception(
    ctx: RequestContext, path: PathKey, entry: Mapping[str, Any], what: tuple[str, str]
) -> Iterator[Violation]:
    """No exception: say why one is needed. Level 3 without the authority's approval: ask for it."""
    exception = entry.get("exception")
    if exception is None:
        yield violation(
            path,
            (f"{what[0]}（{_CLAUSE}）", f"{what[1]} ({_CLAUSE})"),
            (
                "收窄到业务所需，或在 exception.justification 中说明理由"
                + (
                    "并附主管部门批准文号（exception.authorityApproval）"
                    if ctx.level >= controls.LEVEL_3
                    else ""
                ),
                "narrow it to what the service needs, or give the reason in exception.justification"
                + (
                    " and the authority's approval in exception.authorityApproval"
                    if ctx.level >= controls.LEVEL_3
                    else ""
                ),
            ),
        )
    elif ctx.level >= controls.LEVEL_3 and not exception.get("authorityApproval"):
        yield violation(
            (*path, "exception"),
            (
                f"{what[0]}：三级系统的例外须经主管部门批准",
                f"{what[1]}: an exception for a level-3 system needs the authority's approval",
            ),
            (
                "在 exception.authorityApproval 中写明批准文号",
                "give the approval's document number in exception.authorityApproval",
            ),
        )
