"""Fixtures for the stack tests.

The mocks and the runner live in ``stack_harness``: a unique module name, so the conftest modules
of other suites never shadow it when several suites run in one process.
"""

from __future__ import annotations

import pytest
from stack_harness import EXAMPLES, StackRun, run_stack, settings_for

__all__ = ["example_run"]


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def example_run(request: pytest.FixtureRequest) -> tuple[str, StackRun]:
    """Each example stack, run once per test module."""
    stack: str = request.param
    return stack, run_stack(settings_for(stack))
