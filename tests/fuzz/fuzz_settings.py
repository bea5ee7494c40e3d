"""How much each fuzz target runs, seeded, and what the run covered (printed at the end of the session).

The counts below add up to more than 10,000 cases per CI run; ``GOVCLOUD_FUZZ_SCALE`` multiplies
them for a long run (``GOVCLOUD_FUZZ_SCALE=20 pytest -m fuzz``). Every run is derandomised, so a CI
failure reproduces exactly, and Hypothesis's example database is off (nothing is written to the tree).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from collections.abc import Callable

SCALE = float(os.environ.get("GOVCLOUD_FUZZ_SCALE", "1"))
# Measured on the 2-core CI machine: a schema-valid request costs ~45 ms (drawing it and four report
# formats), a mutated example ~6 ms, a policy case ~3 ms; these counts take about two minutes.
BASE = {
    "schema-valid requests": 1500,
    "mutated examples": 4000,
    "YAML round trips": 300,
    "policy rules over generated properties": 3000,
    "stack rules over generated stacks": 800,
    "waiver documents": 1000,
    "approval documents": 1000,
}
RUNS = {name: max(1, int(count * SCALE)) for name, count in BASE.items()}

CASES: Counter[str] = Counter()
RULES_SEEN: set[str] = set()
STARTED = time.monotonic()


def fuzz_settings(examples: int) -> Callable[[Any], Any]:
    """Hypothesis settings for one target: seeded, no deadline (the machine is shared), no database."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


def count(target: str, rules: set[str] | None = None) -> None:
    """Record one case of ``target`` and the rules it made fire."""
    CASES[target] += 1
    RULES_SEEN.update(rules or ())
