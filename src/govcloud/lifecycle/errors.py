"""One error type for unusable lifecycle input: the CLI prints it and exits 2, nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class LifecycleError(Exception):
    """Unusable input or a refused action, with the field, the rule id and a bilingual reason."""

    def __init__(self, rule_id: str, requirements: tuple[str, ...], field: str, text: Text) -> None:
        """Keep the parts separately so reports can show each one."""
        super().__init__(f"[{rule_id}] {field}: {text.en}")
        self.rule_id = rule_id
        self.requirements = requirements
        self.field = field
        self.text = text

    def line(self) -> str:
        """``[rule-id] (REQ-IDS) field: zh / en`` for error output."""
        return f"[{self.rule_id}] ({', '.join(self.requirements)}) {self.field}: {self.text.joined()}"


class RefusedError(LifecycleError):
    """A well-formed action the rules forbid (separation of duties, wrong stage, stale digest): exit 1."""
