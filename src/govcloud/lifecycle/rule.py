"""A lifecycle rule: the requirements it enforces, what it requires, and how its failure shows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Flag, auto
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class Outcome(Flag):
    """How a rule's failure shows; a rule may show in more than one way (a damaged record, say)."""

    UNUSABLE = auto()
    """``LifecycleError``: the input cannot be used (exit 2)."""
    REFUSED = auto()
    """``RefusedError``: a well-formed action the rules forbid (exit 1)."""
    PROBLEM = auto()
    """A ``govcloud verify`` problem: verify exits 1, the gate refuses to build, nothing is appended."""
    OVERDUE = auto()
    """An overdue item of ``govcloud report monthly``."""
    DRIFT = auto()
    """A ``govcloud drift`` finding: the cloud holds other than the stack approved and built (exit 1)."""


OUTCOME_NAMES = {
    Outcome.UNUSABLE: "unusable (exit 2)",
    Outcome.REFUSED: "refused (exit 1)",
    Outcome.PROBLEM: "record problem (verify exits 1, gate refuses)",
    Outcome.OVERDUE: "overdue (monthly report)",
    Outcome.DRIFT: "drift finding (govcloud drift exits 1)",
}


@dataclass(frozen=True, slots=True)
class LifecycleRule:
    """One registered id: the requirements it enforces, what it requires, and how its failure shows."""

    id: str
    requirements: tuple[str, ...]
    description: Text
    outcome: Outcome

    def outcomes(self) -> list[str]:
        """The outcome's parts, for a reader: ``["unusable (exit 2)", ...]``."""
        return [name for part, name in OUTCOME_NAMES.items() if part in self.outcome]
