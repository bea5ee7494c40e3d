"""The provisioning gate's refusal rules: one registry, one refusal type, one error.

Every reason the gate refuses to build (``pulumi up`` through ``stacks/program.py``, and
``govcloud provision``'s approval step) is a rule registered here with its id, requirement IDs and a
bilingual description, beside the check that gives it; ``govcloud rules`` and ``docs/rules.md`` list
them. A refusal can only be made through ``refusal(rule_id, ...)``, so an unregistered id fails the
first test that reaches it instead of reaching a user. Admission findings keep their request rules' ids
(that registry lists them), and a lifecycle record that does not verify is refused with the id of the
``govcloud verify`` check that failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from govcloud.bilingual import Text
from govcloud.errors import RefusalError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

Check = TypeVar("Check", bound="Callable[..., Any]")


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason the gate will not let the request be built."""

    rule_id: str
    requirements: tuple[str, ...]
    message: Text

    def line(self) -> str:
        """``[rule-id] (REQ-IDS) zh / en``."""
        return f"[{self.rule_id}] ({', '.join(self.requirements)}) {self.message.joined()}"


@dataclass(frozen=True, slots=True)
class GateRule:
    """A registered refusal: what it protects, the requirements it enforces, and where it is checked."""

    id: str
    requirements: tuple[str, ...]
    description: Text
    check: str
    """The function that gives it, ``module.qualname``, for a reader of ``govcloud rules``."""


GATE_RULES: dict[str, GateRule] = {}


def gate_rule(
    rule_id: str, *, requirements: tuple[str, ...], description: tuple[str, str]
) -> Callable[[Check], Check]:
    """Register the decorated function as the check that gives refusals ``rule_id``."""

    def register(check: Check) -> Check:
        if rule_id in GATE_RULES:
            message = f"gate rule id {rule_id} registered twice"
            raise ValueError(message)
        where = f"{check.__module__}.{check.__qualname__}"
        GATE_RULES[rule_id] = GateRule(rule_id, requirements, Text(*description), where)
        return check

    return register


def refusal(rule_id: str, message: Text, requirements: tuple[str, ...] | None = None) -> Refusal:
    """A refusal of a registered rule; ``requirements`` narrows or widens its IDs for this one case."""
    rule = GATE_RULES[rule_id]
    return Refusal(rule.id, requirements or rule.requirements, message)


class RefusedError(RefusalError):
    """The request may not be built (exit 1); raised before anything is registered with the engine."""

    code_checked_by_its_registry = True  # a refusal's id is a gate rule's, a request rule's or verify's

    def __init__(self, source: str, refusals: Iterable[Refusal]) -> None:
        """List every refusal, bilingual, each with its rule id and requirement IDs (the code is the first's: there is one at least)."""
        self.refusals = tuple(refusals)
        text = Text(f"拒绝部署 {source}", f"refusing to deploy {source}")
        super().__init__(self.refusals[0].rule_id, text, details=tuple(item.line() for item in self.refusals))
        self.source = source
        lines = "\n".join(f"  {line}" for line in self.details)
        self.args = (f"拒绝部署 / refusing to deploy {source}:\n{lines}",)  # what the engine prints

    @property
    def rule_ids(self) -> list[str]:
        """The rule ids, in the order found."""
        return [item.rule_id for item in self.refusals]
