"""The one Pulumi mock of OpenStack: what the stack tests, the offline capture and the benchmark run under.

Inputs come back as outputs and ids are ``<name>_id``; what OpenStack would compute gets test addresses
chosen from the resource's name, never from registration order (the engine registers concurrently,
and a capture must be the same every time for reviews and waivers to be reproducible): a port gets
an address of its subnet (TEST-NET-1 when the subnet is not one of the program's), a server its
``accessIpV4``, a floating IP an address of TEST-NET-3, which stands in for the public pool. The
external-network lookup answers with ``<name>-net-id``.

Only pulumi and the core are imported: ``govcloud review --offline`` runs the capture without the
``testing`` extra.
"""

from __future__ import annotations

import ipaddress
import threading
import zlib
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockMonitor

from govcloud.policy import resource_types

PRIVATE_NET = ipaddress.ip_network("192.0.2.0/24")  # TEST-NET-1: a port outside the program's subnets
PUBLIC_NET = ipaddress.ip_network("203.0.113.0/24")  # TEST-NET-3: stands in for the public pool
FIRST_HOST = 10
ADDRESS_SLOTS = 240
GET_NETWORK = "openstack:networking/getNetwork:getNetwork"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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
    """Echo inputs, fill what OpenStack computes, and remember every registration and call.

    ``unique_addresses`` makes two resources given one address fail loudly: the stack tests run fixed
    examples, where a clash would fail on every run and never flake; a capture of any program does not.
    """

    def __init__(self, *, unique_addresses: bool = False) -> None:
        """Start with nothing recorded."""
        self.unique_addresses = unique_addresses
        self.resources: list[Registered] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._subnets: dict[str, Network] = {}
        self._allocated: set[str] = set()

    def reset(self) -> None:
        """Forget the previous run."""
        self.__init__(unique_addresses=self.unique_addresses)  # type: ignore[misc]

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        """Record the registration and return an id and the outputs."""
        outputs = dict(args.inputs)
        resource_id = f"{args.name}_id"
        if args.typ == resource_types.SUBNET:
            self._subnets[resource_id] = ipaddress.ip_network(str(args.inputs["cidr"]))
        elif args.typ == resource_types.PORT:
            outputs.setdefault("allFixedIps", [self._allocate(self._subnet_of(args.inputs), args.name)])
        elif args.typ == resource_types.INSTANCE:
            outputs.setdefault("accessIpV4", str(_slot(PRIVATE_NET, args.name)))
        elif args.typ == resource_types.FLOATING_IP:
            outputs.setdefault("address", self._allocate(PUBLIC_NET, args.name))
        self.resources.append(Registered(args.typ, args.name, dict(args.inputs), bool(args.custom)))
        return resource_id, outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        """Answer the external-network lookup; nothing else is invoked."""
        self.calls.append((args.token, dict(args.args)))
        if args.token == GET_NETWORK:
            name = str(args.args.get("name", "external"))
            return {"id": f"{name}-net-id", "name": name, "external": True}, []
        return {}, []

    def _subnet_of(self, inputs: dict[str, Any]) -> Network:
        fixed = inputs.get("fixedIps") or [{}]
        return self._subnets.get(str(fixed[0].get("subnetId")), PRIVATE_NET)

    def _allocate(self, network: Network, name: str) -> str:
        address = str(_slot(network, name))
        if self.unique_addresses and address in self._allocated:
            msg = f"mock address clash for {name}: {address}; change ADDRESS_SLOTS"
            raise AssertionError(msg)
        self._allocated.add(address)
        return address


def _slot(network: Network, name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return network[FIRST_HOST + zlib.crc32(name.encode("utf-8")) % ADDRESS_SLOTS]


class RecordingMonitor(MockMonitor):
    """The stock mock monitor, also recording what the engine would know about each registration.

    Each record has the URN, type, name, parent, dependencies and property dependencies the engine
    would send in ``AnalyzeStack``, and the props (the mocks' outputs); the stack resource has none.
    """

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        """Start with no records."""
        super().__init__(mocks)
        self.records: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        """Register through the mocks, then record the registration."""
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == resource_types.STACK:
            return response
        registration = self.resources.get(response.urn)
        record = {
            "urn": response.urn,
            "type": request.type,
            "name": request.name,
            "custom": bool(request.custom),
            "parent": request.parent,
            "dependencies": list(request.dependencies),
            "propertyDependencies": {
                key: list(value.urns) for key, value in request.propertyDependencies.items()
            },
            "props": registration.state if registration is not None else {},
        }
        with self._lock:
            self.records.append(record)
        return response

    def parents(self) -> dict[tuple[str, str], tuple[str, str]]:
        """URN and parent URN of each recorded resource, by (type, name)."""
        with self._lock:
            return {(r["type"], r["name"]): (r["urn"], r["parent"]) for r in self.records}
