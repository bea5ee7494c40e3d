"""Pulumi mocks for the tenant stack tests (imported as ``stack_harness``), and a runner that executes the program once per call.

The mocks are installed once per process (python-toolchain.md §2); the program is a function, not a
module with side effects, so each test runs it afresh. ``run_stack`` wraps it in
``@pulumi.runtime.test`` and returns the resolved outputs only after every resource registration has
finished, so assertions run on plain data and a forgotten ``await`` cannot make a test pass vacuously.
"""

from __future__ import annotations

import ipaddress
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.mocks import MockMonitor

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
# The language host runs stacks/__main__.py with stacks/ on sys.path; the tests do the same.
if str(ROOT / "stacks") not in sys.path:
    sys.path.insert(0, str(ROOT / "stacks"))

import program  # noqa: E402 - needs stacks/ on sys.path

OPS_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKz9HmgMmY0Vqr8OXqy2ditF9sq16wLqZ/+PSXfdgCyW govcloud-ops@test"
EXAMPLES = {
    # stack (system code): (request file, approval file)
    "gov-portal": ("gov-portal.yaml", "REQ-2026-0042.yaml"),
    "approval": ("approval-system.yaml", "REQ-2026-0057.yaml"),
    "data-exchange": ("data-exchange.yaml", "REQ-2026-0063.yaml"),
}
FIRST_HOST = 10
ADDRESS_SLOTS = 240
FIP_NET = ipaddress.ip_network("203.0.113.0/24")  # TEST-NET-3 stands in for the public pool

SUBNET = "openstack:networking/subnet:Subnet"
PORT = "openstack:networking/port:Port"
FLOATING_IP = "openstack:networking/floatingIp:FloatingIp"
GET_NETWORK = "openstack:networking/getNetwork:getNetwork"


@dataclass(frozen=True, slots=True)
class Registered:
    """One resource the program registered: type, name, inputs (camelCase wire names), parent URN."""

    typ: str
    name: str
    inputs: dict[str, Any]
    custom: bool
    urn: str = ""
    parent: str = ""


class OpenStackMocks(pulumi.runtime.Mocks):
    """Echo inputs back as outputs and fill what OpenStack computes: ports' addresses, FIP addresses."""

    def __init__(self) -> None:
        """Start with nothing recorded."""
        self.resources: list[Registered] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._subnets: dict[str, str] = {}
        self._allocated: set[str] = set()

    def reset(self) -> None:
        """Forget the previous run."""
        self.__init__()  # type: ignore[misc]

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        """Record the registration and return an id and the outputs."""
        outputs = dict(args.inputs)
        resource_id = f"{args.name}_id"
        if args.typ == SUBNET:
            self._subnets[resource_id] = str(args.inputs["cidr"])
        elif args.typ == PORT:
            subnet = ipaddress.ip_network(self._subnets[args.inputs["fixedIps"][0]["subnetId"]])
            outputs["allFixedIps"] = [self._allocate(subnet, args.name)]
        elif args.typ == FLOATING_IP:
            outputs["address"] = self._allocate(FIP_NET, args.name)
        self.resources.append(Registered(args.typ, args.name, dict(args.inputs), bool(args.custom)))
        return resource_id, outputs

    def _allocate(self, network: ipaddress.IPv4Network | ipaddress.IPv6Network, name: str) -> str:
        """An address chosen by the resource name, not by registration order (RPCs run concurrently).

        A clash fails loudly; it is deterministic, so it would fail on every run, never flake.
        """
        slots = ADDRESS_SLOTS
        address = str(network[FIRST_HOST + zlib.crc32(name.encode("utf-8")) % slots])
        if address in self._allocated:
            msg = f"mock address clash for {name}: {address}; change ADDRESS_SLOTS"
            raise AssertionError(msg)
        self._allocated.add(address)
        return address

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        """Answer the external-network lookup; nothing else is invoked."""
        self.calls.append((args.token, dict(args.args)))
        if args.token == GET_NETWORK:
            return {"id": f"{args.args['name']}-net-id", "name": args.args["name"], "external": True}
        return {}


class RecordingMonitor(MockMonitor):
    """The stock mock monitor, plus each resource's URN and parent (to check component parenting)."""

    def __init__(self, mocks: OpenStackMocks) -> None:
        """Wrap the mocks."""
        super().__init__(mocks)
        self.parents: dict[tuple[str, str], tuple[str, str]] = {}

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        """Register as usual, then remember URN and parent by (type, name)."""
        response = super().RegisterResource(request)
        self.parents[(request.type, request.name)] = (response.urn, request.parent)
        return response


MOCKS = OpenStackMocks()
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


def settings_for(stack: str, **overrides: Any) -> program.StackSettings:
    """Settings of an example stack, as its Pulumi.<stack>.yaml gives them; overrides replace fields."""
    request, approval = EXAMPLES[stack]
    values: dict[str, Any] = {
        "request": ROOT / "requests" / "examples" / request,
        "approval": ROOT / "requests" / "approvals" / approval,
        "catalogue": None,
        "external_network": "public",
        "ssh_public_key": OPS_KEY,
    }
    values.update(overrides)
    return program.StackSettings(**values)


def run_stack(settings: program.StackSettings, stack: str) -> StackRun:
    """Run admission and the program under the mocks; every registration has finished on return."""
    install_mocks()
    MOCKS.reset()
    MONITOR.parents.clear()
    captured: dict[str, Any] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        plan = program.admit(settings, stack)
        exports = program.build(plan, settings)
        return pulumi.Output.from_input(exports).apply(captured.update)

    run()
    assert captured, "the program's outputs never resolved: the run checked nothing"
    resources = [
        Registered(r.typ, r.name, r.inputs, r.custom, *MONITOR.parents.get((r.typ, r.name), ("", "")))
        for r in MOCKS.resources
    ]
    return StackRun(captured, resources)


def run_refused(settings: program.StackSettings, stack: str) -> tuple[program.RefusedError, list[Registered]]:
    """Run the program expecting a refusal; return it and whatever got registered (should be nothing)."""
    install_mocks()
    MOCKS.reset()

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        plan = program.admit(settings, stack)
        exports = program.build(plan, settings)
        return pulumi.Output.from_input(exports).apply(lambda _: None)

    with pytest.raises(program.RefusedError) as caught:
        run()
    return caught.value, list(MOCKS.resources)
