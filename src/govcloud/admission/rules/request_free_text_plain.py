"""Free text that could be run or misread where it goes: reports, resource tags, Ansible inventories.

A request's names, reasons and sizing bases are copied into Markdown and SARIF reports, OpenStack
metadata and the inventories Ansible templates with Jinja. Plain punctuation (``;``, ``|``, ``&``) is
ordinary text and stays; what executes or hides meaning is refused: template and command
substitution markers, backticks, parent-folder paths, control characters, and the bidirectional
controls that make a reviewer read something other than what is stored (Trojan Source).
SEC-11 (integrity), SEC-7 (faithful records): text is stored and shown as given, never run.
"""

from __future__ import annotations

import unicodedata
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
    id="request-free-text-plain",
    title=Text(
        "文本字段不得含模板、命令替换、上级路径或控制字符",
        "Keep template, command-substitution, parent-path and control characters out of text fields",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-11", "SEC-7"),
    seed_articles="003 Art. 21; 000 Art. 85",
)

_MARKERS = {
    "{{": ("模板标记 {{", "a template marker {{"),
    "{%": ("模板标记 {%", "a template marker {%"),
    "{#": ("模板标记 {#", "a template marker {#"),
    "${": ("变量替换 ${", "a variable substitution ${"),
    "$(": ("命令替换 $(", "a command substitution $("),
    "`": ("反引号命令替换", "a backtick command substitution"),
    "../": ("上级目录路径 ../", "a parent-folder path ../"),
    "..\\": ("上级目录路径 ..\\", "a parent-folder path ..\\"),
}
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LAYOUT = frozenset("\t\n\r")


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each string holding a marker or character that executes or hides meaning (its text not shown)."""
    for path, text in strings(ctx.document):
        found = _what(text)
        if found:
            yield violation(
                path,
                (f"此字段含{found[0]}（内容不予显示）", f"this field holds {found[1]} (not shown)"),
                (
                    "改为普通文字：该文本会进入报告、资源标签和 Ansible 清单",
                    "write plain text: it goes into reports, resource tags and Ansible inventories",
                ),
            )


def _what(text: str) -> tuple[str, str] | None:
    """What makes ``text`` unsafe, in Chinese and English, or None."""
    for marker, names in _MARKERS.items():
        if marker in text:
            return names
    for char in text:
        if char in _BIDI_CONTROLS:
            return (f"双向文本控制字符 U+{ord(char):04X}", f"a bidirectional control U+{ord(char):04X}")
        if unicodedata.category(char) == "Cc" and char not in _LAYOUT:
            return (f"控制字符 U+{ord(char):04X}", f"a control character U+{ord(char):04X}")
    return None
