"""The month's recorded configuration checks (``govcloud drift --record``) for the monthly report (LC-8, OPS-2).

The operations report says not only what was built and billed but that what runs is what was approved:
each signed ``configuration-checked`` entry of the month with its findings and the SM3 of its evidence,
so a reader can ask for the file and check it. A system with findings stays flagged in ``govcloud status``
until a clean check is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any

from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.status import record_paths

if TYPE_CHECKING:
    from pathlib import Path

EVENT = "configuration-checked"
REQUIREMENT = "LC-8, OPS-2"


@dataclass(frozen=True, slots=True)
class ConfigurationCheck:
    """One recorded check: whose system, which stack, when, by whom, how many findings, the evidence's SM3."""

    request_id: str
    unit: str
    stack: str
    at: datetime
    checked_by: str
    findings: int
    evidence_sm3: str

    def as_json(self) -> dict[str, Any]:
        """The monthly report's JSON shape."""
        return {
            "requestId": self.request_id,
            "unit": self.unit,
            "stack": self.stack,
            "at": self.at.isoformat(),
            "checkedBy": self.checked_by,
            "findings": self.findings,
            "evidenceSm3": self.evidence_sm3,
            "requirement": REQUIREMENT,
        }

    def detail(self) -> str:
        """The CSV's detail: when, by whom, the findings, the evidence."""
        return f"{self.at.isoformat()} by {self.checked_by}: {self.findings} finding(s); evidence SM3 {self.evidence_sm3}"


def month_checks(records: Path, start: datetime, end: datetime) -> list[ConfigurationCheck]:
    """Every ``configuration-checked`` entry recorded in ``[start, end)``, oldest first."""
    found = []
    for path in record_paths(records):
        unit = ""
        for entry in read_entries(path):
            data = entry.get("data") or {}
            unit = str(data.get("unit", unit))
            if entry["event"] != EVENT:
                continue
            at = datetime.fromisoformat(entry["at"])
            if start <= at < end:
                found.append(
                    ConfigurationCheck(
                        entry["request"]["id"],
                        unit,
                        str(data.get("stack", "")),
                        at,
                        str(entry["actor"]["name"]),
                        int(data.get("findings", 0)),
                        str((data.get("evidence") or {}).get("sm3", "")),
                    )
                )
    return sorted(found, key=lambda check: (check.at, check.request_id))


def section_html(checks: tuple[ConfigurationCheck, ...]) -> str:
    """The page's section; ``data-configuration-checks`` and each row's ``data-findings`` for a checker."""
    rows = "".join(
        f"<tr><td>{escape(c.unit)}</td><td>{escape(c.request_id)}</td><td>{escape(c.stack)}</td>"
        f"<td>{c.at.isoformat()}</td><td>{escape(c.checked_by)}</td>"
        f'<td class="n" data-findings="{c.findings}">{c.findings}</td><td>{escape(c.evidence_sm3)}</td></tr>'
        for c in checks
    )
    return f"""<h2>配置核查 / Configuration checks (LC-8, OPS-2)</h2>
<table data-configuration-checks="{len(checks)}"><thead><tr><th>unit</th><th>request</th><th>stack</th>
<th>checked</th><th>by</th><th>findings</th><th>evidence SM3</th></tr></thead><tbody>{rows}</tbody></table>
"""
