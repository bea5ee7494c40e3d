"""Admission: a request file is loaded safely, checked against the schema, then judged by every rule.

Admission only reads: it never writes a request, state or audit record, so a bad input changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govcloud.admission.context import RequestContext
from govcloud.admission.findings import Finding, Severity
from govcloud.admission.rules import REQUEST_RULES, SCHEMA_RULE
from govcloud.bilingual import Text
from govcloud.loader import Document, UnusableInputError, load_path
from govcloud.schemas import validator

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.admission.costing import Cost
    from govcloud.catalogue.model import Catalogue
    from govcloud.loader import PathKey

REQUEST_SCHEMA = "request-1.0.json"
_SCHEMA_FIX = Text(
    "按申请格式（catalog/schemas/request-1.0.json）修改该字段",
    "fix the field to match the request format (catalog/schemas/request-1.0.json)",
)


@dataclass(slots=True)
class FileResult:
    """The outcome for one file: findings, or why it could not be read at all."""

    source: str
    findings: list[Finding] = field(default_factory=list)
    error: UnusableInputError | None = None
    request_id: str | None = None
    digest: str | None = None
    cost: Cost | None = None

    @property
    def status(self) -> str:
        """``unusable``, ``findings`` or ``clean``."""
        if self.error is not None:
            return "unusable"
        return "findings" if self.findings else "clean"


def request_digest(data: Any) -> str:
    """SHA-256 of the request's canonical JSON: what the stack tags and the approval pin."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def judge(document: Document, catalogue: Catalogue) -> list[Finding]:
    """Schema first; only a schema-valid request is judged by the rules."""
    return assess(document, catalogue)[0]


def assess(document: Document, catalogue: Catalogue) -> tuple[list[Finding], RequestContext | None]:
    """Findings, and the request's context (its cost, lookups) when the request is schema-valid."""
    data = document.data
    schema_errors = validator(REQUEST_SCHEMA).errors(data)
    if schema_errors:
        return [
            Finding(
                SCHEMA_RULE.id,
                SCHEMA_RULE.severity,
                error.requirements or SCHEMA_RULE.requirements,
                error.path,
                error.message,
                _SCHEMA_FIX,
                _line(document, error.path),
            )
            for error in schema_errors
        ], None
    context = RequestContext(data, catalogue)
    findings = [
        Finding(
            rule.info.id,
            rule.info.severity,
            rule.info.requirements,
            found.path,
            found.message,
            found.remediation,
            _line(document, found.path),
        )
        for rule in REQUEST_RULES.values()
        for found in rule.check(context)
    ]
    return findings, context


def admit_file(
    path: Path, catalogue: Catalogue, display: str | None = None, *, root: Path | None = None
) -> FileResult:
    """Load and judge one file (no link out of ``root`` followed); unusable input is reported, never raised."""
    result = FileResult(display or str(path))
    try:
        document = load_path(path, root=root)
    except UnusableInputError as error:
        result.error = error
        return result
    result.findings, context = assess(document, catalogue)
    result.cost = context.cost if context is not None else None
    metadata = document.data.get("metadata")
    if isinstance(metadata, dict) and isinstance(metadata.get("id"), str):
        result.request_id = metadata["id"]
    result.digest = request_digest(document.data)
    return result


def fails(result: FileResult, threshold: Severity) -> bool:
    """Whether a file's findings reach the ``--fail-on`` threshold."""
    return any(finding.severity.rank >= threshold.rank for finding in result.findings)


def _line(document: Document, path: PathKey) -> int | None:
    """Line of the field, or of its nearest parent that exists (a missing field has no line)."""
    for length in range(len(path), -1, -1):
        line = document.lines.get(path[:length])
        if line is not None:
            return line
    return None
