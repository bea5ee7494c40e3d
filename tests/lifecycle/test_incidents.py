"""The incident process (OPS-2): opened by the provider with a severity, closed once with its handling report.

``govcloud status`` lists the open incidents; the monthly report lists the month's with the time to close.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import TYPE_CHECKING

import pytest

from govcloud.lifecycle.errors import LifecycleError, RefusedError
from govcloud.lifecycle.keyring import load_keyring
from govcloud.lifecycle.monthly import build, to_csv
from govcloud.lifecycle.monthly_html import monthly_html
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import fold
from govcloud.lifecycle.status import row
from govcloud.lifecycle.verify import verify_record

if TYPE_CHECKING:
    from conftest import Desk

    from govcloud.catalogue.model import Catalogue

INC1, INC2 = "INC-REQ-2026-0042-1", "INC-REQ-2026-0042-2"
SUMMARY = {"zh": "门户主机对外扫描", "en": "the portal's hosts scan the platform"}
REPORT = {"ref": "SEC-RPT-2026-031", "zh": "已清除木马", "en": "trojan removed"}


@pytest.fixture
def built(approved: Desk) -> Desk:
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    return approved


def _open(*extra: str) -> list[str]:
    return [
        "incident",
        "open",
        "REQ-2026-0042",
        "--summary-zh",
        SUMMARY["zh"],
        "--summary-en",
        SUMMARY["en"],
        *extra,
    ]


def _close(incident: str, *extra: str) -> list[str]:
    return ["incident", "close", "REQ-2026-0042", incident, *extra]


def test_incident_open_and_close_through_the_cli_record_signed_entries(
    built: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """OPS-2: the incident gets its id, the closing names its report; the record verifies."""
    assert built.cli(*_open("--severity", "critical", "--as", "赵磊", "--role", "provider")) == 0
    assert f"incident-opened {INC1} (critical) of REQ-2026-0042" in capsys.readouterr().out
    assert built.cli(*_open("--severity", "minor", "--as", "赵磊", "--role", "provider")) == 0
    assert INC2 in capsys.readouterr().out
    closing = _close(
        INC1, "--report", REPORT["ref"], "--summary-zh", REPORT["zh"], "--summary-en", REPORT["en"]
    )
    assert built.cli(*closing, "--as", "赵磊", "--role", "provider") == 0
    entries = read_entries(built.record)
    assert [e["event"] for e in entries[-3:]] == ["incident-opened", "incident-opened", "incident-closed"]
    assert entries[-3]["data"] == {"incident": INC1, "severity": "critical", "summary": SUMMARY}
    assert entries[-1]["data"] == {"incident": INC1, "report": REPORT}
    assert verify_record(built.record, load_keyring(built.records)).problems == ()
    assert fold(entries).stage == "provisioned"  # an incident does not change the stage
    assert built.cli(*closing, "--as", "赵磊", "--role", "provider") == 1  # closed once only
    assert capsys.readouterr().err == (
        "govcloud incident: INCIDENT (OPS-2): 事件 INC-REQ-2026-0042-1 已经关闭 / incident "
        "INC-REQ-2026-0042-1 is closed already [incident-open]\n"
    )
    assert len(read_entries(built.record)) == len(entries)


def test_only_the_provider_opens_an_incident_and_only_on_a_built_system(
    approved: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """OPS-2, SEC-4: the requester records no incident; nothing is built yet, so there is nothing to handle."""
    before = read_entries(approved.record)
    assert approved.cli(*_open("--severity", "critical", "--as", "王敏", "--role", "requester")) == 1
    assert capsys.readouterr().err == (
        "govcloud incident: --role (SEC-4, LC-1): incident-opened 只能由 provider 记录，不能由 requester 记录 / "
        "incident-opened is recorded by provider only, not by requester [record-role-allowed]\n"
    )
    assert approved.cli(*_open("--severity", "critical", "--as", "赵磊", "--role", "provider")) == 1
    err = capsys.readouterr().err
    assert err.startswith("govcloud incident: event (OPS-2): 当前阶段 approved 不能记录 incident-opened"), err
    assert err.endswith("[record-stage-allows]\n")
    assert read_entries(approved.record) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ("--severity", "urgent"),
            (
                "--severity (OPS-2): 严重程度须为 critical、major、minor 之一：'urgent' / the severity is one of "
                "critical, major, minor: 'urgent'"
            ),
        ),
        (
            ("--severity", "major", "--summary-en", " "),
            "--summary-en (OPS-2): 须给出英文摘要（--summary-en） / a summary in English is needed (--summary-en)",
        ),
    ],
    ids=["severity", "summary"],
)
def test_an_incident_without_its_severity_or_summary_is_unusable(
    built: Desk, capsys: pytest.CaptureFixture[str], options: tuple[str, ...], message: str
) -> None:
    """OPS-2: exit 2, the field and the rule named, nothing written."""
    before = read_entries(built.record)
    assert built.cli(*_open(*options, "--as", "赵磊", "--role", "provider")) == 2
    assert capsys.readouterr().err == f"govcloud incident: {message} [incident-details-given]\n"
    assert read_entries(built.record) == before


def test_closing_checks_the_id_the_report_and_that_the_incident_is_open(built: Desk) -> None:
    """OPS-2: a malformed or foreign id is unusable; one not opened is refused; a report is required."""
    with pytest.raises(RefusedError, match="has not been opened") as refused:
        built.act("incident-closed", "赵磊", "provider", "2026-10-11 09:00", incident=INC1, report=REPORT)
    assert refused.value.rule_id == "incident-open"
    built.act("incident-opened", "赵磊", "provider", "2026-10-11 10:00", severity="major", summary=SUMMARY)
    for wrong in ("INC-1", "INC-REQ-2026-0043-1", "INC-REQ-2026-0042-0"):
        with pytest.raises(LifecycleError, match="incident-id-usable") as unusable:
            built.act(
                "incident-closed", "赵磊", "provider", "2026-10-11 11:00", incident=wrong, report=REPORT
            )
        assert not isinstance(unusable.value, RefusedError)
        assert unusable.value.text.en == f"the incident id {wrong!r} is not INC-REQ-2026-0042-<n>"
    for report, field in (({"zh": "x", "en": "y"}, "--report"), ({"ref": "R-1", "zh": "x"}, "--summary-en")):
        with pytest.raises(LifecycleError, match="incident-details-given") as missing:
            built.act("incident-closed", "赵磊", "provider", "2026-10-11 11:00", incident=INC1, report=report)
        assert missing.value.field == field
    assert [e["event"] for e in read_entries(built.record)][-1] == "incident-opened"


def test_status_lists_the_open_incidents_until_they_are_closed(
    built: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """OPS-2: each request's open incidents, in the table and the JSON."""
    built.act("incident-opened", "赵磊", "provider", "2026-10-11 10:00", severity="critical", summary=SUMMARY)
    built.act("incident-opened", "赵磊", "provider", "2026-10-11 11:00", severity="minor", summary=SUMMARY)
    assert built.cli("status", "--format", "json", "--today", "2026-10-12") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["openIncidents"] == [
        {"id": INC1, "severity": "critical"},
        {"id": INC2, "severity": "minor"},
    ]
    assert built.cli("status", "--today", "2026-10-12") == 0
    assert f"incident {INC1} open (critical, OPS-2) / 事件处理中" in capsys.readouterr().out
    built.act("incident-closed", "赵磊", "provider", "2026-10-12 09:00", incident=INC1, report=REPORT)
    later = row(fold(read_entries(built.record)), date(2026, 10, 12))
    assert later.open_incidents == ((INC2, "minor"),)
    assert not any(INC1 in flag for flag in later.flags)


