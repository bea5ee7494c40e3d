"""The lifecycle's errors: unusable input (exit 2) and refusals (exit 1); ``govcloud.cli.main`` prints them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.errors import ExitCode, GovcloudError

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class LifecycleError(GovcloudError):
    """Unusable input (exit 2) or a refused action, with the field, the rule id and a bilingual reason."""

    def __init__(self, rule_id: str, requirements: tuple[str, ...], field: str, text: Text) -> None:
        """Keep the parts separately so reports can show each one."""
        super().__init__(rule_id, text, where=f"{field} ({', '.join(requirements)})")
        self.rule_id = rule_id
        self.requirements = requirements
        self.field = field


class RefusedError(LifecycleError):
    """A well-formed action the rules forbid (separation of duties, wrong stage, stale digest): exit 1."""

    exit_code = ExitCode.VIOLATIONS
