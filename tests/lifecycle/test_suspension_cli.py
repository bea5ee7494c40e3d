"""``govcloud suspend`` and ``govcloud resume`` (SEC-8, OPS-2): refused before the engine or the cloud is reached.

The refusals exit 1 with nothing stopped or written, whatever the engine and the credentials; a run
against the in-memory Nova (``fake_cloud``, standing in for ``connect()`` and the engine's state) shows
the whole command: suspend, close the incident with its report, resume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from fake_cloud import FakeConn, stack_on

from govcloud.lifecycle import cloud, decommission
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import fold

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Desk

INC1 = "INC-REQ-2026-0042-1"
SUMMARY = {"summary": {"zh": "门户主机对外扫描", "en": "the portal's hosts scan the platform"}}


@pytest.fixture
def project(approved: Desk, stack_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stack ``lc-test`` building the desk's request, built on 10 Oct; no engine, no cloud credentials."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    monkeypatch.delenv("OS_CLOUD", raising=False)
    monkeypatch.delenv("OS_AUTH_URL", raising=False)
    return stack_project


def _suspend(desk: Desk, actor: str = "赵磊", role: str = "provider") -> int:
    return desk.cli("suspend", "lc-test", "--incident", INC1, "--as", actor, "--role", role)


@pytest.mark.usefixtures("project")
def test_refusals_come_before_the_engine_and_the_cloud(
    approved: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """SEC-8: no engine is built here (exit 3 once reached), so each exit 1 was decided first."""
    before = read_entries(approved.record)
    assert _suspend(approved, "王敏", "requester") == 1
    assert capsys.readouterr().err == (
        "govcloud suspend: --role (SEC-4, LC-1): suspended 只能由 provider 记录，不能由 requester 记录 / "
        "suspended is recorded by provider only, not by requester [record-role-allowed]\n"
    )
    assert _suspend(approved) == 1
    assert capsys.readouterr().err == (
        "govcloud suspend: --incident (SEC-8, OPS-2): 事件 INC-REQ-2026-0042-1 尚未开启：只有处理中的严重事件"
        "才可暂停服务 / incident INC-REQ-2026-0042-1 has not been opened: only an open critical incident "
        "suspends [suspension-incident-critical]\n"
    )
    assert read_entries(approved.record) == before
    approved.act("incident-opened", "赵磊", "provider", "2026-10-11 10:00", severity="critical", **SUMMARY)
    assert _suspend(approved) == 3  # allowed: now the engine is needed, and there is none
    assert "[engine-built]" in capsys.readouterr().err
    assert approved.cli("resume", "lc-test", "--as", "赵磊", "--role", "provider") == 1
    err = capsys.readouterr().err
    assert err.startswith("govcloud resume: event (SEC-8, OPS-2): 当前阶段 provisioned 不能记录 resumed"), err
    assert len(read_entries(approved.record)) == len(before) + 1


@pytest.mark.usefixtures("project")
def test_suspend_then_close_then_resume_through_the_cli(
    approved: Desk, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SEC-8, OPS-2: the commands end to end over the fake Nova; the resumption waits for the report."""
    conn = FakeConn()
    engine = stack_on(conn, "gov-portal", (40, 20))
    monkeypatch.setattr(cloud, "connect", lambda: conn)
    monkeypatch.setattr("govcloud.commands.suspension.engine_environ", lambda _root: {})
    monkeypatch.setattr(decommission.EngineStack, "of", classmethod(lambda *_: engine))
    approved.act("incident-opened", "赵磊", "provider", "2026-10-11 10:00", severity="critical", **SUMMARY)
    assert _suspend(approved) == 0
    out = capsys.readouterr().out
    assert out.startswith("== suspend lc-test (REQ-2026-0042) for INC-REQ-2026-0042-1\n"), out
    assert "2 server(s) SHUTOFF" in out
    assert "suspended (from provisioned)" in out
    assert {s.status for s in conn.compute.servers.values()} == {"SHUTOFF"}
    resume = ("resume", "lc-test", "--as", "赵磊", "--role", "provider")
    assert approved.cli(*resume) == 1
    assert "[resume-after-handling]" in capsys.readouterr().err
    assert conn.compute.starts == 0
    close = ("incident", "close", "REQ-2026-0042", INC1, "--report", "SEC-RPT-2026-031")
    texts = ("--summary-zh", "已清除木马", "--summary-en", "trojan removed")
    assert approved.cli(*close, *texts, "--as", "赵磊", "--role", "provider") == 0
    assert approved.cli(*resume) == 0
    out = capsys.readouterr().out
    assert "2 server(s) ACTIVE" in out
    assert "resumed (back to provisioned)" in out
    assert {s.status for s in conn.compute.servers.values()} == {"ACTIVE"}
    entries = read_entries(approved.record)
    assert [e["event"] for e in entries[-4:]] == [
        "incident-opened",
        "suspended",
        "incident-closed",
        "resumed",
    ]
    assert fold(entries).stage == "provisioned"


@pytest.mark.usefixtures("project")
def test_resume_with_the_incident_closed_needs_the_cloud_credentials(
    approved: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """SEC-8: the checks pass, then the cloud is asked for: unusable without OS_CLOUD (exit 2)."""
    approved.act("incident-opened", "赵磊", "provider", "2026-10-11 10:00", severity="critical", **SUMMARY)
    server = {"id": "s-1", "name": "gov-portal-app-1", "status": "SHUTOFF"}
    approved.act("suspended", "赵磊", "provider", "2026-10-11 10:05", incident=INC1, servers=[server])
    report = {"ref": "SEC-RPT-2026-031", "zh": "已清除木马", "en": "trojan removed"}
    approved.act("incident-closed", "赵磊", "provider", "2026-10-12 10:00", incident=INC1, report=report)
    assert approved.cli("resume", "lc-test", "--as", "赵磊", "--role", "provider") == 2
    assert capsys.readouterr().err.endswith("[cloud-credentials-given]\n")
    assert read_entries(approved.record)[-1]["event"] == "incident-closed"
