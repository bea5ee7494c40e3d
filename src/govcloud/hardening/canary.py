"""The canary: one host hardened and proved first, so a bad setting locks the operator out of one host only.

Hardening rewrites sshd, PAM and sudo on every host. A setting the operator's account does not satisfy
(an ``AllowUsers`` without it, a PAM stack that refuses it) keeps the running SSH connection alive and
refuses every *new* login, so a run over the whole tenant at once can succeed and leave no host anyone
can log in to. The play therefore runs in two batches (``serial: [1, "100%"]``, ``max_fail_percentage:
0``): the canary, whose role ends by logging in afresh and checking its tier's service ports still
listen, and only then the rest (SEC-10). Which hosts a run covers is Ansible's own reading of the
inventory and ``--limit``; the canary is the first of them in sorted order unless ``--canary`` names one:
a single canary, not one per tier, so at most one host is ever touched before a proof. The job events
say per host whether it was touched, what failed and whether it was proved, and the run's
``summary.json`` keeps that for the auditor (SEC-7).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.errors import ActionFailedError
from govcloud.hardening.errors import HardeningInputError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

CANARY_VAR = "govcloud_harden_canary"
"""The play's variable naming the host of the first batch (``playbooks/harden.yml``)."""
PROOF_TASK = "SEC-10 | 8.1.4.4b | Ensure the tier's service ports that listened before still listen"
"""The role's last task: a host that passes it logged in afresh after hardening and still serves."""
SORTED_FIRST = "first in sorted order"
FAILED_OUTCOMES = frozenset({"failed", "unreachable"})
MAX_MESSAGE = 300


@dataclass(frozen=True)
class Batches:
    """The canary, then the rest of the run's hosts."""

    canary: str
    rest: tuple[str, ...]
    chosen: str
    """Why this host: ``first in sorted order`` or ``--canary``."""
    limit: str | None = None
    """The ``--limit`` the hosts were selected with; Ansible gets the same."""

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host of the run, the canary first."""
        return (self.canary, *self.rest)

    def extravars(self) -> dict[str, str]:
        """What the play needs to put the canary in the first batch."""
        return {CANARY_VAR: self.canary}

    def to_json(self) -> list[list[str]]:
        """The batches as the play runs them."""
        return [[self.canary], list(self.rest)]

    def line(self) -> str:
        """The line printed before the run: which host goes first, and why."""
        return (
            f"   金丝雀 / canary: {self.canary} ({self.chosen}) first; then {len(self.rest)} host(s) "
            "once it has proved a fresh login and its services"
        )


def selected_hosts(inventory: Path, limit: str | None) -> list[str]:
    """The hosts a run covers, sorted: Ansible's own reading of the inventory and ``--limit``."""
    from ansible.errors import AnsibleError  # noqa: PLC0415 - Ansible is imported only to harden
    from ansible.inventory.manager import InventoryManager  # noqa: PLC0415
    from ansible.parsing.dataloader import DataLoader  # noqa: PLC0415

    manager = InventoryManager(loader=DataLoader(), sources=[str(inventory)])
    try:
        manager.subset(limit)
        return sorted(host.name for host in manager.get_hosts("all"))
    except AnsibleError as exc:
        text = Text(f"不是可用的 Ansible 主机模式：{exc}", f"not a usable Ansible host pattern: {exc}")
        raise HardeningInputError(str(limit), "--limit", "SEC-10", text) from exc


def plan(inventory: Path, limit: str | None, requested: str | None) -> Batches:
    """The batches of a run, or :class:`HardeningInputError` (exit 2) before anything runs."""
    hosts = selected_hosts(inventory, limit)
    if not hosts:
        text = Text("不匹配清单中的任何主机", "matches no host of the inventory")
        raise HardeningInputError(str(limit), "--limit", "SEC-10", text)
    if requested is None:
        return Batches(hosts[0], tuple(hosts[1:]), SORTED_FIRST, limit)
    if requested not in hosts:
        shown = ", ".join(hosts[:8]) + (" …" if len(hosts) > 8 else "")  # noqa: PLR2004
        text = Text(
            f"不是本次加固的主机（清单与 --limit 选中：{shown}）",
            f"not a host of this run (the inventory and --limit select: {shown})",
        )
        raise HardeningInputError(requested, "--canary", "SEC-10", text)
    return Batches(requested, tuple(h for h in hosts if h != requested), "--canary", limit)


