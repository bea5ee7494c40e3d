"""Run the hardening playbook through ansible-runner's Python API and keep every run's job events.

Each run gets its own directory under the audit directory (``<audit>/harden/<run-id>/``): the
runner's artifacts (``job_events/*.json``, stdout, rc, status) and a ``summary.json`` with per-host
counts, the canary and how it did, the hosts proved and those never touched, so an auditor can replay
what was changed, when and on which host (SEC-7), and see that a failed canary stopped the run (SEC-10).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from govcloud.files import write_atomic
from govcloud.hardening.canary import Ledger, judge
from govcloud.hardening.connection import venv_path
from govcloud.hardening.settings import playbooks_dir

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from govcloud.hardening.canary import Batches, Verdict
    from govcloud.hardening.job import Job

PLAYBOOK = "harden.yml"
COUNTS = ("ok", "changed", "failures", "dark", "skipped")
RESULT_EVENTS = {
    "runner_on_ok": "ok",
    "runner_on_failed": "failed",
    "runner_on_unreachable": "unreachable",
    "runner_on_skipped": "skipped",
}


@dataclass
class HardenRun:
    """What one run did: per-host counts, status, time, where its events are."""

    run_dir: Path
    authorisation: Mapping[str, Any]
    """The tenant's authorisation the run acted under (SEC-5)."""
    batches: Batches
    verdict: Verdict
    proved: list[str]
    """Hosts that logged in afresh after hardening and still serve (the role's last task passed)."""
    status: str = ""
    rc: int = -1
    seconds: float = 0.0
    hosts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        """Tasks that changed something, over every host."""
        return sum(counts["changed"] for counts in self.hosts.values())

    @property
    def failed_hosts(self) -> list[str]:
        """Hosts with a failed task or that could not be reached."""
        return sorted(h for h, c in self.hosts.items() if c["failures"] or c["dark"])

    @property
    def ok(self) -> bool:
        """Every host reached, nothing failed."""
        return self.status == "successful" and self.rc == 0 and not self.failed_hosts

    def to_json(self) -> dict[str, Any]:
        """The run's ``summary.json``."""
        return {
            "status": self.status,
            "rc": self.rc,
            "seconds": round(self.seconds, 2),
            "changed": self.changed,
            "failed_hosts": self.failed_hosts,
            "canary": self.verdict.to_json(),
            "batches": self.batches.to_json(),
            "proved": self.proved,
            "untouched": list(self.verdict.untouched),
            "hosts": self.hosts,
            "authorisation": dict(self.authorisation),
        }


class Progress:
    """Turns runner events into lines: each task with the counts so far, then the hosts it changed or failed."""

    def __init__(self, write: Callable[[str], object]) -> None:
        """Write lines through ``write`` (the terminal, or a list in tests)."""
        self.write = write
        self.tasks = 0
        self.totals = dict.fromkeys(("ok", "changed", "failed", "unreachable", "skipped"), 0)

    def __call__(self, event: Mapping[str, Any]) -> bool:
        """ansible-runner's ``event_handler``: True keeps the event on disk."""
        kind = event.get("event", "")
        data = event.get("event_data") or {}
        if kind == "playbook_on_task_start":
            self.tasks += 1
            counts = " ".join(f"{k}={self.totals[k]}" for k in ("ok", "changed", "failed"))
            self.write(f"  [{self.tasks:3}] {data.get('task', '')}  ({counts} so far)")
        elif kind in RESULT_EVENTS:
            outcome = RESULT_EVENTS[kind]
            if outcome == "ok" and (data.get("res") or {}).get("changed"):
                outcome = "changed"
            self.totals[outcome] += 1
            if outcome in {"changed", "failed", "unreachable"}:
                message = (data.get("res") or {}).get("msg", "") if outcome != "changed" else ""
                self.write(f"        {outcome:11} {data.get('host', '')} {str(message)[:200]}".rstrip())
        return True

    def line(self) -> str:
        """Running totals over hosts and tasks."""
        return ", ".join(f"{n} {k}" for k, n in self.totals.items())


def run_harden(job: Job, progress: Progress, *, forks: int = 10, tags: str | None = None) -> HardenRun:
    """Run the playbook once, canary first, over the hosts the job's batches hold; keep its job events."""
    import ansible_runner  # noqa: PLC0415 - slow import, only when hardening

    batches = job.batches
    if batches is None:
        msg = "run_harden needs a job resolved for the harden action (its batches)"
        raise ValueError(msg)
    run_id = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    run_dir = job.audit_dir / "harden" / run_id
    run_dir.mkdir(parents=True, exist_ok=False, mode=0o750)
    envvars = {
        "PATH": venv_path(os.environ.get("PATH", "")),
        "ANSIBLE_ROLES_PATH": str(playbooks_dir() / "roles"),
        "ANSIBLE_PIPELINING": "True",
        # A new connection through a busy network is dropped now and then: try it three times.
        "ANSIBLE_SSH_RETRIES": "3",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_LOCAL_TEMP": str(run_dir / "tmp"),
    }
    ledger = Ledger()

    def keep(event: Mapping[str, Any]) -> bool:
        ledger.record(event)
        return progress(event)

    progress.write(batches.line())
    started = time.monotonic()
    result = ansible_runner.run(
        private_data_dir=str(run_dir),
        project_dir=str(playbooks_dir()),
        playbook=str(playbooks_dir() / PLAYBOOK),
        inventory=str(job.inventory.resolve()),
        extravars={**job.extravars, **batches.extravars()},
        envvars=envvars,
        limit=batches.limit,
        forks=forks,
        tags=tags,
        quiet=True,
        event_handler=keep,
        ident="run",
    )
    run = HardenRun(
        run_dir,
        job.authorisation,
        batches,
        judge(batches, ledger),
        sorted(ledger.proved),
        str(result.status),
        int(result.rc),
        time.monotonic() - started,
    )
    stats = result.stats or {}
    names = {h for key in COUNTS for h in (stats.get(key) or {})}
    run.hosts = {h: {key: int((stats.get(key) or {}).get(h, 0)) for key in COUNTS} for h in sorted(names)}
    write_atomic(run_dir / "summary.json", json.dumps(run.to_json(), indent=2) + "\n")
    return run
