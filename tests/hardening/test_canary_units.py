"""The canary's batches, ledger and verdict, and the play and role that run it (SEC-10, SEC-7).

Fast: Ansible's own inventory reading picks the hosts, synthetic runner events make the ledger, real
``ss`` output feeds the listening-port filter. The real runs on network-namespace hosts are in
``test_canary_hosts.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud.cli import main
from govcloud.errors import ExitCode
from govcloud.hardening import canary
from govcloud.hardening.canary import PROOF_TASK, Batches, Ledger, judge, plan
from govcloud.hardening.errors import HardeningInputError
from govcloud.hardening.harden import HardenRun
from govcloud.hardening.serving import listening
from govcloud.testing.documents import write_authorisation

PLAYBOOKS = Path(__file__).parents[2] / "playbooks"
ROLE = PLAYBOOKS / "roles" / "govcloud_hardening"
INVENTORY = """\
all:
  vars: {govcloud_system: fleet, govcloud_request_id: REQ-2026-0901}
  hosts:
    fleet-web-2: {ansible_host: 10.99.8.12, ansible_user: ops}
    fleet-db-1: {ansible_host: 10.99.8.21, ansible_user: ops}
    fleet-web-1: {ansible_host: 10.99.8.11, ansible_user: ops}
  children:
    tier_web: {hosts: {fleet-web-1: {}, fleet-web-2: {}}}
    tier_db: {hosts: {fleet-db-1: {}}}
