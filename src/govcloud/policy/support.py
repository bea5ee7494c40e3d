"""The config lookups and property readings every rule module shares.

It does not import ``pulumi_policy`` at load (the rule modules, and so the registry behind
``govcloud rules``, stay free of the SDK); the SDK's records arrive as arguments.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from govcloud.policy import config as policy_config

if TYPE_CHECKING:
    from pulumi_policy import ResourceValidationArgs, StackValidationArgs

UNKNOWN = object()
"""Returned by :func:`known` for a value the engine cannot know during preview."""


def setting(args: ResourceValidationArgs | StackValidationArgs, key: str) -> Any:
    """A config value for the running policy, falling back to the schema default.

    The engine fills defaults in before it calls ``Configure``; the fallback keeps a validator
    correct when it is called without config (level-1 tests, an analyzer nobody configured).
    """
    config = args.get_config() or {}
    return config[key] if key in config else policy_config.defaults()[key]


def unlisted(
    args: ResourceValidationArgs, prop: str, key: str, *, blank: str
) -> tuple[str, list[Any]] | None:
    """A name property the config list ``key`` does not hold: how a message shows it, and the list.

    None when the name is listed. A blank name is never listed (the cloud would pick its default, or the
    resource is named by id, which no reviewer can check); ``blank`` is how a message shows it.
    """
    name = str(args.props.get(prop) or "")
    listed = list(setting(args, key))
    if name and name in listed:
        return None
    return name or blank, listed


def known(props: Mapping[str, Any], key: str, default: Any = None) -> Any:
    """``props.get(key, default)``, or :data:`UNKNOWN` instead of raising during preview.

    Stack rules use it so that one computed id does not skip the whole stack; resource rules use it for
    values whose being unknown already answers their question (a group id is never an address), and
    otherwise read ``props`` directly and let the SDK report "can't run policy during preview".
    """
    from pulumi_policy.proxy import UnknownValueError  # noqa: PLC0415 - only a running validator needs the SDK

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
