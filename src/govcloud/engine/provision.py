"""``govcloud provision <stack>``: an approved request becomes OpenStack resources, checked at every step.

The main job for one stack: admission → approval → ``pulumi preview`` with the policy pack (its event
log becomes the reviewers' Markdown and SARIF) → ``pulumi up`` with the pack → what OpenStack holds,
compared with the plan → the inventory from the real stack outputs → every host answering over SSH.
Each step is timed and says what it found; the first that fails stops the run with its reason, so
nothing is built from a request that admission, the approval or a mandatory policy refused.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from govcloud.admission import admit as admission
from govcloud.admission.findings import Severity
from govcloud.engine import events, observed, recovery
from govcloud.engine.runner import StackRunError, StackRunner, summary
from govcloud.loader import load_path
from govcloud.policy import config as policy_config
from govcloud.policy.findings import apply_waivers
from govcloud.policy.waivers import load as load_waivers
from govcloud.provisioning import approval, gate, inventory, settings
from govcloud.provisioning.plan import TenantPlan, build_plan
from govcloud.provisioning.refusals import RefusedError
from govcloud.reports import render
from govcloud.reports.policy import RENDERERS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date
    from pathlib import Path

    from govcloud.policy.findings import Review

PACK = "govcloud-openstack"
SSH_WAIT_S = 180.0
_SSH_TIMEOUT_S = 30


class StepFailedError(Exception):
    """A step found a reason to stop; the message says what and where the details are."""


@dataclass(frozen=True, slots=True)
class StepResult:
    """One step: its name, how long it took, whether it passed, what it found."""

    name: str
    seconds: float
    ok: bool
    detail: str


@dataclass
class Provisioning:
    """One stack's run: where things are, and what the steps found so far."""

    root: Path
    stack: str
    environ: Mapping[str, str]
    reports: Path
    apply: bool = True
    refresh: bool = False
    """Read every resource back before the preview and the up (``--refresh``): what was deleted or changed
    outside the stack is then built again as approved (the remedy for ``govcloud drift``)."""
    ssh_config: Path | None = None
    connect: Callable[[], Any] | None = None
    """openstacksdk connection factory for the cloud check (None skips it)."""
    inventories: Path | None = None
    """Where ``<stack>.yml`` goes (default ``inventories/``)."""
    config_dir: Path | None = None
    """The per-machine stack config directory (see ``StackRunner``)."""
    steps: list[StepResult] = field(default_factory=list)
    plan: TenantPlan | None = None
    outputs: dict[str, Any] = field(default_factory=dict)

    @property
    def runner(self) -> StackRunner:
        """``pulumi`` for this stack."""
        return StackRunner(self.root, self.stack, self.environ, config_dir=self.config_dir)

    @property
    def ok(self) -> bool:
        """Every step so far passed."""
        return all(step.ok for step in self.steps)

    def run(self, report: Callable[[StepResult], None]) -> bool:
        """Run every step in order, reporting each as it ends; stop at the first that fails."""
        self.reports.mkdir(parents=True, exist_ok=True)
        steps: list[tuple[str, Callable[[], str]]] = [
            ("admission", self.admission),
            ("approval", self.approval),
            ("stack state", self.state),
            ("preview + policy pack", self.preview),
        ]
        if self.apply:
            steps += [("up + policy pack", self.up), ("inventory", self.inventory)]
            if self.connect is not None:
                steps.append(("OpenStack holds the plan", self.cloud))
            if self.ssh_config is not None:
                steps.append(("hosts answer over SSH", self.ssh))
        for name, step in steps:
            started = time.monotonic()
            try:
                result = StepResult(name, time.monotonic() - started, ok=True, detail=step())
            except (StepFailedError, StackRunError, RefusedError) as failure:
                result = StepResult(name, time.monotonic() - started, ok=False, detail=str(failure))
            result = StepResult(name, time.monotonic() - started, result.ok, result.detail)
            self.steps.append(result)
            report(result)
            if not result.ok:
                return False
        return True

    def admission(self) -> str:
        """Schema and request rules, with the Markdown report a reviewer reads."""
        stack = settings.read(self.root, self.stack)
        request, catalogue = stack.request, gate.stack_catalogue(stack)
        display = request.relative_to(self.root) if request.is_relative_to(self.root) else request
        result = admission.admit_file(request, catalogue, display=str(display))
        (self.reports / "admission.md").write_text(render("markdown", [result], []), encoding="utf-8")
        if result.error is not None:
            raise StepFailedError(f"{request}: {result.error.text.joined()}")
        blocking = [f for f in result.findings if f.severity.rank >= Severity.WARNING.rank]
        if blocking:
            first = blocking[0]
            raise StepFailedError(
                f"{len(blocking)} finding(s), e.g. [{first.rule_id}] {first.message.joined()} "
                f"(see {self.reports / 'admission.md'})"
            )
        self.plan = build_plan(load_path(request).data, catalogue)
        cost = f"; {result.cost.monthly_cny:,.0f} CNY/month" if result.cost is not None else ""
        return f"{result.request_id} clean, {len(self.plan.servers)} servers{cost}"

    def approval(self) -> str:
        """The approval pins this request's digest and the approver is not the requester (LC-1, SEC-4)."""
        stack = settings.read(self.root, self.stack)
        request = load_path(stack.request).data
        record, problems = approval.covering_approval(stack.approval, request)
        if problems:
            raise StepFailedError("; ".join(problem.line() for problem in problems))
        assert record is not None  # noqa: S101 - no problems means the record loaded
        return f"{record.request_id} approved by {record.approver_name} on {record.approved_at}"

    def state(self) -> str:
        """The stack exists; a run interrupted earlier (stale lock, unfinished creates) is undone first."""
        runner = self.runner
        runner.ensure()
        deployment = runner.state().get("deployment") or {}
        interrupted = recovery.pending_creates(deployment) or any(
            recovery.stale(lock) for lock in recovery.lock_files(self.environ, self._project, self.stack)
        )
        if not interrupted:
            return (
                f"{len(observed.state_ids(deployment))} OpenStack resource(s) in the state, nothing pending"
            )
        if self.connect is None:
            raise StepFailedError(
                "an earlier run was interrupted: recovering needs the cloud's credentials (OS_CLOUD)"
            )
        return recovery.recover(runner, self._project, self.connect()).describe()

    @property
    def _project(self) -> str:
        return settings.project_name(self.root)

    def preview(self) -> str:
        """``pulumi preview`` with the pack; its events become the policy report (Markdown, SARIF)."""
        runner = self.runner
        pack_config = self.reports / "pack-config.json"
        pack_config.write_text(
            json.dumps(policy_config.for_stack(self.root, self.stack), indent=2), encoding="utf-8"
        )
        log = self.reports / "preview.events.jsonl"
        result = runner.operation("preview", *self._options(pack_config), event_log=log, check=False)
        review = self._review(log)
        planned = summary(log)
        if result.returncode != 0:
            reasons = [f"[{f.policy}] {f.resource_name}" for f in review.blocking] or [_tail(result)]
            raise StepFailedError(f"preview blocked: {'; '.join(reasons)} (see {self.reports / 'policy.md'})")
        counts = f"{len(review.findings)} finding(s), {len(review.blocking)} blocking"
        return f"{planned.describe() if planned else 'no summary'}; {counts}"

    def up(self) -> str:
        """``pulumi up`` with the pack, enforced again on the real values."""
        log = self.reports / "up.events.jsonl"
        result = self.runner.operation(
            "up", *self._options(self.reports / "pack-config.json"), event_log=log, check=False
        )
        done = summary(log)
        if result.returncode != 0:
            raise StepFailedError(
                f"pulumi up failed ({done.describe() if done else 'no summary'}): {_tail(result)}"
            )
        self.outputs = self.runner.outputs()
        return done.describe() if done else "no summary"

    def inventory(self) -> str:
        """``inventories/<stack>.yml`` from the real outputs (no secrets)."""
        target = inventory.write_inventory(
            self.outputs, self.stack, self.inventories or self.root / "inventories"
        )
        shown = target.relative_to(self.root) if target.is_relative_to(self.root) else target
        return f"{shown}: {len(self.outputs.get('hosts', {}))} host(s)"

    def cloud(self) -> str:
        """OpenStack's own listing, through openstacksdk, against the plan (not the engine's outputs)."""
        assert self.plan is not None  # noqa: S101 - set by the admission step
        assert self.connect is not None  # noqa: S101 - only scheduled with one
        seen = observed.observe(self.connect(), self.plan.system)
        (self.reports / "observed.json").write_text(json.dumps(seen.counts(), indent=2), encoding="utf-8")
        problems = observed.differences(seen, self.plan)
        if problems:
            raise StepFailedError("; ".join(problems))
        counts = seen.counts()
        return (
            f"{counts['servers']} servers ACTIVE, {counts['volumes']} volumes in-use, "
            f"{counts['security_groups']} groups / {counts['security_group_rules']} rules, "
            f"{counts['floating_ips']} floating IPs"
        )

    def ssh(self) -> str:
        """Each host's login over SSH with the ops key, at the address OpenStack gave it."""
        assert self.ssh_config is not None  # noqa: S101 - only scheduled with one
        key = _private_key(self.root, self.stack)
        hosts = self.outputs.get("hosts", {})
        deadline = time.monotonic() + SSH_WAIT_S
        pending = dict(hosts)
        while pending and time.monotonic() < deadline:
            for name, host in list(pending.items()):
                if _answers(self.ssh_config, key, host["login_user"], host["addresses"]["private"], name):
                    del pending[name]
            if pending:
                time.sleep(2)
        if pending:
            raise StepFailedError(f"no SSH answer within {SSH_WAIT_S:.0f}s from {', '.join(sorted(pending))}")
        return f"{len(hosts)}/{len(hosts)} answered with their own host name"

    def _options(self, pack_config: Path) -> list[str]:
        pack = ["--policy-pack", str(self.root / "policies"), "--policy-pack-config", str(pack_config)]
        return [*pack, "--refresh"] if self.refresh else pack

    def _review(self, log: Path) -> Review:
        review = events.load(log, pack=PACK)
        apply_waivers(review, load_waivers(self.root / "policies" / "waivers.yaml"), _today())
        for fmt, name in (("markdown", "policy.md"), ("sarif", "policy.sarif")):
            (self.reports / name).write_text(RENDERERS[fmt](review), encoding="utf-8")
        return review


