"""What one request rule is: its record (id, title, severity, requirements), its check, and what it finds.

Each rule is one module of ``govcloud.admission.rules`` holding a ``RULE`` record and a ``check``;
the package finds them, so the record and the check it describes cannot drift apart.
"""

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
class RequestRule:
    """A request-level rule, evaluated on the whole schema-valid request with the catalogue in hand."""

    info: RuleInfo
    check: Callable[[RequestContext], Iterable[Violation]]


def violation(path: PathKey, message: tuple[str, str], remediation: tuple[str, str]) -> Violation:
    """Shorthand used by the checks: (zh, en) pairs in, a Violation out."""
    return Violation(path, Text(*message), Text(*remediation))