def test_the_monthly_report_lists_the_month_s_incidents_with_their_time_to_close(
    built: Desk, catalogue: Catalogue
) -> None:
    """OPS-2, EVAL-3: opened and closed, hours to close; one closed before the month is not October's."""
    built.act("incident-opened", "赵磊", "provider", "2026-10-11 10:00", severity="minor", summary=SUMMARY)
    built.act("incident-closed", "赵磊", "provider", "2026-10-11 12:00", incident=INC1, report=REPORT)
    built.act("incident-opened", "赵磊", "provider", "2026-10-30 22:00", severity="critical", summary=SUMMARY)
    built.act("incident-closed", "赵磊", "provider", "2026-11-02 09:30", incident=INC2, report=REPORT)
    built.act("incident-opened", "赵磊", "provider", "2026-11-03 09:00", severity="major", summary=SUMMARY)
    october = build(built.records, catalogue, "2026-10")
    assert [(i.id, i.hours_to_close) for i in october.incidents] == [(INC1, 2.0), (INC2, 59.5)]
    november = build(built.records, catalogue, "2026-11")
    assert [(i.id, i.severity, i.hours_to_close) for i in november.incidents] == [
        (INC2, "critical", 59.5),
        ("INC-REQ-2026-0042-3", "major", None),
    ]
    listed = november.as_json()["incidents"]
    assert listed[0] == {
        "requestId": "REQ-2026-0042",
        "unit": "市人民政府办公室",
        "incident": INC2,
        "severity": "critical",
        "opened": "2026-10-30T22:00:00+08:00",
        "closed": "2026-11-02T09:30:00+08:00",
        "hoursToClose": 59.5,
        "summary": SUMMARY,
        "report": "SEC-RPT-2026-031",
        "requirement": "OPS-2",
    }
    assert listed[1]["closed"] is None
    rows = [r for r in csv.DictReader(io.StringIO(to_csv(november))) if r["section"] == "incident"]
    assert [(r["request"], r["subject"], r["requirement"]) for r in rows] == [
        ("REQ-2026-0042", INC2, "OPS-2"),
        ("REQ-2026-0042", "INC-REQ-2026-0042-3", "OPS-2"),
    ]
    assert "after 59.5 h, report SEC-RPT-2026-031" in rows[0]["detail"]
    assert rows[1]["detail"].endswith("still open")
    page = monthly_html(november)
    assert 'data-incidents="2"' in page
    assert page.count("data-hours-to-close=") == 1
    assert 'data-hours-to-close="59.5"' in page
