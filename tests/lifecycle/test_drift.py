"""``govcloud drift`` without the box (LC-8, OPS-2): the engine's events read, the evidence sealed, the refusals.

The real check against OpenStack, with changes made by hand through the API, is in
``tests/engine/test_engine_box.py``; here the parts that decide what a finding says.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest

from govcloud.catalogue.model import load_default
from govcloud.cli import main
from govcloud.engine import observed
from govcloud.hardening import evidence
from govcloud.lifecycle import drift, monthly, status
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.monthly_html import monthly_html
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import fold
from govcloud.loader import load_path
from govcloud.provisioning import settings
from govcloud.provisioning.plan import build_plan

if TYPE_CHECKING:
    from conftest import Desk

    from govcloud.catalogue.model import Catalogue
    from govcloud.engine.runner import StackRunner

REPO = Path(__file__).resolve().parents[2]
STACK = "urn:pulumi:data-exchange::govcloud::"
RULE = (
    f"{STACK}govcloud:security:TierSecurityGroups$openstack:networking/secGroupRule:SecGroupRule::dx-in-443"
)
SERVER = f"{STACK}govcloud:compute:Server$openstack:compute/instance:Instance::dx-etl-1-instance"
VOLUME = f"{STACK}govcloud:compute:Server$openstack:blockstorage/volume:Volume::dx-etl-1-vol-data-2"
OLD_VOLUME = f"{STACK}govcloud:compute:Server$openstack:blockstorage/volume:Volume::dx-etl-2-vol-data-1"


def _step(op: str, urn: str, **extra: Any) -> dict[str, Any]:
    kind = urn.rsplit("::", 1)[0].rsplit("$", 1)[-1].rsplit("::", 1)[-1]
    return {"resourcePreEvent": {"metadata": {"op": op, "urn": urn, "type": kind, **extra}}}


def _refreshed(urn: str, *, gone: bool) -> dict[str, Any]:
    kind = urn.rsplit("::", 1)[0].rsplit("$", 1)[-1]
    new = None if gone else {"urn": urn, "outputs": {}}
    return {"resOutputsEvent": {"metadata": {"op": "refresh", "urn": urn, "type": kind, "new": new}}}


def _whats(findings: list[drift.Finding]) -> list[tuple[str, str]]:
    return [(finding.rule_id, finding.what) for finding in findings]


def test_a_resource_deleted_outside_is_one_finding_not_also_its_create() -> None:
    events = [
        _refreshed(RULE, gone=True),
        _step("refresh", RULE),
        _step("create", RULE),
        _step("same", SERVER),
    ]
    assert _whats(drift.engine_findings(events, {RULE, SERVER})) == [
        (
            "drift-state-matches-cloud",
            "SecGroupRule dx-in-443 is in the stack's state but deleted from OpenStack",
        )
    ]


def test_a_change_pulumi_would_undo_names_the_properties_and_a_replacement_counts_once() -> None:
    events = [
        _refreshed(SERVER, gone=False),
        _step("replace", SERVER, detailedDiff={"flavorName": {"kind": "update-replace"}, "name": {}}),
        _step("create-replacement", SERVER),
        _step("delete-replaced", SERVER),
    ]
    assert _whats(drift.engine_findings(events, {SERVER})) == [
        (
            "drift-state-matches-cloud",
            "Instance dx-etl-1-instance differs from what the stack set (flavorName, name): replace",
        )
    ]


def test_steps_the_approved_request_still_asks_for_are_an_unapplied_change() -> None:
    """A volume the approved change adds, not built yet; one the stack holds that the request dropped."""
    events = [_step("create", VOLUME), _step("delete", OLD_VOLUME), _step("same", SERVER)]
    assert _whats(drift.engine_findings(events, {SERVER, OLD_VOLUME})) == [
        (
            "drift-approved-change-applied",
            "Volume dx-etl-1-vol-data-2 is asked for by the approved request but not built",
        ),
        (
            "drift-approved-change-applied",
            "Volume dx-etl-2-vol-data-1 is built but no longer asked for by the approved request",
        ),
    ]


def test_an_update_the_approved_request_asks_for_is_not_drift() -> None:
    """The program's inputs differ from the state's: the approved change is pending, the cloud is as built."""
    old = {"inputs": {"tags": ["govcloud.request-digest=aaa"], "name": "dx-net"}}
    new = {"inputs": {"tags": ["govcloud.request-digest=bbb"], "name": "dx-net"}}
    events = [_step("update", SERVER, old=old, new=new, detailedDiff={"tags[0]": {"kind": "update"}})]
    assert _whats(drift.engine_findings(events, {SERVER})) == [
        (
            "drift-approved-change-applied",
            "Instance dx-etl-1-instance is to change as approved (tags) but is not changed yet: update",
        )
    ]
    same = {"inputs": old["inputs"]}
    events = [_step("update", SERVER, old=old, new=same, detailedDiff={"tags[0]": {"kind": "update"}})]
    assert [f.rule_id for f in drift.engine_findings(events, {SERVER})] == ["drift-state-matches-cloud"]


def test_a_steady_preview_finds_nothing() -> None:
    events = [_refreshed(SERVER, gone=False), _step("refresh", SERVER), _step("same", SERVER)]
    assert drift.engine_findings(events, {SERVER}) == []


def test_what_openstack_holds_beyond_the_state_is_named_with_its_id() -> None:
    seen = observed.Observed(
        labels={"r-1": "security group rule dx-web ingress IPv4 tcp 3389 from 0.0.0.0/0"}
    )
    seen.labels["v-9"] = "volume dx-stray"
    seen.labels["s-1"] = "server dx-web-1"
    assert _whats(drift.unmanaged(seen, {"s-1"})) == [
        (
            "drift-state-matches-cloud",
            (
                "security group rule dx-web ingress IPv4 tcp 3389 from 0.0.0.0/0 (r-1) is in OpenStack but not "
                "in the stack's state"
            ),
        ),
        ("drift-state-matches-cloud", "volume dx-stray (v-9) is in OpenStack but not in the stack's state"),
    ]


def test_a_finding_of_an_unregistered_rule_fails_where_it_is_made() -> None:
    with pytest.raises(KeyError, match="drift-made-up"):
        drift.Finding("drift-made-up", "anything")
    with pytest.raises(KeyError, match="drift-stack-built"):  # a refusal, not a finding
        drift.Finding("drift-stack-built", "anything")


def _plan() -> Any:
    return build_plan(load_path(settings.read(REPO, "data-exchange").request).data, load_default())


def test_the_evidence_is_sealed_with_sm3_and_says_what_was_compared(tmp_path: Path) -> None:
    found = drift.Drift(
        "data-exchange",
        _plan(),
        findings=[drift.Finding("drift-cloud-matches-approval", "volumes not in the plan: dx-stray")],
        counts={"servers": 4},
        cloud_resources=39,
        state_resources=38,
    )
    path = tmp_path / "drift.json"
    evidence.write(found.document(), path)
    assert evidence.verify(path) == []
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["summary"] == {
        "drift-cloud-matches-approval": 1,
        "drift-state-matches-cloud": 0,
        "drift-approved-change-applied": 0,
    }
    assert document["findings"] == [
        {
            "rule": "drift-cloud-matches-approval",
            "requirements": ["LC-8", "OPS-2", "CAT-1"],
            "what": "volumes not in the plan: dx-stray",
        }
    ]
    assert (document["requestId"], document["cloudResources"], document["stateResources"]) == (
        "REQ-2026-0063",
        39,
        38,
    )
    path.write_text(path.read_text(encoding="utf-8").replace("dx-stray", "dx-other"), encoding="utf-8")
    assert len(evidence.verify(path)) == 2, "an edited finding breaks both digests"


@dataclass
class _Backend:
    """A stack runner whose backend lacks the stack, or holds only its provider; records every call."""

    stack: str = "data-exchange"
    exists_: bool = False
    calls: list[str] = field(default_factory=list)

    def exists(self) -> bool:
        return self.exists_

    def state(self) -> dict[str, Any]:
        self.calls.append("state")
        provider = {
            "urn": f"{STACK}pulumi:providers:openstack::default",
            "type": "pulumi:providers:openstack",
        }
        return {"deployment": {"resources": [{**provider, "id": "p-1"}]}}

    def ensure(self, *, exists: bool | None = None) -> None:
        self.calls.append(f"ensure {exists}")

    def operation(self, *argv: str, **options: Any) -> None:
        self.calls.append(f"operation {argv} {options}")


@pytest.mark.parametrize("backend", [_Backend(), _Backend(exists_=True)], ids=["no-stack", "destroyed-stack"])
def test_a_stack_with_nothing_built_is_refused_before_the_engine_runs(
    tmp_path: Path, backend: _Backend
) -> None:
    exists = backend.exists_
    with pytest.raises(RefusedError) as refused:
        drift.check(cast("StackRunner", backend), _plan(), None, tmp_path / "events.jsonl")
    assert refused.value.rule_id == "drift-stack-built"
    assert "nothing was built to check" in refused.value.message()
    assert "尚未开通" in refused.value.message()
    assert backend.calls == (["state"] if exists else []), "no stack created, no preview run"


def test_the_command_needs_a_known_stack_and_credentials_and_writes_nothing_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GOVCLOUD_ROOT", str(REPO))
    monkeypatch.delenv("OS_CLOUD", raising=False)
    monkeypatch.delenv("OS_AUTH_URL", raising=False)
    assert main(["drift", "data-exchange;rm -rf ~", "--reports", str(tmp_path)]) == 2
    assert main(["drift", "data-exchange", "--reports", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "[cloud-credentials-given]" in err
    assert "没有云平台凭据" in err
    assert "no cloud credentials" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def _flags(desk: Desk) -> tuple[str, ...]:
    return status.row(fold(read_entries(desk.record)), date(2026, 10, 20)).flags


def test_a_recorded_check_with_findings_flags_the_system_until_a_clean_one(approved: Desk) -> None:
    """The provider or the auditor signs a check of a built system; ``govcloud status`` shows the last one."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    found = {"stack": "gov-portal", "evidence": {"file": "drift.json", "sm3": "0" * 64}}
    approved.act("configuration-checked", "赵磊", "provider", "2026-10-12 09:00", **found, findings=3)
    assert "configuration drift: 3 finding(s) on 2026-10-12 (LC-8, OPS-2) / 配置与批准不符" in _flags(
        approved
    )
    approved.act("configuration-checked", "孙丽", "auditor", "2026-10-13 09:00", **found, findings=0)
    assert not [flag for flag in _flags(approved) if "configuration" in flag]


