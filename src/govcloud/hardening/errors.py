"""The error the hardening and audit commands raise for unusable input (exit code 2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.errors import GovcloudError

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class HardeningInputError(GovcloudError):
    """An input (inventory, variables, waivers) cannot be used; nothing was changed on any host.

    Its code is the requirement ID the input serves (``SEC-10``); ``govcloud.cli.main`` prints
    ``<source>: <field>: <zh> / <en> [<rule>]``.
    """

    def __init__(self, source: str, field: str, rule: str, text: Text) -> None:
        """Keep where, which field, under which requirement ID, and why in both languages."""
        super().__init__(rule, text, where=f"{source}: {field}")
        self.source = source
        self.field = field
        self.rule = rule
