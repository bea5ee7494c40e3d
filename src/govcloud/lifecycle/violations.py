"""Tenants' unresolved violations (EVAL-5): while one is open, admission gives the tenant nothing new.

The register is ``<records>/violations.json`` beside the records (in git, so who opened and who
resolved a violation is reviewable). A utilisation review opens one for each idle or over-provisioned
resource it finds; ``govcloud usage resolve`` closes it once the tenant has scaled down or released it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.files import write_atomic
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.paths import records_dir
from govcloud.paths import ProjectNotFoundError

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.lifecycle.usage import Recommendation

REGISTER = "violations.json"
BREACHES = frozenset({"idle", "over-provisioned"})


def load(records: Path) -> list[dict[str, Any]]:
    """Every violation, open or resolved; none when there is no register."""
    path = records / REGISTER
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return list(data["violations"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise LifecycleError(
            "violations-register-usable",
            str(path),
            Text(f"违规登记簿无法读取：{error}", f"the violation register cannot be read: {error}"),
        ) from error


def open_for(unit: str, records: Path | None = None) -> list[dict[str, Any]]:
    """The unit's unresolved violations; none outside any project, where there is no register to consult."""
    try:
        register = load(records or records_dir())
    except ProjectNotFoundError:
        return []
    return [v for v in register if v["unit"] == unit and v["resolved"] is None]


def open_violations(records: Path, findings: list[Recommendation]) -> list[dict[str, Any]]:
    """Register each breach not already open; the new entries."""
    register = load(records)
    now = datetime.now(CHINA).isoformat(timespec="seconds")
    new = []
    for finding in findings:
        if finding.kind not in BREACHES:
            continue
        if any(
            v["unit"] == finding.unit
            and v["resource"] == finding.resource
            and v["kind"] == finding.kind
            and v["resolved"] is None
            for v in register
        ):
            continue
        entry = {
            "id": f"V-{len(register) + 1:05d}",
            "unit": finding.unit,
            "request": finding.request,
            "resource": finding.resource,
            "kind": finding.kind,
            "requirement": finding.requirement,
            "opened": now,
            "resolved": None,
        }
        register.append(entry)
        new.append(entry)
    if new:
        _save(records, register)
    return new


def resolve(records: Path, violation_id: str) -> None:
    """Close one open violation."""
    register = load(records)
    for entry in register:
        if entry["id"] == violation_id and entry["resolved"] is None:
            entry["resolved"] = datetime.now(CHINA).isoformat(timespec="seconds")
            _save(records, register)
            return
    raise LifecycleError(
        "violations-register-usable",
        "violation_id",
        Text(f"没有未整改的违规 {violation_id}", f"no open violation {violation_id}"),
    )


def _save(records: Path, register: list[dict[str, Any]]) -> None:
    records.mkdir(parents=True, exist_ok=True)
    write_atomic(
        records / REGISTER, json.dumps({"violations": register}, ensure_ascii=False, indent=1) + "\n"
    )