"""
SS = """\
udp   UNCONN 0      0          127.0.0.53%lo:53         0.0.0.0:*
tcp   LISTEN 0      128              0.0.0.0:22         0.0.0.0:*
tcp   LISTEN 0      128                 [::]:22            [::]:*
tcp   LISTEN 0      4096           127.0.0.1:8080       0.0.0.0:*
tcp   LISTEN 0      244         10.99.8.21:5432         0.0.0.0:*
tcp   LISTEN 0      80                     *:3306             *:*
udp   UNCONN 0      0                0.0.0.0:5432       0.0.0.0:*
"""
ALLOWED = [
    {"port": 22, "protocol": "tcp", "from": "bastion"},
    {"port": 5432, "protocol": "tcp", "from": "app"},
    {"port": 8080, "protocol": "tcp", "from": "web"},
]


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "inv.yml"
    path.write_text(INVENTORY, encoding="utf-8")
    return path


def test_the_canary_is_the_first_host_in_sorted_order_of_what_limit_selects(inventory: Path) -> None:
    batches = plan(inventory, None, None)
    assert batches.hosts == ("fleet-db-1", "fleet-web-1", "fleet-web-2")
    assert batches.chosen == "first in sorted order"
    limited = plan(inventory, "tier_web", None)
    assert limited.hosts == ("fleet-web-1", "fleet-web-2"), "groups, as Ansible reads them"
    assert limited.limit == "tier_web", "Ansible gets the limit the hosts were selected with"
    assert plan(inventory, "all:!fleet-web-1", None).hosts == ("fleet-db-1", "fleet-web-2")
    named = plan(inventory, None, "fleet-web-2")
    assert (named.canary, named.rest, named.chosen) == (
        "fleet-web-2",
        ("fleet-db-1", "fleet-web-1"),
        "--canary",
    )
    assert named.to_json() == [["fleet-web-2"], ["fleet-db-1", "fleet-web-1"]]
    assert named.extravars() == {"govcloud_harden_canary": "fleet-web-2"}


@pytest.mark.parametrize(
    ("limit", "requested", "field"),
    [
        (None, "fleet-app-1", "--canary"),
        ("tier_web", "fleet-db-1", "--canary"),
        ("nothing-*", None, "--limit"),
    ],
)
def test_a_canary_outside_the_run_or_an_empty_limit_is_unusable_input(
    inventory: Path, limit: str | None, requested: str | None, field: str
) -> None:
    with pytest.raises(HardeningInputError) as caught:
        plan(inventory, limit, requested)
    assert caught.value.field == field
    assert caught.value.exit_code == ExitCode.UNUSABLE
    zh, en = caught.value.text
    assert re.search(r"[\u4e00-\u9fff]", zh), "Chinese first"
    assert "not a host of this run" in en or "matches no host" in en


def test_the_plays_host_pattern_puts_the_canary_first_and_lists_every_host_once(inventory: Path) -> None:
    from ansible.inventory.manager import InventoryManager  # noqa: PLC0415
    from ansible.parsing.dataloader import DataLoader  # noqa: PLC0415
    from ansible.template import Templar  # noqa: PLC0415

    [play] = yaml.safe_load((PLAYBOOKS / "harden.yml").read_text(encoding="utf-8"))
    assert play["serial"] == [1, "100%"], "the canary alone, then every other host"
    assert play["max_fail_percentage"] == 0, "a failed or unreachable canary ends the play"
    manager = InventoryManager(loader=DataLoader(), sources=[str(inventory)])
    for variables, first in (({canary.CANARY_VAR: "fleet-web-2"}, "fleet-web-2"), ({}, "fleet-web-2")):
        pattern = Templar(loader=DataLoader(), variables=variables).template(play["hosts"])
        hosts = [h.name for h in manager.get_hosts(pattern)]
        assert hosts[0] == first, "without the variable, the inventory's first host"
        assert sorted(hosts) == ["fleet-db-1", "fleet-web-1", "fleet-web-2"]


def _event(kind: str, host: str | None, task: str = "t", **data: Any) -> dict[str, Any]:
    return {"event": kind, "event_data": {"host": host, "task": task, **data}}


def test_a_canary_locked_out_at_the_proof_fails_and_the_rest_is_untouched() -> None:
    batches = Batches("db-1", ("web-1", "web-2"), "first in sorted order")
    ledger = Ledger()
    for event in (
        {"event": "playbook_on_task_start", "event_data": {"task": "Gathering Facts"}},
        _event("runner_on_start", "db-1"),
        _event("runner_on_ok", "db-1", res={"changed": True}),
        _event("runner_on_failed", "db-1", "probe", ignore_errors=True, res={"msg": "ignored"}),
        _event(
            "runner_on_failed",
            "db-1",
            "SEC-10 | 8.1.4.1b | Ensure a fresh login and sudo still work after hardening",
            res={"msg": "timed out waiting for ping module test: Permission denied (publickey)"},
        ),
    ):
        ledger.record(event)
    verdict = judge(batches, ledger)
    assert (verdict.outcome, verdict.stopped_the_run) == ("failed", True)
    assert verdict.untouched == ("web-1", "web-2")
    assert [f.task for f in verdict.failures] == [
        "SEC-10 | 8.1.4.1b | Ensure a fresh login and sudo still work after hardening"
    ], "an ignored failure is no failure"
    error = verdict.error()
    assert error.code == "harden-canary-passed"
    assert error.exit_code == ExitCode.VIOLATIONS
    assert error.where == "db-1"
    assert "金丝雀主机 db-1 加固未通过" in error.text.zh
    assert "其余 2 台主机未改动：web-1, web-2" in error.text.zh
    assert 'the canary db-1 failed at "SEC-10 | 8.1.4.1b | Ensure a fresh login' in error.text.en
    assert "2 host(s) left untouched: web-1, web-2" in error.text.en
    [detail] = error.details
    assert detail == (
        "SEC-10 | 8.1.4.1b | Ensure a fresh login and sudo still work after hardening: "
        "timed out waiting for ping module test: Permission denied (publickey)"
    )
    assert verdict.to_json()["failures"][0]["unreachable"] is False


@pytest.mark.parametrize(
    ("events", "outcome", "untouched"),
    [
        ([_event("runner_on_unreachable", "db-1", res={"msg": "no route"})], "unreachable", ()),
        ([_event("runner_on_ok", "db-1", PROOF_TASK)], "passed", ()),
        ([_event("runner_on_skipped", "db-1", PROOF_TASK)], "unproved", ()),
        ([], "not-run", ("db-1",)),
    ],
)
def test_the_canarys_outcome_follows_its_events(
    events: list[dict[str, Any]], outcome: str, untouched: tuple[str, ...]
) -> None:
    ledger = Ledger()
    for event in [*events, _event("runner_on_ok", "web-1")]:
        ledger.record(event)
    verdict = judge(Batches("db-1", ("web-1",), "--canary"), ledger)
    assert verdict.outcome == outcome
    assert verdict.untouched == untouched
    assert not verdict.stopped_the_run, "the other host ran: the canary did not stop the run"


def test_a_failed_host_alone_in_its_run_is_no_canary_that_stopped_the_run() -> None:
    ledger = Ledger()
    ledger.record(_event("runner_on_failed", "db-1", res={"msg": "failed to validate"}))
    verdict = judge(Batches("db-1", (), "first in sorted order"), ledger)
    assert (verdict.outcome, verdict.untouched, verdict.stopped_the_run) == ("failed", (), False)


def test_the_summary_records_the_canary_its_outcome_and_the_untouched_hosts(tmp_path: Path) -> None:
    batches = Batches("db-1", ("web-1", "web-2"), "first in sorted order")
    ledger = Ledger()
    ledger.record(_event("runner_on_unreachable", "db-1", "Gathering Facts", res={"msg": "no route to host"}))
    run = HardenRun(tmp_path, {"documentNo": "A-1"}, batches, judge(batches, ledger), sorted(ledger.proved))
    run.status, run.rc = "failed", 4
    run.hosts = {"db-1": {"ok": 0, "changed": 0, "failures": 0, "dark": 1, "skipped": 0}}
    summary = json.loads(json.dumps(run.to_json()))
    assert summary["canary"] == {
        "host": "db-1",
        "outcome": "unreachable",
        "failures": [{"task": "Gathering Facts", "message": "no route to host", "unreachable": True}],
    }
    assert summary["batches"] == [["db-1"], ["web-1", "web-2"]]
    assert summary["untouched"] == ["web-1", "web-2"]
    assert summary["proved"] == []
    assert summary["failed_hosts"] == ["db-1"]
    assert "could not be reached" in run.verdict.error().text.en


def test_listening_keeps_the_allowed_ports_on_non_loopback_addresses() -> None:
    assert listening(SS, ALLOWED) == ["22/tcp", "5432/tcp"], (
        "8080 on loopback, 3306 not allowed, udp 5432 not tcp"
    )
    assert listening("", ALLOWED) == []


def _tasks(path: Path) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tasks


def test_the_role_reads_the_ports_first_and_ends_with_the_proof() -> None:
    tasks = _tasks(ROLE / "tasks" / "hardening.yml")
    imports = [t for t in tasks if "ansible.builtin.import_tasks" in t]
    before = next(
        i for i, t in enumerate(tasks) if t.get("register") == "govcloud_hardening_listening_before"
    )
    assert before < tasks.index(imports[0]), "the listening ports are read before any concern changes a thing"
    assert tasks[before]["tags"] == ["always"]
    proof = imports[-1]
    assert proof["ansible.builtin.import_tasks"] == "login_proof.yml", "the proof comes after every concern"
    assert "when" not in proof, "the proof cannot be switched off"
    assert proof["tags"] == ["always"], "it runs under --tags too"
    steps = _tasks(ROLE / "tasks" / "login_proof.yml")
    actions = [next(k for k in step if k.startswith("ansible.builtin.")) for step in steps]
    assert actions[:3] == [
        "ansible.builtin.meta",
        "ansible.builtin.meta",
        "ansible.builtin.wait_for_connection",
    ]
    assert [steps[0]["ansible.builtin.meta"], steps[1]["ansible.builtin.meta"]] == [
        "flush_handlers",
        "reset_connection",
    ], "handlers (sshd reload) run, then the persistent connection is dropped"
    assert (
        steps[2]["ansible.builtin.wait_for_connection"]["timeout"]
        == "{{ govcloud_hardening_login_proof_timeout }}"
    )
    assert steps[-1]["name"] == PROOF_TASK, "the ledger counts a host proved by this task's name"
    assert "govcloud_hardening_allowed_ports" in json.dumps(steps[-1]), "the tier's ports, not restated"


def test_an_unknown_canary_is_exit_2_bilingual_and_nothing_runs(
    inventory: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ansible_runner  # noqa: PLC0415

    def refuse(**_: object) -> None:
        pytest.fail("ansible-runner was started for an unusable --canary")

    monkeypatch.setattr(ansible_runner, "run", refuse)
    authorisation = write_authorisation(tmp_path / "auth.yaml", "fleet", "REQ-2026-0901", ["harden"])
    reports = tmp_path / "reports"
    argv = ["harden", "fleet", "--inventory", str(inventory), "--reports", str(reports)]
    argv += ["--authorisation", str(authorisation), "--canary", "fleet-app-9"]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert re.fullmatch(
        r"govcloud harden: fleet-app-9: --canary: 不是本次加固的主机（清单与 --limit 选中："
        r"fleet-db-1, fleet-web-1, fleet-web-2） / not a host of this run \(the inventory and --limit select: "
        r"fleet-db-1, fleet-web-1, fleet-web-2\) \[SEC-10\]\n",
        err,
    ), err
    assert out == ""
    assert not reports.exists(), "nothing was run, nothing written"
