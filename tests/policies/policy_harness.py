"""Level-1 harness: hand-built pulumi-policy args and a ``run_policy`` that collects violations.

It also makes the pack's modules importable from ``policies/`` (never its ``__main__``, which would
serve gRPC forever). There is deliberately no conftest.py in this folder: tests elsewhere import
``conftest`` by name, and a second module of that name would shadow theirs.

pulumi-policy ships no test helpers; this mirrors the SDK's own ``run_policy`` in test_policy.py and
builds args with the SDK's public constructors and its unknown-checking proxy, so props behave as
in the analyzer (camelCase keys, floats, unknown sentinels raising ``UnknownValueError``).
"""

from __future__ import annotations

import asyncio
import copy
import importlib
from inspect import isawaitable
from typing import TYPE_CHECKING, Any

from pulumi_policy import (
    Policy,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import unknown_checking_proxy

if TYPE_CHECKING:
    from types import ModuleType

STACK = "gov-portal"


def rule(name: str) -> ModuleType:
    """The module of one pack rule, by rule name (``openstack-...``)."""
    return importlib.import_module(f"govcloud.policy.rules.{name.replace('-', '_')}")


def policy(name: str) -> Policy:
    """The pack's SDK policy for one rule, by rule name: what the analyzer runs."""
    built: Policy = pack().BY_NAME[name]
    return built


def pack() -> ModuleType:
    """``govcloud.policy.pack``: ``PACK_NAME``, ``POLICIES`` and ``BY_NAME``."""
    return importlib.import_module("govcloud.policy.pack")


def waived_module() -> ModuleType:
    """``govcloud.policy.waived``: the pack's rules honouring waivers in the real engine."""
    return importlib.import_module("govcloud.policy.waived")


PROJECT = "govcloud"


def urn(resource_type: str, name: str) -> str:
    """The engine's URN for a root-level resource."""
    return f"urn:pulumi:{STACK}::{PROJECT}::{resource_type}::{name}"


def options() -> PolicyResourceOptions:
    """Default resource options, as the analyzer builds them for a resource without any."""
    return PolicyResourceOptions(
        protect=False,
        ignore_changes=[],
        delete_before_replace=None,
        aliases=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
    )


def _described(resource_type: str, name: str, props: dict[str, Any]) -> dict[str, Any]:
    """What the analyzer tells every policy about a resource: type, proxied props, URN, name, options."""
    return {
        "resource_type": resource_type,
        "props": unknown_checking_proxy(copy.deepcopy(props)),
        "urn": urn(resource_type, name),
        "name": name,
        "opts": options(),
        "provider": None,
    }


def make_args(
    resource_type: str, props: dict[str, Any], name: str = "res", config: dict[str, Any] | None = None
) -> ResourceValidationArgs:
    """Args for one resource; ``config`` is what ``Configure`` would have delivered for this policy."""
    return ResourceValidationArgs(**_described(resource_type, name, props), config=config, stack_tags={})


def resource(
    resource_type: str, name: str, props: dict[str, Any], dependencies: list[PolicyResource] | None = None
) -> PolicyResource:
    """One stack resource for stack-policy args."""
    return PolicyResource(
        **_described(resource_type, name, props),
        parent=None,
        dependencies=list(dependencies or []),
        property_dependencies={},
    )


def make_stack_args(
    resources: list[PolicyResource], config: dict[str, Any] | None = None
) -> StackValidationArgs:
    """Args for a stack policy."""
    return StackValidationArgs(resources, config, {})


def run_policy(policy: Policy, args: ResourceValidationArgs | StackValidationArgs) -> list[str]:
    """Every violation message the policy reports (the SDK's own run_policy pattern)."""
    violations: list[str] = []

    def report(message: str, urn: str | None = None) -> None:  # noqa: ARG001 - the SDK's signature
        violations.append(message)

    assert isinstance(policy, ResourceValidationPolicy | StackValidationPolicy)
    result = policy.validate(args, report)  # type: ignore[arg-type]
    if isawaitable(result):
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(result)
        finally:
            loop.close()
    return violations


def run_policy_with_urns(policy: Policy, args: StackValidationArgs) -> list[tuple[str, str | None]]:
    """Violations of a stack policy with the URN each names (None: the whole stack)."""
    violations: list[tuple[str, str | None]] = []
    assert isinstance(policy, StackValidationPolicy)

    def report(message: str, urn: str | None = None) -> None:
        violations.append((message, urn))

    policy.validate(args, report)
    return violations
