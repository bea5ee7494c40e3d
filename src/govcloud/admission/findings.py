"""What admission reports: findings that name the field, the rule and the requirement, in two languages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govcloud.bilingual import Text
    from govcloud.loader import PathKey


class Severity(StrEnum):
    """How bad a finding is; ``error`` blocks, ``warning`` blocks unless waived, ``note`` informs."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """Order for ``--fail-on``: a finding fails the run when its rank reaches the threshold."""
        return {"error": 3, "warning": 2, "note": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file, with what to do about it."""

    rule_id: str
    severity: Severity
    requirements: tuple[str, ...]
    path: PathKey
    message: Text
    remediation: Text
    line: int | None = None

    @property
    def field(self) -> str:
        """The field path as a person writes it: ``spec.resources[2].item``."""
        return format_path(self.path)


def format_path(path: PathKey) -> str:
    """Render a path key; the document root is ``(document)``."""
    if not path:
        return "(document)"
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
