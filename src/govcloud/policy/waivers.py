"""Waivers: accepted gaps against pack rules, with justification, approver and expiry.

A waiver never makes a finding disappear: the report lists the finding as ``waived`` with the
justification (SARIF ``suppressions``), so an auditor sees the gap and who accepted it. A waiver past
its expiry stops counting and the finding is reported as ``expired-waiver``, blocking again. The
approver must not be the requester (SEC-4: separation of duties), which a JSON Schema cannot say.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
from govcloud.identity import Identity, same_person
from govcloud.loader import load_path
from govcloud.policy.metadata import POLICY_RULES
from govcloud.schemas import validator

if TYPE_CHECKING:
    from pathlib import Path

SCHEMA = "waiver-1.0.json"
WAIVED_POLICY = "govcloud-waived-findings"
WAIVED_STACK_POLICY = "govcloud-waived-stack-findings"
"""The pack's advisory policies that report, in the real engine, violations an active waiver covers."""
_WAIVED_MESSAGE = re.compile(
    r"^\[(?P<rule>[a-z0-9-]+) waived by (?P<waiver>[^\s\]]+) until [0-9-]+\] (?P<text>.*)$",
    re.DOTALL | re.MULTILINE,
)


class WaiverError(GovcloudError):
    """The waiver file is unusable (exit 2); every problem is listed, none is silently skipped."""

    def __init__(self, source: Path, problems: list[str]) -> None:
        """Keep each problem: the command prints them under the one line."""
        text = Text(
            f"豁免登记无效（{len(problems)} 处问题）",
            f"the waiver file is unusable ({len(problems)} problem(s))",
        )
        super().__init__("waiver-file-valid", text, where=str(source), details=tuple(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Waiver:
    """One accepted gap."""

    id: str
    rule: str
    resource: str
    justification: Text
    requester: str
    approver: str
    approved: date
    expires: date
    ticket: str | None = None

    def matches(self, rule: str, urn: str, name: str) -> bool:
        """Same rule, and the pattern matches the resource's URN or its name."""
        if rule != self.rule:
            return False
        return fnmatch.fnmatchcase(urn, self.resource) or fnmatch.fnmatchcase(name, self.resource)

    def active(self, today: date) -> bool:
        """A waiver counts up to and including its expiry date."""
        return self.approved <= today <= self.expires


def parse(data: Any, source: Path) -> list[Waiver]:
    """Validate a loaded waiver document and return its waivers; raise ``WaiverError`` on any problem."""
    errors = validator(SCHEMA).errors(data)
    if errors:
        raise WaiverError(
            source, [f"{'.'.join(map(str, e.path)) or '(document)'}: {e.message.en}" for e in errors]
        )
    problems: list[str] = []
    waivers: list[Waiver] = []
    seen: set[str] = set()
    for raw in data["waivers"]:
        waiver = Waiver(
            id=raw["id"],
            rule=raw["rule"],
            resource=raw["resource"],
            justification=Text(raw["justification"]["zh"], raw["justification"]["en"]),
            requester=raw["requester"],
            approver=raw["approver"],
            approved=date.fromisoformat(raw["approved"]),
            expires=date.fromisoformat(raw["expires"]),
            ticket=raw.get("ticket"),
        )
        problems += _problems(waiver, seen)
        seen.add(waiver.id)
        waivers.append(waiver)
    if problems:
        raise WaiverError(source, problems)
    return waivers


def _problems(waiver: Waiver, seen: set[str]) -> list[str]:
    found = []
    if waiver.id in seen:
        found.append(f"{waiver.id}: the id is used twice")
    if waiver.rule not in POLICY_RULES:
        found.append(f"{waiver.id}: unknown rule {waiver.rule}")
    if same_person(Identity.of(waiver.approver), Identity.of(waiver.requester)):
        found.append(
            f"{waiver.id}: approved by its own requester {waiver.requester} (SEC-4: separate duties)"
        )
    if waiver.expires < waiver.approved:
        found.append(f"{waiver.id}: expires ({waiver.expires}) before it was approved ({waiver.approved})")
    return found


def load(path: Path) -> list[Waiver]:
    """Load and validate a waiver file (YAML or JSON)."""
    return parse(load_path(path).data, path)


def find(waivers: list[Waiver], rule: str, urn: str, name: str) -> Waiver | None:
    """The first waiver for this rule and resource, active or not (the caller judges expiry)."""
    matching = [waiver for waiver in waivers if waiver.matches(rule, urn, name)]
    return max(matching, key=lambda waiver: waiver.expires) if matching else None


def waived_message(rule: str, waiver: Waiver, message: str) -> str:
    """How the pack labels a waived violation: ``[<rule> waived by <id> until <expiry>] <message>``."""
    return f"[{rule} waived by {waiver.id} until {waiver.expires}] {message}"


def parse_waived_message(text: str) -> tuple[str, str] | None:
    """The rule and its own message from a :func:`waived_message` (after any description line), or None."""
    match = _WAIVED_MESSAGE.search(text.strip())
    return (match.group("rule"), match.group("text")) if match else None
