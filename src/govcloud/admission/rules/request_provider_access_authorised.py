"""SEC-5: the provider touches a tenant's hosts and volumes only under the tenant's written authorisation.

The authorisation travels in the request (``spec.providerAccess``), so the approval pins it and
``govcloud harden``/``audit``/``backup`` can act on it later. Admission refuses one the provider could
not rely on — signed by someone who is not the unit's named officer, dated after the request or
lapsing before the system is live — and a request that orders work its authorisation does not allow:
level-3 hosts the provider must harden and audit (SEC-10, SEC-7), a backup service whose copies the
provider must make (SEC-11, OPS-3). The signer's name is free text, so it is compared, never shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from govcloud import controls
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.admission.rules._signers import unknown_signer
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-provider-access-authorised",
    title=Text(
        "须附使用单位书面授权，准许申请所需的服务方操作",
        "Carry the tenant's written authorisation for the provider access the request needs",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-5", "SEC-11", "OPS-3"),
    seed_articles="000 Art. 93; 001 Art. 24; 002 Art. 20",
)

_FIELD = ("spec", "providerAccess")


def check(ctx: RequestContext) -> Iterator[Violation]:
    """A signer who is not the named officer, dates the provider cannot act on, and actions not allowed."""
    access: Mapping[str, Any] | None = ctx.spec.get("providerAccess")
    if access is not None:
        yield from unknown_signer(_FIELD, access["signedBy"], ctx.spec["contacts"], "授权")
        yield from _dates(access, ctx)
    allowed = {grant["action"] for grant in access["actions"]} if access is not None else set()
    for actions, why in _needed(ctx):
        missing = [action for action in actions if action not in allowed]
        if missing:
            yield _not_allowed(missing, why, present=access is not None)


def _dates(access: Mapping[str, Any], ctx: RequestContext) -> Iterator[Violation]:
    """Signed by submission; valid after signing and at least until the trial ends (or submission)."""
    submitted = date.fromisoformat(ctx.document["metadata"]["submitted"])
    signed, until = date.fromisoformat(access["signed"]), date.fromisoformat(access["validUntil"])
    if signed > submitted:
        yield violation(
            (*_FIELD, "signed"),
            (
                f"授权签署于 {signed}，晚于申请提交日 {submitted}：提交的申请不能附尚未签署的授权",
                f"the authorisation is signed on {signed}, after the request was submitted on {submitted}",
            ),
            (
                "附上提交前已签署的授权书，填写其签署日期",
                "attach an authorisation signed before submission and give the day it was signed",
            ),
        )
    trial = ctx.spec.get("trial")
    live = submitted + timedelta(days=trial["days"] if trial is not None else 0)
    if until <= signed:
        yield violation(
            (*_FIELD, "validUntil"),
            (
                f"授权有效期至 {until}，不晚于签署日 {signed}：服务方没有一天可以依据它操作",
                f"the authorisation is valid until {until}, not after it was signed on {signed}",
            ),
            (
                "填写授权书载明的截止日期（通常为一年）",
                "give the last day the signed document names (a year is usual)",
            ),
        )
    elif until < live:
        what = (
            (
                f"试运行结束（提交后 {trial['days']} 天）",
                f"the trial ends ({trial['days']} days after submission)",
            )
            if trial is not None
            else ("申请提交", "the request was submitted")
        )
        yield violation(
            (*_FIELD, "validUntil"),
            (
                f"授权于 {until} 到期，早于{what[0]}的 {live}：系统上线前授权已失效",
                f"the authorisation lapses on {until}, before {what[1]} on {live}: it is void before the system is live",
            ),
            (
                f"有效期至少延至 {live}（通常为一年）",
                f"make it valid until {live} at least (a year is usual)",
            ),
        )


def _needed(ctx: RequestContext) -> Iterator[tuple[tuple[str, ...], tuple[str, str]]]:
    """The actions the request needs the provider to take, each with why."""
    if ctx.level >= controls.LEVEL_3:
        yield (
            ("harden", "audit"),
            (
                "服务方须加固并复核三级系统的主机（SEC-10、SEC-7），否则主机将保持未加固",
                "the provider hardens and audits level-3 hosts (SEC-10, SEC-7), else they stay unhardened",
            ),
        )
    backups = sorted(
        {line.item.id for line in ctx.lines if line.item is not None and line.item.kind == "BackupService"}
    )
    if backups:
        listed = ", ".join(backups)
        yield (
            ("backup",),
            (
                f"申请订购了备份服务 {listed}，服务方却无权复制数据、演练恢复（SEC-11、OPS-3）",
                f"the request orders {listed}, whose copies the provider could not make (SEC-11, OPS-3)",
            ),
        )


def _not_allowed(missing: list[str], why: tuple[str, str], *, present: bool) -> Violation:
    """One finding for the actions a reason needs and the authorisation does not allow (or there is none)."""
    actions = ", ".join(missing)
    if present:
        return violation(
            (*_FIELD, "actions"),
            (
                f"书面授权未准许 {actions}：{why[0]}",
                f"the written authorisation does not allow {actions}: {why[1]}",
            ),
            (
                f"在 spec.providerAccess.actions 中加入 {actions}，各附使用单位的理由",
                f"add {actions} to spec.providerAccess.actions, each with the tenant's reason",
            ),
        )
    return violation(
        _FIELD,
        (
            f"申请未附准许 {actions} 的书面授权：{why[0]}",
            f"no written authorisation allows {actions}: {why[1]}",
        ),
        (
            f"在 spec.providerAccess 中附上单位签署的授权书，准许 {actions} 并说明理由",
            f"add the unit's signed authorisation as spec.providerAccess, allowing {actions} with reasons",
        ),
    )
