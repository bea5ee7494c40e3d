"""Request admission rules: the registry and the rules themselves (importing this registers them)."""

from govcloud.bilingual import Text
from govcloud.findings import Severity
from govcloud.rules import request_rules as _request_rules  # noqa: F401 - registers the rules
from govcloud.rules.registry import REQUEST_RULES, RequestRule, RuleInfo, Violation

SCHEMA_RULE = RuleInfo(
    "request-schema-valid",
    Text("申请须符合申请格式（JSON Schema）", "Match the request format (JSON Schema)"),
    Severity.ERROR,
    ("LC-2", "CAT-1"),
    "001 Art. 12; 000 Art. 73(1), 73(4)",
)


def all_request_rules() -> list[RuleInfo]:
    """The schema rule first, then every registered rule, as reports list them."""
    return [SCHEMA_RULE, *REQUEST_RULES.values()]


__all__ = ["REQUEST_RULES", "SCHEMA_RULE", "RequestRule", "RuleInfo", "Violation", "all_request_rules"]
