"""EVAL-2 (000 Art. 79(2)): a system under long-term high use is optimised first, then scaled up (先优化，再扩容).

A change scales up when ``govcloud.lifecycle.change`` gives it scale-up reasons (more servers, a bigger
flavor, a higher monthly cost at catalogue prices). It is judged at two events, so that the requester learns
early and the authority cannot approve what the rule forbids:

- ``change-requested``: refused outright when the latest utilisation review of the capacity in place found
  the system idle or over-provisioned: that capacity is reclaimed or scaled down first (EVAL-1), and no
  exception lifts this;
- ``change-approved``: the same refusal (a newer review may have found idle capacity), then refused unless
  that review found the system ``busy`` and the change request carries ``optimisation`` evidence (what was
  optimised first and its result, in Chinese and English, with a document reference), or the authority
  records an explicit exception with its reason (``scaleUpException``). The approval entry records which.

A review counts only when its samples start after the capacity in place was built (the last ``provisioned``,
``trial-started`` or ``change-applied`` entry): a review of the capacity before the last scale-up says
nothing of the present one. ``govcloud usage review --record-review`` records reviews.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError, RefusedError

if TYPE_CHECKING:
    from govcloud.lifecycle.change import ChangeReport
    from govcloud.lifecycle.state import RequestState

RECLAIM_FIRST = {"idle": Text("闲置", "idle"), "over-provisioned": Text("配置过高", "over-provisioned")}
EVIDENCE_FIELDS = ("zh", "en", "ref")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PLACE = {"optimisation": "change-requested", "scaleUpException": "change-approved"}
"""Where each piece of EVAL-2 evidence belongs: the requester's optimisation, the authority's exception."""


def current_review(state: RequestState) -> dict[str, Any] | None:
    """The latest utilisation review, if its samples are of the capacity in place; else ``None``."""
    review = state.review
    if review is None:
        return None
    if state.units and datetime.fromisoformat(review["from"]) < state.units[-1][0]:
        return None
    return review


def check_placement(event: str, data: dict[str, Any]) -> None:
    """Evidence given at the wrong event is unusable input, not silently recorded."""
    for key, place in _PLACE.items():
        if key in data and event != place:
            raise LifecycleError(
                "scaleup-evidence-usable",
                key,
                Text(
                    f"{key} 只能在 {place} 时记录，不能在 {event} 时记录",
                    f"{key} belongs to {place}, not {event}",
                ),
            )


def check_requested(report: ChangeReport, state: RequestState, data: dict[str, Any]) -> None:
    """At ``change-requested``: the evidence, when given, is usable; idle capacity refuses a scale-up."""
    if "optimisation" in data:
        check_evidence(data["optimisation"])
    if report.scale_up:
        _reclaim_first(state)


def check_approved(state: RequestState, data: dict[str, Any]) -> dict[str, Any] | None:
    """At ``change-approved``: what justifies the scale-up, as the entry records it; ``None`` if none scales up."""
    exception = _exception(data["scaleUpException"]) if "scaleUpException" in data else None
    if not state.change_request["change"]["scaleUp"]:
        if exception is not None:
            raise LifecycleError(
                "scaleup-evidence-usable",
                "--scale-up-exception",
                Text("该变更不扩容，无需例外", "the change does not scale up: there is nothing to except"),
            )
        return None
    review = _reclaim_first(state)
    justified, status = assess(state)
    seq = review["seq"] if review else None
    if justified:
        return {
            "basis": "optimised",
            "reviewSeq": seq,
            "optimisationRef": state.change_request["optimisation"]["ref"],
        }
    if exception is not None:
        return {"basis": "exception", "reviewSeq": seq, "reason": exception}
    raise RefusedError(
        "scaleup-optimised-first",
        "optimisation" if review and review["verdict"] == "busy" else "utilisation-reviewed",
        Text(
            f"扩容须先优化（先优化，再扩容）：{status.zh}；须有针对现有容量的利用率评估认定长期高负载（busy），"
            "变更申请附优化说明及文档编号（--optimisation-zh/--optimisation-en/--optimisation-ref），"
            "或由主管部门以 --scale-up-exception 写明例外理由",
            f"optimise first, then scale up: {status.en}; a scale-up needs a utilisation review of the capacity "
            "in place finding the system busy and optimisation evidence on the change request "
            "(--optimisation-zh/--optimisation-en/--optimisation-ref), or the authority's exception with its "
            "reason (--scale-up-exception)",
        ),
    )


def assess(state: RequestState) -> tuple[bool, Text]:
    """Whether the pending change request's scale-up is justified by optimisation, and why (or why not)."""
    return judge(current_review(state), state.change_request.get("optimisation"))


