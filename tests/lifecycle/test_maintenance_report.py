"""The monthly report's maintenance section (OPS-1, EVAL-3): windows, hours per affected system, flags.

November 2026 on the desk of ``maintenance_desk``: MNT-2026-001 over ``all`` touches only the portal
(REQ-2026-0043 is not built), 4 h; MNT-2026-002 6 h planned and 3 h beyond its end; MNT-2026-003 1 h;
MNT-2026-004 2 h of November and 2 of December; MNT-2026-005 was cancelled and counts for nothing.
JSON, CSV and the page (read back in headless Chromium by the slow test) must say the same.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from typing import TYPE_CHECKING

import pytest
from maintenance_desk import build_november, build_platform

from govcloud.cli import main
from govcloud.lifecycle.monthly import build, to_csv
from govcloud.lifecycle.monthly_html import monthly_html

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import Desk

    from govcloud.catalogue.model import Catalogue

PORTAL, SECOND = "REQ-2026-0042", "REQ-2026-0043"
FLAGS = [
    ("MNT-2026-002", "maintenance-approved-before-start"),
    ("MNT-2026-002", "maintenance-announced-before-start"),
    ("MNT-2026-002", "maintenance-window-within-limit"),
    ("MNT-2026-002", "maintenance-ends-on-time"),
    ("MNT-2026-003", "maintenance-notice-in-time"),
]


@pytest.fixture
def november(approved: Desk) -> Desk:
    return build_november(build_platform(approved))


def test_hours_per_affected_system_and_the_flags_of_the_month(november: Desk, catalogue: Catalogue) -> None:
    """OPS-1: planned hours within the month, hours beyond the window, and every flag of the month's windows."""
    section = build(november.records, catalogue, "2026-11").as_json()["maintenance"]
    assert section["monthHours"] == 720.0
    windows = {
        w["windowId"]: (w["phase"], w["plannedHours"], w["overrunHours"], w["systems"])
        for w in section["windows"]
    }
    assert windows == {
        "MNT-2026-001": ("done", 4.0, 0.0, [PORTAL]),
        "MNT-2026-002": ("done", 6.0, 3.0, [PORTAL]),
        "MNT-2026-003": ("done", 1.0, 0.0, [PORTAL]),
        "MNT-2026-004": ("in-window", 2.0, 0.0, [SECOND]),  # as of midnight at the end of 30 November
    }
    assert section["systems"] == [
        {
            "requestId": PORTAL,
            "unit": "市人民政府办公室",
            "windows": ["MNT-2026-001", "MNT-2026-002", "MNT-2026-003"],
            "plannedHours": 11.0,
            "overrunHours": 3.0,
            "plannedShare": 0.0153,
        },
        {
            "requestId": SECOND,
            "unit": "市人民政府办公室",
            "windows": ["MNT-2026-004"],
            "plannedHours": 2.0,
            "overrunHours": 0.0,
            "plannedShare": 0.0028,
        },
    ]
    assert [(f["windowId"], f["kind"]) for f in section["flags"]] == FLAGS
    assert {f["requirement"] for f in section["flags"]} == {"OPS-1"}


def test_a_window_still_open_keeps_counting_into_the_next_month(november: Desk, catalogue: Catalogue) -> None:
    """OPS-1: MNT-2026-004 never recorded done: by the end of December it has overrun the whole month."""
    section = build(november.records, catalogue, "2026-12").as_json()["maintenance"]
    (window,) = section["windows"]
    assert (window["windowId"], window["phase"], window["plannedHours"], window["overrunHours"]) == (
        "MNT-2026-004",
        "overrunning",
        2.0,
        742.0,  # 1 December 02:00 to 1 January 00:00
    )
    assert [f["kind"] for f in section["flags"]] == [
        "maintenance-window-within-limit",
        "maintenance-ends-on-time",
    ]
    early = build(november.records, catalogue, "2026-11", today=date(2026, 11, 20))
    assert [w["windowId"] for w in early.as_json()["maintenance"]["windows"]] == [
        "MNT-2026-001",
        "MNT-2026-002",
        "MNT-2026-004",  # MNT-2026-003 is planned on the 23rd; MNT-2026-005 was cancelled that morning
    ]


def test_csv_rows_carry_the_json_s_hours_and_flags(november: Desk, catalogue: Catalogue) -> None:
    """OPS-1: one row per window, per system and window (planned, beyond), per flag."""
    report = build(november.records, catalogue, "2026-11")
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    section = report.as_json()["maintenance"]
    assert [r["request"] for r in rows if r["section"] == "maintenance-window"] == [
        w["windowId"] for w in section["windows"]
    ]
    for system in section["systems"]:
        mine = [r for r in rows if r["request"] == system["requestId"]]
        planned = sum(float(r["detail"]) for r in mine if r["section"] == "maintenance-planned-hours")
        overrun = sum(float(r["detail"]) for r in mine if r["section"] == "maintenance-overrun-hours")
        assert (planned, overrun) == (system["plannedHours"], system["overrunHours"])
    flags = [
        (r["request"], r["subject"], r["requirement"]) for r in rows if r["section"] == "maintenance-flag"
    ]
    assert flags == [(window, kind, "OPS-1") for window, kind in FLAGS]


def test_the_report_command_writes_the_section(november: Desk, tmp_path: Path) -> None:
    """OPS-1: ``govcloud report monthly`` carries it in all three outputs."""
    out = {kind: tmp_path / f"nov.{kind}" for kind in ("json", "csv", "html")}
    argv = ["report", "monthly", "--month", "2026-11", "--records", str(november.records)]
    assert main([*argv, *(arg for kind, path in out.items() for arg in (f"--{kind}", str(path)))]) == 0
    assert len(json.loads(out["json"].read_text(encoding="utf-8"))["maintenance"]["flags"]) == len(FLAGS)
    assert out["csv"].read_text(encoding="utf-8").count(",maintenance-flag,") == len(FLAGS)
    assert 'data-maintenance-flags="5"' in out["html"].read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_page_in_headless_chromium_shows_the_json_s_hours_and_flags(
    november: Desk, catalogue: Catalogue, tmp_path: Path, headless_chromium: Callable[[Path, Path, str], str]
) -> None:
    """OPS-1, EVAL-3: what the browser rendered, not our objects, agrees with the JSON and the CSV."""
    report = build(november.records, catalogue, "2026-11")
    page = tmp_path / "november.html"
    page.write_text(monthly_html(report), encoding="utf-8")
    dom = headless_chromium(page, tmp_path / "november.png", "1100,1600")
    section = report.as_json()["maintenance"]
    rendered = {
        system: (float(planned), float(overrun))
        for system, planned, overrun in re.findall(
            r'data-system="([A-Z0-9-]+)" data-planned-hours="([0-9.]+)" data-overrun-hours="([0-9.]+)"', dom
        )
    }
    assert rendered == {s["requestId"]: (s["plannedHours"], s["overrunHours"]) for s in section["systems"]}
    windows = int(re.search(r'data-maintenance-windows="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    assert windows == len(section["windows"]) == 4
    assert re.findall(r'data-flag="([a-z-]+)"', dom) == [kind for _, kind in FLAGS]
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert len(re.findall(r'data-flag="', dom)) == sum(r["section"] == "maintenance-flag" for r in rows)
    assert "通知迟发" in dom
    assert "1.53%" in dom  # the portal: 11 of 720 hours in planned windows