def test_a_check_is_recorded_only_by_the_provider_or_auditor_of_a_built_system(approved: Desk) -> None:
    with pytest.raises(RefusedError) as early:
        approved.act("configuration-checked", "赵磊", "provider", "2026-10-10 09:00", findings=0)
    assert early.value.rule_id == "record-stage-allows", "approved, nothing built yet"
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    before = approved.snapshot()
    with pytest.raises(RefusedError) as requester:
        approved.act("configuration-checked", "王敏", "requester", "2026-10-11 09:00", findings=0)
    assert requester.value.rule_id == "record-role-allowed"
    assert approved.snapshot() == before, "a refused entry signs nothing"


def test_record_without_a_signer_is_unusable_before_the_cloud_is_reached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GOVCLOUD_ROOT", str(REPO))
    monkeypatch.setenv("OS_CLOUD", "never-reached")
    assert main(["drift", "data-exchange", "--record", "--reports", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "[drift-record-signed]" in err
    assert "--record needs --as and --role" in err
    assert "记录配置核查须给出 --as 和 --role" in err
    assert list(tmp_path.iterdir()) == []


def test_the_monthly_report_lists_the_month_s_recorded_checks_in_json_csv_and_html(
    approved: Desk, catalogue: Catalogue
) -> None:
    """EVAL-3's operations report carries every check of the month, its findings and its evidence's SM3."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    evidence_of = {"stack": "gov-portal", "evidence": {"file": "drift.json", "sm3": "ab" * 32}}
    approved.act("configuration-checked", "赵磊", "provider", "2026-10-12 09:00", **evidence_of, findings=3)
    approved.act("configuration-checked", "孙丽", "auditor", "2026-10-30 09:00", **evidence_of, findings=0)
    approved.act("configuration-checked", "赵磊", "provider", "2026-11-02 09:00", **evidence_of, findings=1)
    report = monthly.build(approved.records, catalogue, "2026-10")
    checks = report.as_json()["configurationChecks"]
    assert [(c["at"][:10], c["checkedBy"], c["findings"]) for c in checks] == [
        ("2026-10-12", "赵磊", 3),
        ("2026-10-30", "孙丽", 0),
    ]
    assert {c["evidenceSm3"] for c in checks} == {"ab" * 32}
    rows = [r for r in csv.DictReader(io.StringIO(monthly.to_csv(report))) if r["section"] == "configuration"]
    assert [(r["request"], r["subject"], r["requirement"]) for r in rows] == [
        ("REQ-2026-0042", "gov-portal", "LC-8")
    ] * 2
    assert "3 finding(s)" in rows[0]["detail"]
    page = monthly_html(report)
    assert 'data-configuration-checks="2"' in page
    assert re.findall(r'data-findings="(\d+)"', page) == ["3", "0"]
