"""The steps a provider's run on the cloud reports one by one (decommission, suspension, resumption).

A step either finishes with a detail line or raises ``StepFailedError``; the run stops there, the
record keeps what the steps before it recorded, and running the same command again resumes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

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

    def line(self) -> str:
        """``  [ok ] name   1.2s  detail``: what the command prints as the step finishes."""
        return f"  [{'ok ' if self.ok else 'FAIL'}] {self.name:30} {self.seconds:6.1f}s  {self.detail}"


def run_steps(
    steps: Iterable[tuple[str, Callable[[], str]]], done: list[Step], report: Callable[[Step], None]
) -> bool:
    """Run each named step in turn, appending and reporting it; stop at the first that fails."""
    for name, step in steps:
        started = time.monotonic()
        try:
            detail, ok = step(), True
        except StepFailedError as failure:
            detail, ok = failure.text.joined(), False
        done.append(Step(name, time.monotonic() - started, ok, detail))
        report(done[-1])
        if not ok:
            return False
    return True
