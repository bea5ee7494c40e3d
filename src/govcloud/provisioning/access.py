"""The provider acts on a tenant's hosts and storage only under the tenant's written authorisation (SEC-5).

``govcloud harden`` and ``audit`` log in to the tenant's servers, and ``backup`` reads its volumes, so each
first finds an authorisation that allows its action on the day it runs, or is refused before it touches
anything. An authorisation is the ``spec.providerAccess`` of the stack's request, trusted only while the
approval still pins that request (an edited request authorises nothing), or a document of its own
(``catalog/schemas/access-authorisation-1.0.json``) for the same request and system. Whichever allows the
action is written into the command's evidence, so an auditor sees under which document it acted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud.admission.findings import format_path
from govcloud.bilingual import Text
from govcloud.errors import GovcloudError, RefusalError
from govcloud.lifecycle.clock import CHINA
from govcloud.loader import load_path
from govcloud.provisioning import settings as stack_settings
from govcloud.provisioning.approval import covering_approval
from govcloud.provisioning.refusals import RefusedError, gate_rule, refusal
from govcloud.schemas import validator

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Mapping, Sequence


SCHEMA = "access-authorisation-1.0.json"
REQUEST_SCHEMA = "request-1.0.json"
RULE_ID = "provider-access-authorised"
ACTIONS = ("harden", "audit", "backup")


@dataclass(frozen=True, slots=True)
class Authorisation:
    """One signed authorisation: for which request and system, by whom, until when, for what."""

    document_no: str
    request_id: str
    system: str
    signer_role: str
    signer_name: str
    signed: date
    valid_until: date
    reasons: Mapping[str, Text]
    """Each allowed action and the tenant's reason for it."""
    source: str

    def why_not(self, action: str, subject: Subject, today: date) -> Text | None:
        """Why this authorisation does not let the provider do ``action`` on ``subject`` today (None: it does)."""
        request_id, system = subject.request_id, subject.system
        if (self.request_id, self.system) != (request_id, system):
            return Text(
                f"{self.document_no} 授权的是 {self.request_id}（{self.system}），不是 {request_id}（{system}）",
                f"{self.document_no} authorises {self.request_id} ({self.system}), not {request_id} ({system})",
            )
        if action not in self.reasons:
            allowed = ", ".join(self.reasons)
            return Text(
                f"{self.document_no} 只授权 {allowed}，未授权 {action}",
                f"{self.document_no} allows {allowed} only, not {action}",
            )
        if today < self.signed:
            return Text(
                f"{self.document_no} 签署于 {self.signed}，今天 {today} 尚未生效",
                f"{self.document_no} is signed {self.signed}, not yet in force on {today}",
            )
        if today > self.valid_until:
            return Text(
                f"{self.document_no} 已于 {self.valid_until} 到期",
                f"{self.document_no} expired on {self.valid_until}",
            )
        return None

    def evidence(self, action: str) -> dict[str, Any]:
        """What a command's evidence records of the authorisation it acted under."""
        return {
            "documentNo": self.document_no,
            "requestId": self.request_id,
            "system": self.system,
            "signedBy": {"role": self.signer_role, "name": self.signer_name},
            "signed": self.signed.isoformat(),
            "validUntil": self.valid_until.isoformat(),
            "action": action,
            "reason": self.reasons[action]._asdict(),
            "source": self.source,
        }


class AuthorisationInputError(GovcloudError):
    """An authorisation document that cannot be read or does not match its format (exit 2)."""

    def __init__(self, source: str, field: str, text: Text) -> None:
        """Name the file and the field; the code says what the document is for."""
        super().__init__("access-authorisation-usable", text, where=f"{source}: {field}")


def add_option(parser: argparse.ArgumentParser) -> None:
    """``--authorisation FILE`` (repeatable), for every command that touches a tenant's hosts or volumes."""
    parser.add_argument(
        "--authorisation",
        type=Path,
        action="append",
        default=[],
        help="a tenant's written authorisation (AccessAuthorisation document) besides the request's; repeatable",
    )


def today() -> date:
    """The day in China, where the authorisations are dated."""
    return datetime.now(CHINA).date()


def parse(spec: Mapping[str, Any], request_id: str, system: str, source: str) -> Authorisation:
    """An authorisation from a schema-valid ``spec`` (a request's ``providerAccess`` or a document's ``spec``)."""
    signer = spec["signedBy"]
    return Authorisation(
        document_no=spec["documentNo"],
        request_id=request_id,
        system=system,
        signer_role=signer["role"],
        signer_name=signer["name"],
        signed=date.fromisoformat(spec["signed"]),
        valid_until=date.fromisoformat(spec["validUntil"]),
        reasons={
            grant["action"]: Text(grant["reason"]["zh"], grant["reason"]["en"]) for grant in spec["actions"]
        },
        source=source,
    )


