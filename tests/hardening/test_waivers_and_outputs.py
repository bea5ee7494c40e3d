"""Waivers as data (SEC-4), SM3 evidence (SEC-6, SEC-7), JUnit and the HTML report from one result list."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

import pytest
import yaml

from govcloud.hardening import evidence, html_report, junit
from govcloud.hardening.errors import HardeningInputError
from govcloud.hardening.waivers import apply_waivers, load_waivers

if TYPE_CHECKING:
    from pathlib import Path

TODAY = date(2026, 12, 1)


def _row(host: str, item: str, result: str, req: str = "SEC-4", clause: str = "8.1.4.1c") -> dict[str, Any]:
    return {
        "host": host,
        "check": "test_sshd_setting",
        "item": item,
        "requirement": req,
        "clause": clause,
        "test_id": f"{host}:{req}:GB/T22239-2019-{clause}:{item}",
        "result": result,
        "expected": "no",
        "output": f"{item} observed <b>",
        "seconds": 0.01,
        "time": "2026-12-01T08:00:00Z",
    }


def _waiver(**changes: Any) -> dict[str, Any]:
    entry = {
        "id": "HWV-2026-001",
        "host": "gov-portal-web-*",
        "check": "SEC-4:GB/T22239-2019-8.1.4.1c:permitrootlogin",
        "justification": {
            "zh": "迁移期间供应商工具需以 root 登录",
            "en": "the vendor's migration tool needs root",
        },
        "requester": "王敏",
        "approver": "黄静",
        "approved": "2026-11-01",
        "expires": "2026-12-31",
    }
    return {**entry, **changes}


def _write(tmp_path: Path, *waivers: dict[str, Any]) -> Path:
    path = tmp_path / "waivers.yml"
    document = {"apiVersion": "govcloud-iac/v1", "kind": "HardeningWaivers", "waivers": list(waivers)}
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_active_waiver_makes_a_failure_waived_never_passed(tmp_path: Path) -> None:
    rows = [
        _row("gov-portal-web-1", "permitrootlogin", "failed"),
        _row("gov-portal-db-1", "permitrootlogin", "failed"),
    ]
    apply_waivers(rows, load_waivers(_write(tmp_path, _waiver())), TODAY)
    assert [r["result"] for r in rows] == ["waived", "failed"]
    assert rows[0]["waiver"]["status"] == "active"


def test_expired_waiver_leaves_the_check_failed(tmp_path: Path) -> None:
    rows = [_row("gov-portal-web-1", "permitrootlogin", "failed")]
    apply_waivers(rows, load_waivers(_write(tmp_path, _waiver(expires="2026-11-30"))), TODAY)
    assert rows[0]["result"] == "failed"
    assert rows[0]["waiver"]["status"] == "expired"


def test_waiver_on_a_passing_check_changes_nothing(tmp_path: Path) -> None:
    rows = [_row("gov-portal-web-1", "permitrootlogin", "passed")]
    apply_waivers(rows, load_waivers(_write(tmp_path, _waiver())), TODAY)
    assert rows[0]["result"] == "passed"


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"approver": "王　敏"}, "waivers[0].approver", "SEC-4"),  # full-width space: the same person
        ({"host": "*"}, "waivers[0].host", "SEC-4"),
        ({"expires": "2026-10-01"}, "waivers[0].expires", "SEC-4"),
        ({"id": "W-1"}, "waivers[0].id", "SEC-4"),
        ({"justification": {"zh": "短", "en": "short"}}, "waivers[0].justification", "SEC-4"),
    ],
)
def test_unusable_waiver_names_its_field_and_rule(
    tmp_path: Path, changes: dict[str, Any], field: str, rule: str
) -> None:
    with pytest.raises(HardeningInputError) as caught:
        load_waivers(_write(tmp_path, _waiver(**changes)))
    assert (caught.value.field, caught.value.rule) == (field, rule)
    assert re.search(r"[\u4e00-\u9fff]", caught.value.text.zh), "the message has a Chinese text"


def _document() -> dict[str, Any]:
    rows = [
        _row("h1", "permitrootlogin", "failed"),
        _row("h1", "maxauthtries", "passed", "SEC-10", "8.1.4.1b"),
        _row("h2", "permitrootlogin", "waived"),
        _row("h2", "auditd-running", "not_applicable", "SEC-7", "8.1.4.3d"),
    ]
    rows[2]["waiver"] = {**_waiver(), "status": "active"}
    meta = {"stack": "s", "inventory": "i.yml", "started": "a", "finished": "b", "waivers": []}
    return evidence.build(meta, rows)


def test_evidence_digests_detect_a_changed_line(tmp_path: Path) -> None:
    path = tmp_path / "evidence.json"
    evidence.write(_document(), path)
    assert evidence.verify(path) == []
    text = path.read_text(encoding="utf-8").replace('"result": "failed"', '"result": "passed"', 1)
    path.write_text(text, encoding="utf-8")
    assert len(evidence.verify(path)) == 2, "both the file digest and the embedded digest break"


def test_summary_counts_each_outcome_per_requirement_and_host() -> None:
    summary = _document()["summary"]
    assert summary["total"] == {
        "checks": 4,
        "passed": 1,
        "failed": 1,
        "waived": 1,
        "not_applicable": 1,
        "hosts": 2,
    }
    assert summary["by_requirement"]["SEC-4"] == {
        "checks": 2,
        "passed": 0,
        "failed": 1,
        "waived": 1,
        "not_applicable": 0,
    }
    assert summary["by_host"]["h2"]["waived"] == 1


def test_junit_marks_waived_and_not_applicable_as_skipped_not_passed() -> None:
    root = ET.fromstring(junit.render("s", _document()["results"]))  # noqa: S314 - our own output
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["h1:SEC-4:GB/T22239-2019-8.1.4.1c:permitrootlogin"].find("failure") is not None
    waived = cases["h2:SEC-4:GB/T22239-2019-8.1.4.1c:permitrootlogin"].find("skipped")
    assert waived is not None
    assert waived.get("type") == "waived"
    na = cases["h2:SEC-7:GB/T22239-2019-8.1.4.3d:auditd-running"].find("skipped")
    assert na is not None
    assert na.get("type") == "not-applicable"
    assert [s.get("failures") for s in root.iter("testsuite")] == ["1", "0"]


def test_html_report_is_self_contained_escaped_and_carries_the_summary() -> None:
    document = _document()
    page = html_report.render(document)
    assert "<script" not in page
    assert "http" not in page.replace("https://", "").split("<body>")[0], "no external resource in the head"
    assert "observed &lt;b&gt;" in page
    figures = dict(re.findall(r'data-figure="(\w+)">(\d+)<', page))
    total = document["summary"]["total"]
    assert figures == {
        k: str(total[k]) for k in ("checks", "hosts", "passed", "failed", "waived", "not_applicable")
    }
    assert "HWV-2026-001" in page
    per_host = page.split('id="host-h1"')[1].split('id="host-h2"')[0]
    assert "permitrootlogin" in per_host, "h1's failure is listed under h1"
    assert "maxauthtries" not in per_host, "passed lines are not exceptions"
    assert json.loads(json.dumps(document))["integrity"]["digest"] in page