@dataclass(frozen=True)
class Failure:
    """A task that failed on a host, or the host that could not be reached, with Ansible's message."""

    task: str
    message: str
    unreachable: bool = False

    def to_json(self) -> dict[str, Any]:
        """As ``summary.json`` records it."""
        return {"task": self.task, "message": self.message, "unreachable": self.unreachable}


@dataclass
class Ledger:
    """Per host, from the job events as they arrive: touched (in that order), failures, proved."""

    touched: list[str] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    proved: set[str] = field(default_factory=set)

    def record(self, event: Mapping[str, Any]) -> None:
        """Note one runner event; events that name no host (play and task starts) change nothing."""
        data = event.get("event_data") or {}
        host = data.get("host")
        if not isinstance(host, str):
            return
        if host not in self.touched:
            self.touched.append(host)
        kind = event.get("event")
        task = str(data.get("task", ""))
        message = str((data.get("res") or {}).get("msg", ""))[:MAX_MESSAGE]
        if kind == "runner_on_failed" and not data.get("ignore_errors"):
            self.failures.setdefault(host, []).append(Failure(task, message))
        elif kind == "runner_on_unreachable":
            self.failures.setdefault(host, []).append(Failure(task, message, unreachable=True))
        elif kind == "runner_on_ok" and task == PROOF_TASK:
            self.proved.add(host)


@dataclass(frozen=True)
class Verdict:
    """How the canary did, and which hosts the run never touched."""

    host: str
    outcome: str
    """``passed`` (proved), ``failed``, ``unreachable``, ``unproved`` (ran, no proof: role switched off)
    or ``not-run`` (the run ended before the canary)."""
    failures: tuple[Failure, ...]
    untouched: tuple[str, ...]

    @property
    def stopped_the_run(self) -> bool:
        """The canary failed or could not be reached, so other hosts were left alone.

        A run of one host has no others: its failure is an ordinary failed host.
        """
        return self.outcome in FAILED_OUTCOMES and bool(self.untouched)

    def to_json(self) -> dict[str, Any]:
        """As ``summary.json`` records it."""
        return {
            "host": self.host,
            "outcome": self.outcome,
            "failures": [failure.to_json() for failure in self.failures],
        }

    def line(self) -> str:
        """The printed line: the canary, its outcome and, when it failed, what."""
        if self.outcome == "passed":
            detail = "a fresh login and the tier's listening service ports proved"
        elif self.failures:
            detail = f'at "{self.failures[0].task}": {self.failures[0].message}'
        else:
            detail = "no proof ran (hardening switched off, or the run ended before it)"
        return f"   金丝雀 / canary {self.host}: {self.outcome}, {detail}"

    def error(self) -> ActionFailedError:
        """Exit 1: the canary, what failed and the hosts left untouched, in both languages."""
        first = self.failures[0]
        left = ", ".join(self.untouched) or "-"
        text = Text(
            f"金丝雀主机 {self.host} 加固未通过（{_zh(first)}「{first.task}」），已停止；"
            f"其余 {len(self.untouched)} 台主机未改动：{left}",
            f"the canary {self.host} {'could not be reached' if first.unreachable else 'failed'} "
            f'at "{first.task}", so the run stopped; {len(self.untouched)} host(s) left untouched: {left}',
        )
        details = tuple(f"{f.task}: {f.message}" for f in self.failures)
        return ActionFailedError("harden-canary-passed", text, where=self.host, details=details)


def judge(batches: Batches, ledger: Ledger) -> Verdict:
    """The canary's outcome from the ledger of a finished run."""
    host = batches.canary
    failures = tuple(ledger.failures.get(host, ()))
    if any(f.unreachable for f in failures):
        outcome = "unreachable"
    elif failures:
        outcome = "failed"
    elif host in ledger.proved:
        outcome = "passed"
    elif host in ledger.touched:
        outcome = "unproved"
    else:
        outcome = "not-run"
    untouched = tuple(h for h in batches.hosts if h not in ledger.touched)
    return Verdict(host, outcome, failures, untouched)


def _zh(failure: Failure) -> str:
    return "无法连接，任务" if failure.unreachable else "失败于任务"
