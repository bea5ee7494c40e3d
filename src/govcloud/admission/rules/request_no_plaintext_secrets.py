"""SEC-11: requests are stored and reviewed by many people; a secret in one is a leaked secret."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.admission.rules._document_strings import strings
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-no-plaintext-secrets",
    title=Text("申请中不得出现明文口令或密钥", "Keep passwords and keys out of the request"),
    severity=Severity.ERROR,
    requirements=("SEC-11", "SEC-4"),
    seed_articles="003 Art. 21; 001 Art. 24; 000 Art. 89",
)

# Matched against lower-cased text. Every pattern needs a separator or a marker, so a string with
# none of them (tested with plain ``in``, at C speed) skips the regex.
_SECRET = re.compile(
    r"-----begin [a-z ]*private key-----"
    r"|\b(?:password|passwd|pwd|secret|token|api[_-]?key)\s*[:=]\s*\S+"
    r"|(?:密码|口令|密钥)\s*[:：=]\s*\S+"
    r"|\bakia[0-9a-z]{16}\b"
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each string holding a password, key or access key (its text not shown)."""
    for path, text in strings(ctx.document):
        if not _holds_secret(text):
            continue
        yield violation(
            path,
            (
                "此字段含明文口令或密钥（内容不予显示）",
                "this field holds a password or key in plain text (not shown)",
            ),
            (
                "删除该内容并立即更换该口令或密钥；凭据通过安全渠道单独移交",
                "remove it and rotate that secret now; hand credentials over separately through a secure channel",
            ),
        )


def _holds_secret(text: str) -> bool:
    """Whether a string holds a secret; one without any marker skips the regex."""
    markers = ":" in text or "=" in text or "：" in text or "-----" in text or "AKIA" in text
    return markers and _SECRET.search(text.lower()) is not None
