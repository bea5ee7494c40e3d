"""A small registry of request rules: each has an id, bilingual title, severity, requirement IDs and seed article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from govcloud.admission.context import RequestContext
    from govcloud.admission.findings import Severity
    from govcloud.loader import PathKey


@dataclass(frozen=True, slots=True)
class Violation:
    """What a check reports: where, what is wrong, and what to do."""

    path: PathKey
    message: Text
    remediation: Text


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What reports and ``govcloud rules`` say about a rule."""

    id: str
    title: Text
    severity: Severity
    requirements: tuple[str, ...]
    seed_articles: str


@dataclass(frozen=True, slots=True)
class RequestRule(RuleInfo):
    """A request-level rule, evaluated on the whole schema-valid request with the catalogue in hand."""

    check: Callable[[RequestContext], Iterable[Violation]]


REQUEST_RULES: dict[str, RequestRule] = {}


def request_rule(
    rule_id: str,
    *,
    title: tuple[str, str],
    severity: Severity,
    requirements: tuple[str, ...],
    seed_articles: str,
) -> Callable[
    [Callable[[RequestContext], Iterable[Violation]]], Callable[[RequestContext], Iterable[Violation]]
]:
    """Register a check function as a request rule."""

    def register(
        check: Callable[[RequestContext], Iterable[Violation]],
    ) -> Callable[[RequestContext], Iterable[Violation]]:
        if rule_id in REQUEST_RULES:
            message = f"rule id {rule_id} registered twice"
            raise ValueError(message)
        REQUEST_RULES[rule_id] = RequestRule(
            rule_id, Text(*title), severity, requirements, seed_articles, check
        )
        return check

    return register


def violation(path: PathKey, message: tuple[str, str], remediation: tuple[str, str]) -> Violation:
    """Shorthand used by the checks: (zh, en) pairs in, a Violation out."""
    return Violation(path, Text(*message), Text(*remediation))