def _today() -> date:
    return datetime.now(tz=UTC).astimezone().date()


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (result.stdout or "").splitlines() if "error" in line.lower()]
    return " | ".join(line.strip() for line in lines[-3:]) or (result.stderr or "").strip()[-300:]


def _private_key(root: Path, stack: str) -> Path:
    """The ops private key: the stack's key file without ``.pub``."""
    try:
        public = settings.read(root, stack).ssh_public_key_file
    except RefusedError as refused:
        raise StepFailedError(f"{refused}: the SSH check needs the ops key pair's file") from refused
    if public is None:
        raise StepFailedError(
            f"Pulumi.{stack}.yaml sets no govcloud:sshPublicKeyFile: the SSH check needs it"
        )
    return public.with_suffix("")


def _answers(ssh_config: Path, key: Path, user: str, address: str, name: str) -> bool:
    """Whether ``address`` logs us in and says it is ``name``."""
    argv = ["ssh", "-F", str(ssh_config), "-i", str(key), "-o", "BatchMode=yes", "-o", "ConnectTimeout=5"]
    result = subprocess.run(
        [*argv, f"{user}@{address}", "hostname"],
        capture_output=True,
        text=True,
        check=False,
        timeout=_SSH_TIMEOUT_S,
    )
    return result.returncode == 0 and result.stdout.strip() == name
