"""The one error the hardening and audit commands turn into exit code 2 (unusable input)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class HardeningInputError(Exception):
    """An input (inventory, variables, waivers) cannot be used; nothing was changed on any host."""

    def __init__(self, source: str, field: str, rule: str, text: Text) -> None:
        """Keep where, which field, under which requirement ID, and why in both languages."""
        super().__init__(f"{source}: {field} [{rule}]: {text.en}")
        self.source = source
        self.field = field
        self.rule = rule
        self.text = text

    def render(self) -> str:
        """One line for a person: source, field, rule ID, Chinese then English."""
        return f"{self.source}: {self.field} [{self.rule}]: {self.text.zh} / {self.text.en}"
