"""The lifecycle's errors: unusable input (exit 2) and refusals (exit 1); ``govcloud.cli.main`` prints them.

An error names its rule id only: the requirement IDs come from ``govcloud.lifecycle.rules``, so an id not
registered as unusable input (or, for ``RefusedError``, as a refusal) fails where it is raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from govcloud.errors import ExitCode, GovcloudError
from govcloud.lifecycle.rule import Outcome
from govcloud.lifecycle.rules import requirements_of

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class LifecycleError(GovcloudError):
    """Unusable input (exit 2) or a refused action, with the field, the rule id and a bilingual reason."""

    outcome: ClassVar[Outcome] = Outcome.UNUSABLE
    code_checked_by_its_registry = True  # requirements_of refuses an id not registered for the outcome

    def __init__(
        self, rule_id: str, field: str, text: Text, *, requirements: tuple[str, ...] | None = None
    ) -> None:
        """Keep the parts separately so reports can show each one; ``requirements`` widens the rule's for one case."""
        registered = requirements_of(rule_id, self.outcome)
        self.requirements = requirements or registered
        super().__init__(rule_id, text, where=f"{field} ({', '.join(self.requirements)})")
        self.rule_id = rule_id
        self.field = field


class RefusedError(LifecycleError):
    """A well-formed action the rules forbid (separation of duties, wrong stage, stale digest): exit 1."""

    exit_code = ExitCode.VIOLATIONS
    outcome = Outcome.REFUSED
