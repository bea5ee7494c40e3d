"""JUnit XML from the evidence, so CI and auditors' tools read the same outcomes as the report.

Waived and not-applicable checks are ``<skipped>`` with a ``type`` saying which, never a pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from govcloud.files import write_atomic

if TYPE_CHECKING:
    from pathlib import Path


def render(stack: str, results: list[dict[str, Any]]) -> str:
    """One ``<testsuite>`` per host, one ``<testcase>`` per check."""
    root = ET.Element("testsuites", name=f"govcloud audit {stack}")
    for host in sorted({r["host"] for r in results}):
        rows = [r for r in results if r["host"] == host]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=host,
            tests=str(len(rows)),
            failures=str(sum(r["result"] == "failed" for r in rows)),
            skipped=str(sum(r["result"] in {"waived", "not_applicable"} for r in rows)),
            time=f"{sum(r['seconds'] for r in rows):.3f}",
        )
        for row in rows:
            case = ET.SubElement(
                suite,
                "testcase",
                name=row["test_id"],
                classname=f"{row['requirement']}.GB/T22239-2019-{row['clause']}.{row['check']}",
                time=f"{row['seconds']:.4f}",
            )
            props = ET.SubElement(case, "properties")
            for key in ("requirement", "clause", "item"):
                ET.SubElement(props, "property", name=key, value=str(row[key]))
            if row["result"] == "failed":
                note = _waiver_note(row)
                ET.SubElement(case, "failure", message=(row["output"] + note)[:500]).text = (
                    row["output"] + note
                )
            elif row["result"] == "waived":
                w = row["waiver"]
                ET.SubElement(
                    case,
                    "skipped",
                    type="waived",
                    message=f"waived by {w['id']} until {w['expires']}: {w['justification']['en']}",
                )
            elif row["result"] == "not_applicable":
                ET.SubElement(case, "skipped", type="not-applicable", message=row["output"])
            ET.SubElement(case, "system-out").text = row["output"]
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _waiver_note(row: dict[str, Any]) -> str:
    waiver = row.get("waiver")
    return f" (waiver {waiver['id']} {waiver['status']}, expiry {waiver['expires']})" if waiver else ""


def write(stack: str, results: list[dict[str, Any]], path: Path) -> None:
    """Write the JUnit file atomically."""
    write_atomic(path, render(stack, results))
