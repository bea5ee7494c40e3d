"""What a CrossGuard pack rule is (its record), and the registry of every rule, found by discovery.

Each module of ``govcloud.policy.rules`` carries its own :class:`PolicyRule` as ``RULE`` beside its
validator, so adding a rule is adding one file. The pack (``pack.py``), ``govcloud rules``, the review
reports and ``docs/rules.md`` all read these records, so a rule's name, severity or requirement IDs are
written once. Neither this module nor the rule modules import ``pulumi_policy`` (``govcloud rules`` stays
fast); only ``pack.py`` turns records into SDK policies.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

    from govcloud.bilingual import Text

RESOURCE = "resource"
STACK = "stack"

ADVISORY = "advisory"
MANDATORY = "mandatory"
REMEDIATE = "remediate"
DISABLED = "disabled"
ENFORCEMENT_LEVELS = (ADVISORY, MANDATORY, REMEDIATE, DISABLED)
"""The engine's enforcement levels, in the order of its protobuf enum."""

_CITATION = re.compile(r"\(((?:[A-Z]{2,4}-\d+)(?:, [A-Z]{2,4}-\d+)*)\)\.$")
"""A description's closing citation: ``(SEC-3, SEC-10).``"""

SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.0", "low": "2.0"}
"""GitHub code scanning's numeric ``security-severity`` for each pack severity."""


def counted_as(level: str) -> str | None:
    """How a finding reported at an engine level counts: ``mandatory``, ``advisory`` or None (not a finding).

    A remediate policy that still reports could not fix the resource, so it is enforced as mandatory;
    the engine's event log spells advisory ``warning``.
    """
    if level in (MANDATORY, REMEDIATE):
        return MANDATORY
    if level in (ADVISORY, "warning"):
        return ADVISORY
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyRule:
    """One rule of the CrossGuard pack, as the pack, the reports and the docs describe it."""

    id: str
    kind: str
    resource_types: tuple[str, ...]
    description: str
    title: Text
    severity: str
    seed_articles: str
    mlps_clause: str
    remediation: Text
    config_keys: tuple[str, ...]
    enforcement: str = MANDATORY
    remediates: bool = False

    def __post_init__(self) -> None:
        """The engine shows only the description, so it ends by citing the rule's requirement IDs."""
        if not _CITATION.search(self.description):
            message = f"{self.id}: the description must end with its requirement IDs, e.g. (SEC-3, SEC-10)."
            raise ValueError(message)

    @property
    def requirements(self) -> tuple[str, ...]:
        """The requirement IDs the description cites at its end, in order: written once, there."""
        found = _CITATION.search(self.description)
        return tuple(found.group(1).split(", ")) if found else ()

    @property
    def layer(self) -> str:
        """``policy-resource`` or ``policy-stack``, as ``govcloud rules`` lists it."""
        return f"policy-{self.kind}"

    @property
    def module_name(self) -> str:
        """The rule's module in ``govcloud.policy.rules``: its id with underscores."""
        return self.id.replace("-", "_")


@cache
def rule_modules() -> tuple[ModuleType, ...]:
    """Every rule module, by name (``_``-prefixed modules are shared helpers, not rules).

    Found with ``pkgutil`` the way ansible-lint finds its rules; a module whose ``RULE`` does not carry
    its own name, or a name found twice, is a programming error in the pack.
    """
    package = importlib.import_module("govcloud.policy.rules")
    modules = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if not isinstance(rule, PolicyRule) or rule.module_name != info.name:
            message = f"govcloud.policy.rules.{info.name} defines no RULE named after the module"
            raise TypeError(message)
        modules.append(module)
    return tuple(modules)


class _Registry(Mapping[str, PolicyRule]):
    """The rules by id, discovered on first use.

    Rule modules import this module for the record type, so it cannot import them while it loads.
    """

    def _rules(self) -> dict[str, PolicyRule]:
        return _discovered()

    def __getitem__(self, rule_id: str) -> PolicyRule:
        return self._rules()[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules())

    def __len__(self) -> int:
        return len(self._rules())


@cache
def _discovered() -> dict[str, PolicyRule]:
    return {module.RULE.id: module.RULE for module in rule_modules()}


POLICY_RULES: Mapping[str, PolicyRule] = _Registry()


def all_policy_rules() -> list[PolicyRule]:
    """Every pack rule: resource rules, then stack rules, each by id."""
    return sorted(POLICY_RULES.values(), key=lambda rule: (rule.kind != RESOURCE, rule.id))


def get(rule_id: str) -> PolicyRule:
    """One rule by id; a missing id is a programming error in the pack."""
    return POLICY_RULES[rule_id]