def load_document(path: Path) -> Authorisation:
    """A document of its own (``kind: AccessAuthorisation``), read through the hardened loader."""
    document = load_path(path)
    errors = validator(SCHEMA).errors(document.data)
    if errors:
        first = errors[0]
        raise AuthorisationInputError(str(path), format_path(first.path), first.message)
    metadata = document.data["metadata"]
    return parse(document.data["spec"], metadata["requestId"], metadata["system"], str(path))


def carried(request: Mapping[str, Any], source: str) -> tuple[Authorisation | None, Text | None]:
    """A request's ``spec.providerAccess`` as an authorisation, or why it has none.

    The caller decides whether the request is the approved one; this only reads and checks its shape.
    """
    spec = request.get("spec")
    access = spec.get("providerAccess") if isinstance(spec, dict) else None
    if not isinstance(access, dict):
        return None, Text("申请中没有 spec.providerAccess", "the request has no spec.providerAccess")
    errors = validator(REQUEST_SCHEMA).errors(request)
    if errors:
        where = format_path(errors[0].path)
        return None, Text(
            f"申请不符合申请格式（{where}）：{errors[0].message.zh}",
            f"the request does not match the request format ({where}): {errors[0].message.en}",
        )
    return parse(access, request["metadata"]["id"], request["spec"]["system"]["code"], source), None


def from_request(settings: stack_settings.StackSettings) -> tuple[Authorisation | None, Text | None]:
    """The stack's request's ``providerAccess``, or why the request authorises nothing.

    The request counts only while its approval covers it: otherwise the authorisation could have been
    written in after the authority read the request.
    """
    request_path = settings.request
    data = load_path(request_path).data
    if not isinstance(data, dict):
        return None, Text("申请不是映射", "the request is not a mapping")
    found, why = carried(data, f"request {request_path}")
    if found is None:
        return None, why
    _approval, problems = covering_approval(settings.approval, data)
    if problems:
        return None, Text(
            f"审批不再覆盖该申请，其授权不可信：{problems[0].message.zh}",
            f"its approval no longer covers the request, so its authorisation is not trusted: "
            f"{problems[0].message.en}",
        )
    return found, None


@dataclass(frozen=True, slots=True)
class Subject:
    """Whose hosts and storage: the system and the request the inventory says they were built for."""

    system: str
    request_id: str


@gate_rule(
    RULE_ID,
    requirements=("SEC-5",),
    description=(
        "服务方登录使用单位主机或读取其存储前，须有使用单位书面授权覆盖该操作、该系统和当天",
        "The provider touches a tenant's hosts or storage only under its written authorisation of that action, that day",
    ),
)
def authorise(
    action: str,
    subject: Subject,
    candidates: Iterable[Authorisation],
    *,
    on: date,
    unavailable: Sequence[Text] = (),
) -> Authorisation:
    """The first candidate that allows ``action`` on the subject's hosts ``on`` that day; else refused.

    The refusal lists every candidate's reason (and why the request had none), so the provider knows
    which document to ask the tenant for.
    """
    reasons = list(unavailable)
    for candidate in candidates:
        problem = candidate.why_not(action, subject, on)
        if problem is None:
            return candidate
        reasons.append(problem)
    raise AccessRefusedError(action, subject.system, reasons or [_NOTHING])


def for_stack(
    root: Path, action: str, subject: Subject, documents: Sequence[Path], *, on: date
) -> Authorisation:
    """The authorisation for ``action`` on a stack's hosts (the stack is the system): its request's, or a document's.

    A stack without ``Pulumi.<stack>.yaml`` (hosts the project did not build) has only documents.
    """
    candidates = [load_document(path) for path in documents]
    unavailable: list[Text] = []
    try:
        settings = stack_settings.read(root, subject.system)
    except RefusedError:
        unavailable.append(
            Text(
                f"栈 {subject.system} 没有申请（无栈配置）",
                f"stack {subject.system} has no request (no stack config)",
            )
        )
    else:
        requested, why = from_request(settings)
        if requested is not None:
            candidates.insert(0, requested)
        elif why is not None:
            unavailable.append(why)
    return authorise(action, subject, candidates, on=on, unavailable=unavailable)


_NOTHING = Text("没有任何书面授权", "there is no written authorisation at all")


class AccessRefusedError(RefusalError):
    """No authorisation allows the action (exit 1): nothing was touched on any host or volume."""

    code_checked_by_its_registry = True  # the gate's provider-access-authorised

    def __init__(self, action: str, system: str, reasons: Sequence[Text]) -> None:
        """One line, then each candidate's reason with the rule id and SEC-5."""
        lines = tuple(refusal(RULE_ID, reason).line() for reason in reasons)
        text = Text(
            f"未获使用单位书面授权，拒绝 {action}",
            f"refusing to {action} without the tenant's written authorisation",
        )
        super().__init__(RULE_ID, text, where=system, details=lines)
