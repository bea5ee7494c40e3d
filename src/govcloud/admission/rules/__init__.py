"""The request rules: one module per rule, named after its id, found by walking this package.

A rule module ``request_<name>.py`` holds ``RULE`` (its ``RuleInfo``, id ``request-<name>``) and
``check(ctx)``; adding a rule is adding a file. Modules whose name starts with ``_`` hold what several
rules share. Rules run, and are listed, in the order of their ids, after the input and schema stages.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RequestRule, RuleInfo
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterable

INPUT_RULE = RuleInfo(
    "request-input-usable",
    Text(
        "申请文件须可读取：UTF-8 纯数据 YAML/JSON，无锚点别名、不超限",
        "Submit a readable request: plain UTF-8 YAML/JSON data within the limits",
    ),
    Severity.ERROR,
    ("LC-2",),
    "001 Art. 12; 000 Art. 73(1)",
)
SCHEMA_RULE = RuleInfo(
    "request-schema-valid",
    Text("申请须符合申请格式（JSON Schema）", "Match the request format (JSON Schema)"),
    Severity.ERROR,
    ("LC-2", "CAT-1"),
    "001 Art. 12; 000 Art. 73(1), 73(4)",
)


def discover(path: Iterable[str], package: str) -> dict[str, RequestRule]:
    """Every rule module of a package by id, in id order; refuse one not named after its rule's id."""
    found: dict[str, RequestRule] = {}
    for module_info in pkgutil.iter_modules(path):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{module_info.name}")
        info = getattr(module, "RULE", None)
        check = getattr(module, "check", None)
        if not isinstance(info, RuleInfo) or not callable(check):
            message = f"{module.__name__} defines no RULE (a RuleInfo) and check(ctx)"
            raise TypeError(message)
        if info.id.replace("-", "_") != module_info.name:
            message = f"{module.__name__} holds rule {info.id}; a rule's module is named after its id"
            raise ValueError(message)
        found[info.id] = RequestRule(info, check)
    return dict(sorted(found.items()))


REQUEST_RULES: dict[str, RequestRule] = discover(__path__, __name__)


def all_request_rules() -> list[RuleInfo]:
    """The input and schema rules first, then every rule module's record, as reports list them."""
    return [INPUT_RULE, SCHEMA_RULE, *(rule.info for rule in REQUEST_RULES.values())]


__all__ = ["INPUT_RULE", "REQUEST_RULES", "SCHEMA_RULE", "all_request_rules", "discover"]
