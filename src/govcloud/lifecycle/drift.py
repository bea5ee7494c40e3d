"""Configuration drift (LC-8, OPS-2): OpenStack still holds what was approved and built, or says how not.

A change to a tenant's cloud is applied, approved and then built by the stack (LC-8). A rule added in
Horizon, a volume created by hand, a server's level edited in its metadata or a group deleted through
the API bypass all of that, and nothing else would say so: ``pulumi up`` sees only what its state holds,
and the pack only what the program declares. Three views are compared, each its own rule:

- ``drift-cloud-matches-approval``: OpenStack's own listing against the approved plan, field by field
  (``govcloud.engine.observed.differences``, metadata included);
- ``drift-state-matches-cloud``: ``pulumi preview --refresh`` (which persists nothing) reading every
  resource of the state back: deleted, or changed in what the program sets; and the system's resources
  OpenStack holds that the state does not;
- ``drift-approved-change-applied``: the program, from the approved request, would still create, delete
  or change something because its inputs differ from the state's: an approved change not built yet, or
  a built resource no longer approved. A step whose inputs are the state's undoes a change made in the
  cloud, which is the second rule's.

Nothing is changed: the state, the cloud and the records are only read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.engine import observed
from govcloud.engine.events import events as parse_events
from govcloud.hardening import evidence
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.rule import Outcome
from govcloud.lifecycle.rules import requirements_of

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from govcloud.engine.runner import StackRunner
    from govcloud.provisioning.plan import TenantPlan

FORMAT = "govcloud-drift-evidence/1"
FINDING_RULES = ("drift-cloud-matches-approval", "drift-state-matches-cloud", "drift-approved-change-applied")
"""The three views, in the order the evidence counts them (each raise site writes its id out, so the
lifecycle registry's test finds it)."""
STEADY_OPS = frozenset({"same", "refresh", "read"})
"""Steps of a preview that change nothing."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One way the cloud, the state and the approved program part; its id is a registered drift rule."""

    rule_id: str
    what: str

    def __post_init__(self) -> None:
        """Fail here, not in a report, for an id not registered as a drift finding."""
        requirements_of(self.rule_id, Outcome.DRIFT)

    def line(self) -> str:
        """``[rule-id] (REQ-IDS) what``."""
        return f"[{self.rule_id}] ({', '.join(requirements_of(self.rule_id, Outcome.DRIFT))}) {self.what}"


@dataclass
class Drift:
    """What one check found, and what it looked at."""

    stack: str
    plan: TenantPlan
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """OpenStack's listing of the system, by kind."""
    cloud_resources: int = 0
    """Objects of the system OpenStack holds, counted as the state counts them (rules, attachments too)."""
    state_resources: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, int]:
        """How many findings each view has, in ``FINDING_RULES`` order (the evidence and the record say it)."""
        return {rule: sum(f.rule_id == rule for f in self.findings) for rule in FINDING_RULES}

    def document(self) -> dict[str, Any]:
        """The evidence: who, when, what was compared, every finding; with its embedded SM3 digest."""
        return evidence.sealed(
            {
                "format": FORMAT,
                "kind": "configuration-drift",
                "stack": self.stack,
                "system": self.plan.system,
                "requestId": self.plan.request_id,
                "requestDigest": self.plan.digest,
                "finished": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                "seconds": round(self.seconds, 1),
                "cloud": self.counts,
                "cloudResources": self.cloud_resources,
                "stateResources": self.state_resources,
                "summary": self.summary(),
                "findings": [
                    {
                        "rule": f.rule_id,
                        "requirements": list(requirements_of(f.rule_id, Outcome.DRIFT)),
                        "what": f.what,
                    }
                    for f in self.findings
                ],
            }
        )


def entry_data(found: Drift, evidence_file: Path, sm3: str) -> dict[str, Any]:
    """The ``configuration-checked`` entry's data: which stack, the sealed evidence, the findings by rule."""
    return {
        "stack": found.stack,
        "evidence": {"file": str(evidence_file), "sm3": sm3},
        "findings": len(found.findings),
        "byRule": found.summary(),
    }


