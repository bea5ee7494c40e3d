"""Waivers in the real engine: a waived violation does not block, and is still reported.

CrossGuard enforces per policy, not per resource, so a waiver cannot lower one violation's level. Each
rule is therefore wrapped: a violation that an active waiver (``policies/waivers.yaml``) covers is not
reported under the rule, and one advisory policy per kind, ``govcloud-waived-findings``, reports it
instead, naming the waiver and the rule (``govcloud.engine.events`` turns it back into a finding of
that rule, which our reports show as waived). An expired waiver covers nothing, so the rule blocks.
"""

from __future__ import annotations

import copy
import inspect
from typing import TYPE_CHECKING, Any

from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy
from pulumi_policy.policy import _NotApplicableError  # what args.not_applicable() raises
from pulumi_policy.proxy import UnknownValueError

from govcloud.policy.waivers import WAIVED_POLICY, WAIVED_STACK_POLICY, Waiver, find, waived_message

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence
    from datetime import date

    from pulumi_policy import Policy, ReportViolation

Validate = Any
"""A pulumi-policy validate callable: ``(args, report_violation) -> Awaitable | None``."""


def _name_of(urn: str) -> str:
    return urn.rsplit("::", 1)[-1] if "::" in urn else urn


def _covering(waivers: Sequence[Waiver], rule: str, args: Any, urn: str | None) -> Waiver | None:
    target = urn or getattr(args, "urn", "") or ""
    name = getattr(args, "name", None) if urn is None else None
    return find(list(waivers), rule, target, name or _name_of(target))


def _splitting(
    rule: str, inner: Validate, waivers: Sequence[Waiver], *, waived: bool
) -> Callable[[Any, ReportViolation], Any]:
    """``inner`` reporting only uncovered violations, or (``waived``) only covered ones, relabelled."""

    def validate(args: Any, report_violation: ReportViolation) -> Any:
        def report(message: str, urn: str | None = None) -> None:
            waiver = _covering(waivers, rule, args, urn)
            if waiver is None and not waived:
                report_violation(message, urn)
            elif waiver is not None and waived:
                report_violation(waived_message(rule, waiver, message), urn)

        if not waived:
            return inner(args, report)
        try:
            return inner(args, report)
        except (UnknownValueError, _NotApplicableError):
            return None  # the rule's own run reports that it cannot check this here

    return validate


def with_waivers(policies: Sequence[Policy], waivers: Sequence[Waiver], today: date) -> list[Policy]:
    """Copies of the pack's policies honouring the waivers active ``today``, plus the two reporters."""
    active = [waiver for waiver in waivers if waiver.active(today)]
    wrapped: list[Policy] = []
    resource_checks: list[Validate] = []
    stack_checks: list[Validate] = []
    for policy in policies:
        inner = policy.validate  # type: ignore[attr-defined] # both policy kinds have it; the base class does not say
        # pulumi-policy calls ``policy.validate(args, report)``; on a copy the instance attribute wins.
        copied = copy.copy(policy)
        copied.validate = _splitting(policy.name, inner, active, waived=False)  # type: ignore[attr-defined]
        wrapped.append(copied)
        checks = stack_checks if isinstance(policy, StackValidationPolicy) else resource_checks
        checks.append(_splitting(policy.name, inner, active, waived=True))
    description = "Report violations covered by an active waiver (policies/waivers.yaml); they do not block."
    return [
        *wrapped,
        ResourceValidationPolicy(
            name=WAIVED_POLICY,
            description=description,
            validate=resource_checks,
            enforcement_level=EnforcementLevel.ADVISORY,
        ),
        StackValidationPolicy(
            name=WAIVED_STACK_POLICY,
            description=description,
            validate=_all(stack_checks),
            enforcement_level=EnforcementLevel.ADVISORY,
        ),
    ]


def _all(checks: Sequence[Validate]) -> Callable[[Any, ReportViolation], Awaitable[None] | None]:
    """One stack validation running every check (pulumi-policy takes a single one for stack policies)."""

    def validate(args: Any, report_violation: ReportViolation) -> Awaitable[None] | None:
        pending = [result for check in checks if inspect.isawaitable(result := check(args, report_violation))]
        if not pending:
            return None

        async def wait() -> None:
            for awaitable in pending:
                await awaitable

        return wait()

    return validate
