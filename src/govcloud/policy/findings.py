"""Policy-pack findings from a preview (engine event log or offline review), with their waiver state.

Both sources produce the same records, so the SARIF, Markdown, JSON and text reports, and the exit
code, do not depend on where the violations came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from govcloud.policy.metadata import MANDATORY, POLICY_RULES

if TYPE_CHECKING:
    from datetime import date

    from govcloud.policy.waivers import Waiver

NONE = "none"
WAIVED = "waived"
EXPIRED = "expired-waiver"
ENGINE_EXCEPTION = "engine-exception"


@dataclass(frozen=True, slots=True)
class EngineException:
    """A policy exception the engine itself matched (apitype ``PolicyEventException``)."""

    id: str
    reason: str


@dataclass(slots=True)
class PolicyFinding:
    """One violation of one pack rule by one resource (or by the stack when ``urn`` is empty)."""

    policy: str
    pack: str
    urn: str
    message: str
    enforcement: str
    severity: str
    waiver: Waiver | None = None
    waiver_state: str = NONE
    engine_exceptions: tuple[EngineException, ...] = ()

    @property
    def resource_name(self) -> str:
        """The resource's name: the last URN segment; ``(stack)`` for stack-wide findings."""
        return self.urn.rsplit("::", 1)[-1] if self.urn else "(stack)"

    @property
    def resource_type(self) -> str:
        """The resource's type token from the URN (after any parent type)."""
        parts = self.urn.split("::")
        return parts[2].split("$")[-1] if len(parts) >= 4 else ""  # noqa: PLR2004 - urn:pulumi:stack::project::type::name

    @property
    def requirements(self) -> tuple[str, ...]:
        """Requirement IDs of the rule, from the registry (empty for a rule of another pack)."""
        rule = POLICY_RULES.get(self.policy)
        return rule.requirements if rule else ()

    @property
    def blocking(self) -> bool:
        """Mandatory and neither waived nor excepted by the engine: this fails the review."""
        return self.enforcement == MANDATORY and self.waiver_state not in (WAIVED, ENGINE_EXCEPTION)


@dataclass(slots=True)
class Review:
    """Everything one review found, plus how it was obtained (engine log or offline)."""

    source: str
    mode: str
    findings: list[PolicyFinding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_applicable: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    resources: int = 0

    @property
    def blocking(self) -> list[PolicyFinding]:
        """Findings that fail the review."""
        return [finding for finding in self.findings if finding.blocking]


def apply_waivers(review: Review, waivers: list[Waiver], today: date) -> None:
    """Mark each finding waived, expired-waiver or none; engine exceptions stay as the engine said."""
    from govcloud.policy.waivers import find  # noqa: PLC0415 - waivers load the schema registry; only needed here

    for finding in review.findings:
        if finding.engine_exceptions:
            finding.waiver_state = ENGINE_EXCEPTION
            continue
        waiver = find(waivers, finding.policy, finding.urn, finding.resource_name)
        finding.waiver = waiver
        if waiver is None:
            finding.waiver_state = NONE
        else:
            finding.waiver_state = WAIVED if waiver.active(today) else EXPIRED


def counts(review: Review) -> dict[str, int]:
    """Totals every format states the same way."""
    return {
        "findings": len(review.findings),
        "blocking": len(review.blocking),
        "mandatory": sum(1 for f in review.findings if f.enforcement == MANDATORY),
        "advisory": sum(1 for f in review.findings if f.enforcement != MANDATORY),
        "waived": sum(1 for f in review.findings if f.waiver_state in (WAIVED, ENGINE_EXCEPTION)),
        "expiredWaivers": sum(1 for f in review.findings if f.waiver_state == EXPIRED),
        "skippedDuringPreview": len(review.skipped),
        "resources": review.resources,
    }