def check(runner: StackRunner, plan: TenantPlan, conn: Any, events_log: Path) -> Drift:
    """Compare the approved plan, the stack's state and OpenStack; refused when nothing was built."""
    started = time.monotonic()
    deployment: Mapping[str, Any] = {}
    # Asked first: exporting a stack the backend lacks fails, and ensure() would create it.
    if runner.exists():
        deployment = runner.state().get("deployment") or {}
    held = observed.state_ids(deployment)
    if not held:
        raise RefusedError(
            "drift-stack-built",
            runner.stack,
            Text(
                f"栈 {runner.stack} 的状态中没有云平台资源：尚未开通，无可核查",
                f"the state of stack {runner.stack} holds no OpenStack resource: nothing was built to check",
            ),
        )
    runner.ensure(exists=True)  # only the per-machine config file: the stack holds resources
    runner.operation("preview", "--refresh", event_log=events_log)
    seen = observed.observe(conn, plan.system)
    drift = Drift(
        runner.stack, plan, counts=seen.counts(), cloud_resources=len(seen.ids), state_resources=len(held)
    )
    drift.findings += [
        Finding("drift-cloud-matches-approval", difference) for difference in observed.differences(seen, plan)
    ]
    drift.findings += unmanaged(seen, held)
    drift.findings += engine_findings(parse_events(events_log.read_text(encoding="utf-8")), _urns(deployment))
    drift.seconds = time.monotonic() - started
    return drift


def unmanaged(seen: observed.Observed, held: set[str]) -> list[Finding]:
    """The system's resources OpenStack holds that the stack's state does not (made outside the stack)."""
    return [
        Finding(
            "drift-state-matches-cloud",
            f"{seen.labels[resource_id]} ({resource_id}) is in OpenStack but not in the stack's state",
        )
        for resource_id in sorted(seen.ids - held, key=lambda item: seen.labels[item])
    ]


def engine_findings(events: Sequence[Mapping[str, Any]], state_urns: set[str]) -> list[Finding]:
    """What ``pulumi preview --refresh`` saw: resources deleted or changed outside, steps still to run.

    A resource the refresh finds gone is reported once, as deleted (the preview's step to create it
    again is its consequence); a replacement is one finding, not its create and delete halves.
    """
    gone = [
        m for m in _metadata(events, "resOutputsEvent") if m.get("op") == "refresh" and m.get("new") is None
    ]
    gone_urns = {m["urn"] for m in gone}
    findings = [
        Finding(
            "drift-state-matches-cloud", f"{_label(m)} is in the stack's state but deleted from OpenStack"
        )
        for m in gone
    ]
    reported = set(gone_urns)
    for step in _metadata(events, "resourcePreEvent"):
        op, urn = step.get("op", ""), step.get("urn", "")
        if op in STEADY_OPS or urn in reported:
            continue
        reported.add(urn)
        if op == "create" and urn not in state_urns:
            findings.append(
                Finding(
                    "drift-approved-change-applied",
                    f"{_label(step)} is asked for by the approved request but not built",
                )
            )
        elif op == "delete":
            findings.append(
                Finding(
                    "drift-approved-change-applied",
                    f"{_label(step)} is built but no longer asked for by the approved request",
                )
            )
        elif approved := _inputs_changed(step):
            findings.append(
                Finding(
                    "drift-approved-change-applied",
                    f"{_label(step)} is to change as approved ({', '.join(approved)}) but is not changed yet: {op}",
                )
            )
        else:
            keys = (
                ", ".join(sorted(step.get("detailedDiff") or {})) or ", ".join(step.get("diffs") or ()) or op
            )
            findings.append(
                Finding(
                    "drift-state-matches-cloud",
                    f"{_label(step)} differs from what the stack set ({keys}): {op}",
                )
            )
    return findings


def _inputs_changed(step: Mapping[str, Any]) -> list[str]:
    """The inputs the program now gives otherwise than the state recorded at the last up.

    None: the program asks for what was built, so the step undoes a change made in the cloud (drift).
    Some: the approved request changed (a new digest in every tag, a new size), and the step applies it.
    """
    old = (step.get("old") or {}).get("inputs") or {}
    new = (step.get("new") or {}).get("inputs") or {}
    return sorted(key for key in {*old, *new} if not key.startswith("__") and old.get(key) != new.get(key))


def _metadata(events: Sequence[Mapping[str, Any]], kind: str) -> list[Mapping[str, Any]]:
    return [event[kind]["metadata"] for event in events if kind in event and "metadata" in event[kind]]


def _label(step: Mapping[str, Any]) -> str:
    """``SecGroupRule data-exchange-sg-...``: the type's last part and the resource's name."""
    kind = str(step.get("type", "")).rsplit(":", 1)[-1]
    return f"{kind} {str(step.get('urn', '')).rsplit('::', 1)[-1]}"


def _urns(deployment: Mapping[str, Any]) -> set[str]:
    return {str(resource["urn"]) for resource in deployment.get("resources") or () if resource.get("urn")}
