"""Request admission rules: the registry and the rules themselves (importing this registers them)."""

from govcloud.admission.findings import Severity
from govcloud.admission.registry import REQUEST_RULES, RequestRule, RuleInfo, Violation
from govcloud.admission.rules import network_rules as _network_rules  # noqa: F401 - registers the rules
from govcloud.admission.rules import request_rules as _request_rules  # noqa: F401 - registers the rules
from govcloud.admission.rules import tenant_standing as _tenant_standing  # noqa: F401 - registers the rule
from govcloud.admission.rules import text_rules as _text_rules  # noqa: F401 - registers the rule
from govcloud.bilingual import Text

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


def all_request_rules() -> list[RuleInfo]:
    """The input and schema rules first, then every registered rule, as reports list them."""
    return [INPUT_RULE, SCHEMA_RULE, *REQUEST_RULES.values()]


__all__ = [
    "INPUT_RULE",
    "REQUEST_RULES",
    "SCHEMA_RULE",
    "RequestRule",
    "RuleInfo",
    "Violation",
    "all_request_rules",
]
