"""Record one lifecycle event after every check that applies to it; nothing is written when one fails.

Order: the actor is enrolled and the event is one their role records (SEC-4); the record verifies (no appending to a
tampered record); the event may follow the current stage (LC-1); the request file, when given, is
the version under review (an approval binds that exact digest: LC-1, LC-8); duties are separated
(SEC-4); then the event's own conditions (reasons for a rejection, LC-7 tests before go-live, a
verified backup before anything is taken offline or reclaimed, LC-2 materials for a major change, EVAL-2
optimisation before a scale-up, EVAL-4 one of the four satisfaction levels).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govcloud.admission.admit import request_digest
from govcloud.admission.context import RequestContext
from govcloud.bilingual import Text
from govcloud.files import write_atomic
from govcloud.lifecycle import change, incidents, scale_up
from govcloud.lifecycle.backups import independent
from govcloud.lifecycle.canonical import canonical_bytes, sm3_of
from govcloud.lifecycle.duties import check_duties, require_role
from govcloud.lifecycle.errors import LifecycleError, RefusedError
from govcloud.lifecycle.events import APPROVALS, EVENTS, RUNNING
from govcloud.lifecycle.keyring import find_person, load_keyring, private_key
from govcloud.lifecycle.paths import record_path, snapshot_path
from govcloud.lifecycle.ratings import rating_data
from govcloud.lifecycle.record import Event, RequestVersion, Signer, append, read_entries
from govcloud.lifecycle.state import RequestState, fold
from govcloud.lifecycle.verify import refuse_unless_intact
from govcloud.loader import UnusableInputError, load_path

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue

NEW_VERSION_EVENTS = frozenset({"submitted", "change-requested"})
UNITS_EVENTS = frozenset({"provisioned", "trial-started", "change-applied"})
LC7_EVIDENCE = ("vulnerabilityScan", "penetrationTest")
LC7_LEVEL3_EVIDENCE = "mlpsTestReport"


@dataclass(frozen=True, slots=True)
class Action:
    """What a command asks for."""

    event: str
    actor: str
    role: str
    request_id: str | None = None
    request_file: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Checked:
    """An action that passed every check: where it goes, who signs, which version, what it records."""

    path: Path
    signer: Signer
    version: RequestVersion
    snapshot: dict[str, Any]
    data: dict[str, Any]


def act(action: Action, *, records: Path, keys: Path, catalogue: Catalogue, now: datetime) -> dict[str, Any]:
    """Check and append; the new entry."""
    checked = check(action, records=records, keys=keys, catalogue=catalogue)
    if action.event in NEW_VERSION_EVENTS:
        snap = snapshot_path(records, checked.version.request_id, checked.version.sm3)
        if not snap.exists():
            write_atomic(snap, canonical_bytes(checked.snapshot).decode("utf-8") + "\n")
    return append(checked.path, checked.signer, Event(action.event, checked.version, now, checked.data))


def check(action: Action, *, records: Path, keys: Path, catalogue: Catalogue) -> Checked:
    """Every check ``act`` makes, writing nothing.

    A command that acts on the cloud before it records (a suspension stops servers, SEC-8) calls this
    first, so a refused action touches nothing.
    """
    rule = EVENTS[action.event]
    people = load_keyring(records)
    person = find_person(people, action.actor)
    signer = Signer(person, action.role, private_key(keys, person))
    require_role(action.event, rule.roles, action.role, "record-role-allowed")
    document = _load_request(action.request_file) if action.request_file else None
    request_id = _request_id(action, document)
    path = record_path(records, request_id)
    refuse_unless_intact(path, people)
    entries = read_entries(path)
    state = fold(entries)
    if state.suspension is not None and rule.after and "suspended" not in rule.after:
        raise RefusedError(
            "suspended-until-resumed",
            "event",
            Text(
                f"{request_id} 因事件 {state.suspension.get('incident')} 暂停服务：恢复服务前不能记录 {action.event}",
                f"{request_id} is suspended by incident {state.suspension.get('incident')}: {action.event} "
                "waits until service is restored (govcloud resume)",
            ),
        )
    if rule.after and state.stage not in rule.after:
        raise RefusedError(
            "record-stage-allows",
            "event",
            Text(
                f"当前阶段 {state.stage} 不能记录 {action.event}（须在 {sorted(rule.after)} 之后）",
                f"stage {state.stage} does not allow {action.event} (only after {sorted(rule.after)})",
            ),
            requirements=rule.requirements,
        )
    version = _version(action, document, state, request_id)
    snapshot = document if document is not None else stored_version(records, request_id, state.sm3)
    check_duties(action.event, action.role, person, entries, list(snapshot["spec"].get("contacts", ())))
    data = {**action.data, **_event_data(action, snapshot, state, records, catalogue)}
    return Checked(path, signer, version, snapshot, data)


def change_preview(
    request_file: Path, records: Path, catalogue: Catalogue
) -> tuple[change.ChangeReport, RequestState]:
    """The diff of a new version against the approved one (LC-8) and the record's state, writing nothing.

    The state carries the utilisation review EVAL-2 judges a scale-up by (``govcloud.lifecycle.scale_up``).
    """
    document = _load_request(request_file)
    state = fold(read_entries(record_path(records, str(document["metadata"]["id"]))))
    if not state.approved_sha256:
        raise LifecycleError(
            "change-has-approved-version",
            str(request_file),
            Text("该申请尚无已批准的版本可比较", "the request has no approved version to compare with"),
        )
    return change.compare(stored_version(records, state.request_id, state.sm3), document, catalogue), state


def _load_request(path: Path) -> dict[str, Any]:
    try:
        data = load_path(path).data
    except UnusableInputError as error:
        raise LifecycleError("request-input-usable", str(path), error.text) from error
    if not isinstance(data.get("metadata"), dict) or not isinstance(data["metadata"].get("id"), str):
        raise LifecycleError(
            "request-schema-valid",
            f"{path}: metadata.id",
            Text("申请缺少 metadata.id", "the request has no metadata.id"),
        )
    return dict(data)


def _request_id(action: Action, document: dict[str, Any] | None) -> str:
    if document is not None:
        return str(document["metadata"]["id"])
    if action.request_id:
        return action.request_id
    raise LifecycleError(
        "record-request-named",
        "REQUEST",
        Text("须给出申请文件或申请编号", "name the request file or the request id"),
    )


def _version(
    action: Action, document: dict[str, Any] | None, state: RequestState, request_id: str
) -> RequestVersion:
    """The version the event concerns: a new one for a submission, else the one under review."""
    if document is None:
        if action.event in NEW_VERSION_EVENTS or action.event in APPROVALS or state.version == 0:
            raise LifecycleError(
                "record-request-file-given",
                "REQUEST",
                Text(
                    f"{action.event} 须给出申请文件：审批绑定其确切摘要",
                    f"{action.event} needs the request file: the decision binds its exact digest",
                ),
            )
        return RequestVersion(request_id, state.version, state.sm3, state.sha256)
    sha256, sm3 = request_digest(document), sm3_of(document)
    if action.event in NEW_VERSION_EVENTS:
        if action.event == "change-requested" and sha256 == state.sha256:
            raise RefusedError(
                "change-differs",
                "REQUEST",
                Text(
                    "新版本与已批准版本相同，没有变更", "the new version is the approved one: nothing changes"
                ),
            )
        return RequestVersion(request_id, state.version + (sha256 != state.sha256), sm3, sha256)
    if sha256 != state.sha256:
        raise RefusedError(
            "record-version-current",
            "REQUEST",
            Text(
                f"文件（摘要 {sha256[:12]}…）不是待处理的第 {state.version} 版（{state.sha256[:12]}…）",
                f"the file (digest {sha256[:12]}...) is not version {state.version} under review "
                f"({state.sha256[:12]}...)",
            ),
        )
    return RequestVersion(request_id, state.version, sm3, sha256)


def stored_version(records: Path, request_id: str, sm3: str) -> dict[str, Any]:
    """The stored copy of a request version, checked against its SM3 digest."""
    path = snapshot_path(records, request_id, sm3)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LifecycleError(
            "record-version-stored",
            str(path),
            Text("找不到该申请版本的存档", "the stored copy of this request version is missing"),
        ) from error
    if sm3_of(data) != sm3:
        raise LifecycleError(
            "record-version-stored",
            str(path),
            Text(
                "申请版本存档与记录的 SM3 摘要不符",
                "the stored request version does not match its SM3 digest",
            ),
        )
    return data


def _event_data(
    action: Action, request: dict[str, Any], state: RequestState, records: Path, catalogue: Catalogue
) -> dict[str, Any]:
    """What the event adds to the entry, after its own conditions are met."""
    event, data = action.event, action.data
    extra: dict[str, Any] = {}
    scale_up.check_placement(event, data)
    if event == "submitted":
        extra["unit"] = request["spec"]["tenant"]["unit"]["zh"]
    if event in ("rejected", "emergency-approved") and not data.get("reasons"):
        raise LifecycleError(
            "record-reasons-given",
            "--reason",
            Text(f"{event} 须写明理由", f"{event} needs its reasons (--reason)"),
        )
    if event == "approved" and state.stage in RUNNING and state.sha256 not in state.emergency_pending:
        raise RefusedError(
            "record-stage-allows",
            "event",
            Text(
                "系统已开通：只有紧急开通后补办的审批可在此阶段记录",
                "the system is built: only the paperwork approval of an emergency build is recorded now",
            ),
            requirements=("LC-1", "LC-12"),
        )
    if event == "live":
        _check_go_live(request, data)
    if event == "reclaimed":
        _check_backed_up(state)
    if event in UNITS_EVENTS:
        cost = RequestContext(request, catalogue).cost
        extra["units"] = {line.item_id: line.units for line in cost.lines}
    if event == "change-requested":
        extra["change"] = _change_data(request, state, records, catalogue, data)
    if event == "change-approved" and (judged := scale_up.check_approved(state, data)) is not None:
        extra["scaleUp"] = judged
    if event == "rated":
        extra.update(rating_data(data))
    extra.update(incidents.event_data(event, state, data))
    return extra


def _change_data(
    request: dict[str, Any], state: RequestState, records: Path, catalogue: Catalogue, data: dict[str, Any]
) -> dict[str, Any]:
    """The diff a change request records, after its LC-8 materials and EVAL-2 reclaim-first checks."""
    approved = stored_version(records, state.request_id, state.sm3)
    report = change.compare(approved, request, catalogue)
    missing = change.missing_retest_materials(approved, request) if report.major else []
    if missing:
        raise RefusedError(
            "change-major-materials",
            f"spec.materials.{missing[0]}",
            Text(
                f"重大变更须重新提交申请材料并重新测试：{', '.join(missing)} 未更新",
                f"a major change re-submits the LC-2 materials and re-tests: {', '.join(missing)} not renewed",
            ),
        )
    scale_up.check_requested(report, state, data)
    return report.as_json()


def _check_backed_up(state: RequestState) -> None:
    """LC-9, SEC-11: reclaim after a backup-verified entry since the approval, every copy independent.

    A copy must be verified and outlive its volume (a snapshot dies with it: ``govcloud.lifecycle.backups``).
    """
    copies = state.backup_copies
    fresh = (
        state.backup_verified_at is not None
        and state.backup_verified_at >= state.last["decommission-approved"]
    )
    weak = [c.get("volume_name") or c.get("volume_id", "?") for c in copies if not independent(c)]
    if not fresh or weak:
        detail = f"：{', '.join(map(str, weak))}" if weak else ""
        raise RefusedError(
            "decommission-backup-verified",
            "backup-verified",
            Text(
                "回收前须先备份每块云硬盘，通过 API 校验，并保留独立于原盘的副本（backup-verified 记录）"
                + detail,
                "before reclaiming, back up every volume, verify it through the API and keep a copy "
                "independent of the volume (a backup-verified entry since the decommission approval)"
                + (f": not so for {', '.join(map(str, weak))}" if weak else ""),
            ),
        )


def _check_go_live(request: dict[str, Any], data: dict[str, Any]) -> None:
    """LC-7: a vulnerability scan and a penetration test passed; a third-party 等保 report at level 3+.

    Evidence given as a file of ``govcloud scan`` or ``audit`` arrives pinned (its SM3 and its figures):
    it must be this system's and have failed nothing; a reference to an outside report is taken as given.
    """
    evidence = data.get("evidence", {})
    needed = list(LC7_EVIDENCE)
    if int(request["spec"]["system"]["mlpsLevel"]) >= 3:  # noqa: PLR2004 - the regulation's threshold
        needed.append(LC7_LEVEL3_EVIDENCE)
    missing = [key for key in needed if not evidence.get(key)]
    if missing:
        raise RefusedError(
            "golive-security-tested",
            f"evidence.{missing[0]}",
            Text(
                f"上线前须提交：{', '.join(missing)}（漏洞扫描、渗透测试，三级及以上另需第三方等保测评报告）",
                f"going live needs: {', '.join(missing)} (vulnerability scan, penetration test, and a "
                "third-party 等保 test report at level 3 or above)",
            ),
        )
    system = request["spec"]["system"]["code"]
    for key, value in evidence.items():
        if isinstance(value, dict) and (value.get("stack") != system or value.get("failed")):
            raise RefusedError(
                "golive-security-tested",
                f"evidence.{key}",
                Text(
                    f"{value.get('file')}：须为本系统 {system} 的证据且无失败项（{value.get('stack')}，"
                    f"失败 {value.get('failed')} 项）",
                    f"{value.get('file')}: must be evidence of this system {system} with nothing failed "
                    f"(it is {value.get('stack')}'s, {value.get('failed')} failed)",
                ),
            )
