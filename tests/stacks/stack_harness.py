"""The tenant stack tests' runner (imported as ``stack_harness``): the program once per call, under the mocks.

The mocks (:mod:`govcloud.testing.mocks`, the same the offline capture uses) are installed once per
process (python-toolchain.md §2); the program is a function, not a module with side effects, so each
test runs it afresh. ``run_stack`` wraps it in
``@pulumi.runtime.test`` and returns the resolved outputs only after every resource registration has
finished, so assertions run on plain data and a forgotten ``await`` cannot make a test pass vacuously.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.runtime import settings as pulumi_settings

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
# The language host runs stacks/__main__.py with stacks/ on sys.path; the tests do the same.
if str(ROOT / "stacks") not in sys.path:
    sys.path.insert(0, str(ROOT / "stacks"))

import program  # noqa: E402 - needs stacks/ on sys.path
from govcloud.provisioning import gate  # noqa: E402
from govcloud.provisioning.refusals import RefusedError  # noqa: E402
from govcloud.provisioning.settings import StackSettings  # noqa: E402
from govcloud.testing.mocks import OpenStackMocks, RecordingMonitor, Registered  # noqa: E402

OPS_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKz9HmgMmY0Vqr8OXqy2ditF9sq16wLqZ/+PSXfdgCyW govcloud-ops@test"
EXAMPLES = {
    # stack (system code): (request file, approval file)
    "gov-portal": ("gov-portal.yaml", "REQ-2026-0042.yaml"),
    "approval": ("approval-system.yaml", "REQ-2026-0057.yaml"),
    "data-exchange": ("data-exchange.yaml", "REQ-2026-0063.yaml"),
}
MOCKS = OpenStackMocks(unique_addresses=True)
MONITOR = RecordingMonitor(MOCKS)


def install_mocks() -> None:
    """Install our mocks (once; again only if another suite in this process replaced them)."""
    if pulumi_settings.SETTINGS.monitor is not MONITOR:
        pulumi.runtime.set_mocks(
            MOCKS, project="govcloud", stack="gov-portal", preview=False, monitor=MONITOR
        )


install_mocks()


@dataclass(slots=True)
class StackRun:
    """What one program run produced."""

    outputs: dict[str, Any]
    resources: list[Registered] = field(default_factory=list)

    def of_type(self, typ: str) -> list[Registered]:
        """Resources of one type token."""
        return [resource for resource in self.resources if resource.typ == typ]

    def counts(self) -> dict[str, int]:
        """Number of resources per type token."""
        found: dict[str, int] = {}
        for resource in self.resources:
            found[resource.typ] = found.get(resource.typ, 0) + 1
        return found


def settings_for(stack: str, **overrides: Any) -> StackSettings:
    """Settings of an example stack, as its Pulumi.<stack>.yaml gives them (with an inline ops key).

    ``overrides`` replace keys by their config name (``request``, ``sshPublicKey``, ...); a Path is
    given as its text, None removes the key; ``as_stack=`` runs them as another stack.
    """
    request, approval = EXAMPLES[stack]
    values: dict[str, Any] = {
        "request": ROOT / "requests" / "examples" / request,
        "approval": ROOT / "requests" / "approvals" / approval,
        "externalNetwork": "public",
        "sshPublicKey": OPS_KEY,
    }
    values.update(overrides)
    name = values.pop("as_stack", stack)
    return StackSettings(
        name, ROOT, {key: str(value) for key, value in values.items() if value is not None}, "test"
    )


def run_stack(settings: StackSettings) -> StackRun:
    """Run the gate and the program under the mocks; every registration has finished on return."""
    install_mocks()
    MOCKS.reset()
    MONITOR.records.clear()
    captured: dict[str, Any] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        exports = program.build(gate.approve(settings))
        return pulumi.Output.from_input(exports).apply(captured.update)

    run()
    assert captured, "the program's outputs never resolved: the run checked nothing"
    parents = MONITOR.parents()
    resources = [
        Registered(r.typ, r.name, r.inputs, r.custom, *parents.get((r.typ, r.name), ("", "")))
        for r in MOCKS.resources
    ]
    return StackRun(captured, resources)


def run_refused(settings: StackSettings) -> tuple[RefusedError, list[Registered]]:
    """Run the gate and the program expecting a refusal; return it and whatever got registered (nothing)."""
    install_mocks()
    MOCKS.reset()

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        exports = program.build(gate.approve(settings))
        return pulumi.Output.from_input(exports).apply(lambda _: None)

    with pytest.raises(RefusedError) as caught:
        run()
    return caught.value, list(MOCKS.resources)
