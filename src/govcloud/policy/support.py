"""What every rule module shares: its metadata from ``govcloud.policy.metadata`` and its config lookups.

A rule's name, description, severity and requirement IDs are written once, in the package registry,
and turned into pulumi-policy keyword arguments here, so ``govcloud rules``, the reports and the pack
cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyComplianceFramework,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    Severity,
    StackValidationArgs,
)
from pulumi_policy.proxy import UnknownValueError

from govcloud.policy import config as policy_config
from govcloud.policy import metadata as policy_rules

DOCS_URL = "https://govcloud-iac.example/docs/rules#"
UNKNOWN = object()
"""Returned by :func:`known` for a value the engine cannot know during preview."""

__all__ = [
    "UNKNOWN",
    "ReportViolation",
    "ResourceValidationArgs",
    "StackValidationArgs",
    "as_int",
    "as_list",
    "as_mapping",
    "known",
    "policy_kwargs",
    "setting",
]


def policy_kwargs(rule_id: str) -> dict[str, Any]:
    """Keyword arguments for ``ResourceValidationPolicy``/``StackValidationPolicy`` from the registry."""
    info = policy_rules.get(rule_id)
    return {
        "name": info.id,
        "description": info.description,
        "enforcement_level": EnforcementLevel(info.enforcement),
        "config_schema": PolicyConfigSchema(policy_config.schema_properties(info))
        if info.config_keys
        else None,
        "display_name": info.title.en,
        "severity": Severity(info.severity),
        "framework": PolicyComplianceFramework(
            name="GB/T 22239-2019",
            version="2019",
            reference=info.mlps_clause,
            specification=info.seed_articles,
        ),
        "tags": [*info.requirements, info.kind],
        "remediation_steps": f"{info.remediation.en} / {info.remediation.zh}",
        "url": DOCS_URL + info.id,
    }


def setting(args: ResourceValidationArgs | StackValidationArgs, key: str) -> Any:
    """A config value for the running policy, falling back to the schema default.

    The engine fills defaults in before it calls ``Configure``; the fallback keeps a validator
    correct when it is called without config (level-1 tests, an analyzer nobody configured).
    """
    config = args.get_config() or {}
    return config[key] if key in config else policy_config.defaults()[key]


def known(props: Mapping[str, Any], key: str, default: Any = None) -> Any:
    """``props.get(key, default)``, or :data:`UNKNOWN` instead of raising during preview.

    Stack rules use it so that one computed id does not skip the whole stack; resource rules use it for
    values whose being unknown already answers their question (a group id is never an address), and
    otherwise read ``props`` directly and let the SDK report "can't run policy during preview".
    """
    if not isinstance(props, Mapping):
        return default
    try:
        return props.get(key, default)
    except UnknownValueError:
        return UNKNOWN


def as_int(value: Any) -> int | None:
    """Engine numbers arrive as floats (``22.0``); anything that is not a finite number is ``None``.

    A program can send any value under any property (the provider rejects most later); a rule never
    raises on one, it judges what the value would mean to OpenStack.
    """
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) else None


def as_mapping(value: Any) -> Mapping[str, Any]:
    """A property that holds a mapping (a proxy ``Mapping``), or an empty one."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    """A property that holds a list (a proxy ``Sequence``), or an empty list."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return []
