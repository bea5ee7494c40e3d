"""Waivers of compliance checks: data with a justification, two different people and an expiry.

A waived check is reported as ``waived``, never as passed; once its waiver has expired the check
fails again. The approver must not be the requester (SEC-4), compared by
:func:`govcloud.identity.same_person` (full-width names, shared phone or mail box are the same person).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.hardening.errors import HardeningInputError
from govcloud.identity import same_person
from govcloud.loader import UnusableInputError, load_path

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

KIND = "HardeningWaivers"
WAIVER_ID = re.compile(r"^HWV-[0-9]{4}-[0-9]{3,}$")
REQUIRED = ("id", "host", "check", "justification", "requester", "approver", "approved", "expires")
MIN_JUSTIFICATION = 10


@dataclass(frozen=True)
class Waiver:
    """One accepted gap on hosts matching ``host`` for checks matching ``check``."""

    id: str
    host: str
    check: str
    justification: Text
    requester: str
    approver: str
    approved: date
    expires: date

    def covers(self, host: str, check_id: str) -> bool:
        """Shell-style patterns over the host name and the check id (``REQ:GB/T...:item``)."""
        return fnmatch.fnmatchcase(host, self.host) and fnmatch.fnmatchcase(check_id, self.check)

    def active(self, today: date) -> bool:
        """Counts from its approval up to and including its expiry date."""
        return self.approved <= today <= self.expires

    def to_json(self) -> dict[str, Any]:
        """As written into the evidence."""
        return {
            "id": self.id,
            "host": self.host,
            "check": self.check,
            "justification": {"zh": self.justification.zh, "en": self.justification.en},
            "requester": self.requester,
            "approver": self.approver,
            "approved": self.approved.isoformat(),
            "expires": self.expires.isoformat(),
        }


def load_waivers(path: Path) -> list[Waiver]:
    """Load and check a waiver file; the first unusable field stops the audit before it runs (exit 2)."""
    try:
        data = load_path(path).data
    except UnusableInputError as exc:
        raise HardeningInputError(str(path), "(document)", "SEC-4", exc.text) from exc
    if not isinstance(data, dict) or data.get("kind") != KIND or not isinstance(data.get("waivers"), list):
        raise HardeningInputError(
            str(path),
            "kind",
            "SEC-4",
            Text(
                f"不是 {KIND} 文件（需 kind 与 waivers 列表）", f"not a {KIND} file (kind and a waivers list)"
            ),
        )
    waivers: list[Waiver] = []
    for index, raw in enumerate(data["waivers"]):
        waiver = _parse(raw, f"waivers[{index}]", str(path))
        if any(w.id == waiver.id for w in waivers):
            raise HardeningInputError(
                str(path), f"waivers[{index}].id", "SEC-4", Text("编号重复", "the id is used twice")
            )
        waivers.append(waiver)
    return waivers


def _parse(raw: Any, where: str, source: str) -> Waiver:
    def bad(field: str, zh: str, en: str, rule: str = "SEC-4") -> HardeningInputError:
        return HardeningInputError(source, f"{where}.{field}", rule, Text(zh, en))

    if not isinstance(raw, dict):
        raise bad("(entry)", "豁免条目必须是映射", "a waiver must be a mapping")
    for field in REQUIRED:
        if field not in raw:
            raise bad(field, "缺少必填字段", "required field missing")
    if not isinstance(raw["id"], str) or not WAIVER_ID.match(raw["id"]):
        raise bad("id", "编号格式应为 HWV-YYYY-NNN", "the id must look like HWV-YYYY-NNN")
    for field in ("host", "check"):
        if not isinstance(raw[field], str) or not raw[field].strip() or raw[field].strip() == "*":
            raise bad(field, "须为具体的匹配模式（不得仅为 *）", "must be a specific pattern (not '*' alone)")
    text = raw["justification"]
    if not isinstance(text, dict) or any(
        len(str(text.get(k, "")).strip()) < MIN_JUSTIFICATION for k in ("zh", "en")
    ):
        raise bad(
            "justification",
            "须有中英文理由，各至少 10 个字符",
            "needs a reason in zh and en, 10 characters each",
        )
    _check_people(raw, bad)
    dates = _dates(raw, bad)
    return Waiver(
        raw["id"],
        raw["host"],
        raw["check"],
        Text(str(text["zh"]), str(text["en"])),
        raw["requester"],
        raw["approver"],
        dates["approved"],
        dates["expires"],
    )


def _check_people(raw: dict[str, Any], bad: Callable[..., HardeningInputError]) -> None:
    for field in ("requester", "approver"):
        if not isinstance(raw[field], str) or not raw[field].strip():
            raise bad(field, "须写明人员姓名", "must name a person")
    if same_person({"name": raw["requester"]}, {"name": raw["approver"]}):
        raise bad(
            "approver",
            "审批人不得是申请人本人（职责分离）",
            "the approver may not be the requester (separation of duties)",
        )


def _dates(raw: dict[str, Any], bad: Callable[..., HardeningInputError]) -> dict[str, date]:
    dates = {}
    for field in ("approved", "expires"):
        try:
            dates[field] = date.fromisoformat(str(raw[field]))
        except ValueError:
            raise bad(field, "日期格式应为 YYYY-MM-DD", "a date must be YYYY-MM-DD") from None
    if dates["expires"] < dates["approved"]:
        raise bad("expires", "到期日早于审批日", "expires before it was approved")
    return dates


def apply_waivers(results: list[dict[str, Any]], waivers: list[Waiver], today: date) -> None:
    """Mark each result's waiver in place: a failed check under an active one becomes ``waived``."""
    for result in results:
        check_id = result["test_id"].split(":", 1)[1]
        matching = [w for w in waivers if w.covers(result["host"], check_id)]
        if not matching:
            continue
        waiver = max(matching, key=lambda w: w.expires)
        status = (
            "active" if waiver.active(today) else ("expired" if today > waiver.expires else "not yet valid")
        )
        result["waiver"] = {**waiver.to_json(), "status": status}
        if result["result"] == "failed" and status == "active":
            result["result"] = "waived"