def judge(review: dict[str, Any] | None, optimisation: dict[str, Any] | None) -> tuple[bool, Text]:
    """A review and the evidence, read as EVAL-2 reads them: justified, and the state of each in words."""
    if review is None:
        return False, Text("没有针对现有容量的利用率评估", "no utilisation review of the capacity in place")
    seq, verdict = review["seq"], review["verdict"]
    if verdict != "busy":
        return False, Text(
            f"最近的利用率评估（#{seq}）结论为 {verdict}，并非长期高负载",
            f"the latest utilisation review (#{seq}) found the system {verdict}, not under long-term high use",
        )
    if not optimisation:
        return False, Text(
            f"最近的利用率评估（#{seq}）认定长期高负载，但变更申请没有优化证据",
            f"the latest utilisation review (#{seq}) found the system busy, but the change request carries no "
            "optimisation evidence",
        )
    return True, Text(
        f"最近的利用率评估（#{seq}）认定长期高负载，已先优化：{optimisation['zh']}（{optimisation['ref']}）",
        f"the latest utilisation review (#{seq}) found the system busy and it was optimised first: "
        f"{optimisation['en']} ({optimisation['ref']})",
    )


def advice(state: RequestState, optimisation: dict[str, Any] | None) -> Text:
    """What EVAL-2 makes of a proposed scale-up now, for ``govcloud change`` to say before anything is recorded."""
    review = current_review(state)
    if review is not None and review["verdict"] in RECLAIM_FIRST:
        word = RECLAIM_FIRST[review["verdict"]]
        return Text(
            f"将被拒绝：最近的利用率评估（#{review['seq']}）发现系统资源{word.zh}，先回收或降配，再扩容",
            f"refused: the latest utilisation review (#{review['seq']}) found the system {word.en}; reclaim or "
            "scale down first, then scale up",
        )
    justified, status = judge(review, optimisation)
    if justified:
        return Text(f"主管部门可以批准：{status.zh}", f"the authority may approve it: {status.en}")
    return Text(
        f"{status.zh}；批准前须有认定长期高负载的利用率评估及优化证据（--optimisation-zh/-en/-ref），"
        "或主管部门的例外（--scale-up-exception）",
        f"{status.en}; before approval it needs a review finding the system busy and optimisation evidence "
        "(--optimisation-zh/-en/-ref), or the authority's exception (--scale-up-exception)",
    )


def _reclaim_first(state: RequestState) -> dict[str, Any] | None:
    """The current review; refused outright when it found capacity to reclaim (EVAL-1 before EVAL-2)."""
    review = current_review(state)
    if review is None or review["verdict"] not in RECLAIM_FIRST:
        return review
    word = RECLAIM_FIRST[review["verdict"]]
    found = ", ".join(
        f"{f['resource']} {f['kind']}" for f in review["findings"] if f["kind"] in RECLAIM_FIRST
    )
    raise RefusedError(
        "scaleup-reclaim-first",
        "utilisation-reviewed",
        Text(
            f"最近的利用率评估（#{review['seq']}）发现系统资源{word.zh}（{found}）：先回收或降配，再扩容",
            f"the latest utilisation review (#{review['seq']}) found the system {word.en} ({found}): reclaim "
            "or scale down first, then scale up",
        ),
    )


def check_evidence(given: Any) -> None:
    """Optimisation evidence: what was optimised and its result in Chinese and English, and a document ref."""
    fields = given if isinstance(given, dict) else {}
    missing = [
        key for key in EVIDENCE_FIELDS if not isinstance(fields.get(key), str) or not fields[key].strip()
    ]
    if missing:
        raise LifecycleError(
            "scaleup-evidence-usable",
            f"optimisation.{missing[0]}",
            Text(
                f"优化证据须写明中文说明、英文说明和文档编号：缺少 {', '.join(missing)}",
                f"optimisation evidence needs the Chinese text, the English text and a document ref: "
                f"{', '.join(missing)} missing",
            ),
        )
    if not _HAN.search(fields["zh"]) or fields["zh"].strip() == fields["en"].strip():
        raise LifecycleError(
            "scaleup-evidence-usable",
            "optimisation.zh",
            Text(
                "优化说明的中文部分须是中文", "the Chinese text of the optimisation evidence must be Chinese"
            ),
        )


def _exception(given: Any) -> str:
    """The authority's exception: a reason, written out."""
    reason = given.get("reason") if isinstance(given, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        raise LifecycleError(
            "scaleup-evidence-usable",
            "--scale-up-exception",
            Text("扩容例外须写明理由", "a scale-up exception states its reason"),
        )
    return reason.strip()
