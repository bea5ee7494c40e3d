"""Print what the fuzz run covered: cases per target, rules that fired, time (zero exceptions, or it failed)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from fuzz_settings import CASES, RULES_SEEN, STARTED

from govcloud.admission.rules import all_request_rules
from govcloud.policy.metadata import all_policy_rules

if TYPE_CHECKING:
    import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One block in the CI output when any fuzz target ran: counts, rules fired of each layer, time."""
    if not CASES:
        return
    failed = [
        report
        for outcome in ("failed", "error")
        for report in terminalreporter.stats.get(outcome, [])
        if "tests/fuzz/" in getattr(report, "nodeid", "")
    ]
    terminalreporter.section("fuzz run")
    for target, cases in CASES.items():
        terminalreporter.write_line(f"{target:42} {cases:7,} cases")
    terminalreporter.write_line(
        f"{'total':42} {sum(CASES.values()):7,} cases, {len(RULES_SEEN)} distinct rules fired, "
        f"{time.monotonic() - STARTED:.0f} s, {len(failed)} failing target(s)"
    )
    for layer, rules in (("request", all_request_rules()), ("policy-pack", all_policy_rules())):
        ids = {rule.id for rule in rules}
        fired = ids & RULES_SEEN
        if fired:
            silent = ", ".join(sorted(ids - fired)) or "none"
            terminalreporter.write_line(
                f"{layer} rules fired: {len(fired)}/{len(ids)}; never fired: {silent}"
            )
