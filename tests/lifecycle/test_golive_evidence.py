"""LC-7: go-live evidence from ``govcloud scan``/``audit`` is pinned by its SM3 and must be this system's, clean.

An outside report (the third-party 等保 test) is a reference; a file the project produced is checked:
changed after it was written is unusable (exit 2), another system's or with failed checks is refused (exit 1),
and the record keeps its SM3 so the auditor can match the very file later (SEC-6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from govcloud.cli import main
from govcloud.hardening import evidence
from govcloud.lifecycle.record import read_entries

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Desk


def _row(result: str) -> dict[str, Any]:
    return {
        "host": "gov-portal-db-1",
        "requirement": "SEC-4",
        "clause": "8.1.3.2",
        "test_id": "t",
        "result": result,
    }


def _evidence(path: Path, stack: str, *results: str) -> Path:
    meta = {"kind": "exposure-scan", "stack": stack, "finished": "2026-10-19T10:00:00+08:00"}
    evidence.write(evidence.build(meta, [_row(result) for result in results]), path)
    return path


def _live(desk: Desk, scan: Path, audit: Path) -> int:
    argv = ["record", "live", "REQ-2026-0042", "--as", "王敏", "--role", "requester"]
    argv += ["--evidence", f"penetrationTest={scan}", "--evidence", f"vulnerabilityScan={audit}"]
    argv += [
        "--evidence",
        "mlpsTestReport=DJCP-2026-0042",
        "--records",
        str(desk.records),
        "--keys",
        str(desk.keys),
    ]
    return main(argv)


@pytest.fixture
def provisioned(approved: Desk) -> Desk:
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    return approved


def test_clean_evidence_of_the_system_is_pinned_in_the_record(provisioned: Desk, tmp_path: Path) -> None:
    scan = _evidence(tmp_path / "exposure.json", "gov-portal", "passed", "passed")
    audit = _evidence(tmp_path / "evidence.json", "gov-portal", "passed", "not_applicable")
    assert _live(provisioned, scan, audit) == 0
    entry = read_entries(provisioned.record)[-1]
    assert entry["event"] == "live"
    pinned = entry["data"]["evidence"]["penetrationTest"]
    assert pinned["sm3"] == (tmp_path / "exposure.json.sm3").read_text(encoding="utf-8").split()[0]
    assert (pinned["stack"], pinned["kind"], pinned["checks"], pinned["failed"]) == (
        "gov-portal",
        "exposure-scan",
        2,
        0,
    )
    assert entry["data"]["evidence"]["mlpsTestReport"] == "DJCP-2026-0042", (
        "an outside report stays a reference"
    )


def test_a_changed_evidence_file_is_unusable(
    provisioned: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan = _evidence(tmp_path / "exposure.json", "gov-portal", "passed")
    scan.write_text(scan.read_text(encoding="utf-8").replace('"passed"', '"failed"'), encoding="utf-8")
    before = provisioned.record.read_bytes()
    assert _live(provisioned, scan, _evidence(tmp_path / "audit.json", "gov-portal", "passed")) == 2
    err = capsys.readouterr().err
    assert "--evidence penetrationTest (LC-7, SEC-6): 证据文件不可用" in err
    assert "the file's SM3 digest does not match exposure.json.sm3" in err
    assert "the embedded SM3 digest does not match the content [golive-evidence-intact]" in err
    assert provisioned.record.read_bytes() == before


@pytest.mark.parametrize(
    ("stack", "results", "says"),
    [
        (
            "gov-portal",
            ("passed", "failed"),
            "must be evidence of this system gov-portal with nothing failed (it is gov-portal's, 1 failed)",
        ),
        (
            "approval",
            ("passed",),
            "must be evidence of this system gov-portal with nothing failed (it is approval's, 0 failed)",
        ),
    ],
    ids=["a-failed-check", "another-system"],
)
def test_evidence_that_failed_or_is_another_systems_is_refused(
    provisioned: Desk, capsys: pytest.CaptureFixture[str], stack: str, results: tuple[str, ...], says: str
) -> None:
    tmp_path = provisioned.records.parent
    scan = _evidence(tmp_path / "exposure.json", stack, *results)
    before = provisioned.record.read_bytes()
    assert _live(provisioned, scan, _evidence(tmp_path / "audit.json", "gov-portal", "passed")) == 1
    err = capsys.readouterr().err
    assert "evidence.penetrationTest (LC-7)" in err
    assert says in err
    assert "[golive-security-tested]" in err
    assert provisioned.record.read_bytes() == before
