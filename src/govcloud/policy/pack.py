"""The pack's policies, built from the discovered rule modules; importable without starting the gRPC server.

``policies/__main__.py`` serves them. Here, and only here, a record becomes a ``pulumi_policy`` object:
its metadata turns into the SDK's keyword arguments, and the validator is called only for the resource
types the record names (so validators do not re-check their type).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyComplianceFramework,
    PolicyConfigSchema,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
)

from govcloud.policy import config as policy_config
from govcloud.policy.metadata import RESOURCE, PolicyRule, rule_modules

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from pulumi_policy import ReportViolation, ResourceValidationArgs

PACK_NAME = "govcloud-openstack"
DOCS_URL = "https://govcloud-iac.example/docs/rules#"


def policy_kwargs(rule: PolicyRule) -> dict[str, Any]:
    """Keyword arguments for ``ResourceValidationPolicy``/``StackValidationPolicy`` from the record."""
    return {
        "name": rule.id,
        "description": rule.description,
        "enforcement_level": EnforcementLevel(rule.enforcement),
        "config_schema": PolicyConfigSchema(policy_config.schema_properties(rule))
        if rule.config_keys
        else None,
        "display_name": rule.title.en,
        "severity": Severity(rule.severity),
        "framework": PolicyComplianceFramework(
            name="GB/T 22239-2019",
            version="2019",
            reference=rule.mlps_clause,
            specification=rule.seed_articles,
        ),
        "tags": [*rule.requirements, rule.kind],
        "remediation_steps": f"{rule.remediation.en} / {rule.remediation.zh}",
        "url": DOCS_URL + rule.id,
    }


def _validate_types(
    types: tuple[str, ...], validate: Callable[[ResourceValidationArgs, ReportViolation], None]
) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    def check(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if args.resource_type in types:
            validate(args, report_violation)

    return check


def _remediate_types(
    types: tuple[str, ...], remediate: Callable[[ResourceValidationArgs], dict[str, Any] | None]
) -> Callable[[ResourceValidationArgs], dict[str, Any] | None]:
    def fix(args: ResourceValidationArgs) -> dict[str, Any] | None:
        return remediate(args) if args.resource_type in types else None

    return fix


def build(module: ModuleType) -> Policy:
    """One rule module's SDK policy."""
    rule: PolicyRule = module.RULE
    if rule.kind != RESOURCE:
        return StackValidationPolicy(validate=module.validate, **policy_kwargs(rule))
    remediate = getattr(module, "remediate", None)
    return ResourceValidationPolicy(
        validate=_validate_types(rule.resource_types, module.validate),
        # The SDK types remediate as async-only, but its Remediate also takes a plain mapping (policy.py).
        remediate=_remediate_types(rule.resource_types, remediate) if remediate else None,  # type: ignore[arg-type]
        **policy_kwargs(rule),
    )


POLICIES: list[Policy] = [build(module) for module in rule_modules()]
BY_NAME: dict[str, Policy] = {policy.name: policy for policy in POLICIES}
