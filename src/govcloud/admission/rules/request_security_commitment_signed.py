"""SEC-9: moving to the cloud leaves the security responsibility with the tenant, who signs a commitment.

Security responsibility, data ownership and security standards do not change when a system moves
to the cloud; the unit says so in a signed cloud security commitment (云安全承诺书) that splits the
responsibility between provider and tenant per GB/T 31167-2023 (the schema fixes both terms). It is
an application material (``spec.materials.securityCommitment``) but its own rule, since what makes it
binding is who signed it and when, not only that it is there: a signature nobody of the unit can be
held to, or one dated after submission, commits nobody when the request is approved.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.admission.rules._signers import unknown_signer
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-security-commitment-signed",
    title=Text(
        "须附使用单位签署的云安全承诺书",
        "Carry the cloud security commitment the tenant signed",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-9",),
    seed_articles="000 Art. 91",
)

_FIELD = ("spec", "materials", "securityCommitment")


def check(ctx: RequestContext) -> Iterator[Violation]:
    """No commitment, a signer who is not the named officer, or a signature after submission."""
    commitment: Mapping[str, Any] | None = ctx.spec["materials"].get("securityCommitment")
    if commitment is None:
        yield violation(
            _FIELD,
            (
                "未附云安全承诺书：上云后安全责任、数据所有权和安全标准不变，须由使用单位签署承诺（GB/T 31167-2023 划分责任）",
                (
                    "no signed cloud security commitment: security responsibility, data ownership and "
                    "standards stay the tenant's after the move (split per GB/T 31167-2023)"
                ),
            ),
            (
                "在 spec.materials.securityCommitment 中附上申请人或单位安全责任人签署的承诺书",
                (
                    "add the commitment the unit's requester or security officer signed as "
                    "spec.materials.securityCommitment"
                ),
            ),
        )
        return
    yield from unknown_signer(_FIELD, commitment["signedBy"], ctx.spec["contacts"], "承诺书")
    submitted = date.fromisoformat(ctx.document["metadata"]["submitted"])
    signed = date.fromisoformat(commitment["signed"])
    if signed > submitted:
        yield violation(
            (*_FIELD, "signed"),
            (
                f"承诺书签署于 {signed}，晚于申请提交日 {submitted}：提交的申请不能附尚未签署的承诺书",
                f"the commitment is signed on {signed}, after the request was submitted on {submitted}",
            ),
            (
                "附上提交前已签署的承诺书，填写其签署日期",
                "attach a commitment signed before submission and give the day it was signed",
            ),
        )
