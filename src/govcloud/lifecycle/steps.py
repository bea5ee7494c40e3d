"""The steps a provider's run on the cloud reports one by one (decommission, suspension, resumption).

A step either finishes with a detail line or raises ``StepFailedError``; the run stops there, the
record keeps what the steps before it recorded, and running the same command again resumes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class StepFailedError(Exception):
    """A step could not finish; the text says why in both languages."""

    def __init__(self, text: Text) -> None:
        """Keep the bilingual text."""
        super().__init__(text.en)
        self.text = text


@dataclass(frozen=True, slots=True)
class Step:
    """One step as the command prints it."""

    name: str
    seconds: float
    ok: bool
    detail: str
