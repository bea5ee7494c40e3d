"""Counts every report format states the same way."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from govcloud.admission.admit import FileResult


def counts(results: Sequence[FileResult]) -> dict[str, int]:
    """Files by status and findings by severity."""
    statuses = Counter(result.status for result in results)
    severities = Counter(finding.severity.value for result in results for finding in result.findings)
    return {
        "files": len(results),
        "clean": statuses["clean"],
        "withFindings": statuses["findings"],
        "unusable": statuses["unusable"],
        "errors": severities["error"],
        "warnings": severities["warning"],
        "notes": severities["note"],
    }


def sentence(results: Sequence[FileResult]) -> tuple[str, str]:
    """The summary line in Chinese and English."""
    c = counts(results)
    zh = (
        f"共 {c['files']} 个文件：{c['clean']} 个通过，{c['withFindings']} 个有问题，{c['unusable']} 个无法读取；"
        f"错误 {c['errors']}，警告 {c['warnings']}，提示 {c['notes']}"
    )
    en = (
        f"{c['files']} file(s): {c['clean']} clean, {c['withFindings']} with findings, {c['unusable']} unusable; "
        f"{c['errors']} error(s), {c['warnings']} warning(s), {c['notes']} note(s)"
    )
    return zh, en
