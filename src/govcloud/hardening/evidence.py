"""The audit's evidence file: every check's line, the summary, and SM3 digests (SEC-6, SEC-7).

The document carries the SM3 digest of its own canonical form (sorted keys, compact, without the
``integrity`` member), and ``evidence.json.sm3`` beside it holds the SM3 digest of the file's bytes,
so a changed line, figure or byte is detected by either.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from govcloud.digests import sm3_hex, sm3_tagged
from govcloud.files import write_atomic

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

FORMAT = "govcloud-audit-evidence/1"
OUTCOMES = ("passed", "failed", "waived", "not_applicable")
SIDECAR_SUFFIX = ".sm3"


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals, per requirement and per host, for each outcome."""

    def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
        found = Counter(r["result"] for r in rows)
        return {"checks": len(rows), **{o: found.get(o, 0) for o in OUTCOMES}}

    requirements = sorted({r["requirement"] for r in results})
    hosts = sorted({r["host"] for r in results})
    return {
        "total": {**counts(results), "hosts": len(hosts)},
        "by_requirement": {q: counts([r for r in results if r["requirement"] == q]) for q in requirements},
        "by_host": {h: counts([r for r in results if r["host"] == h]) for h in hosts},
    }


def canonical(document: Mapping[str, Any]) -> bytes:
    """The bytes the embedded digest is taken over."""
    body = {k: v for k, v in document.items() if k != "integrity"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build(meta: Mapping[str, Any], results: list[dict[str, Any]]) -> dict[str, Any]:
    """The evidence document with its embedded SM3 digest."""
    return sealed({"format": FORMAT, **meta, "summary": summarise(results), "results": results})


def sealed(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with its ``integrity`` member: the SM3 digest of its canonical form (``verify`` checks it)."""
    document["integrity"] = {
        "algorithm": "SM3 (GB/T 32905-2016)",
        "digest": sm3_tagged(canonical(document)),
        "over": "this document without 'integrity', JSON with sorted keys and no spaces",
    }
    return document


def write(document: Mapping[str, Any], path: Path) -> str:
    """Write the file and its ``.sm3`` sidecar; return the file's SM3 hex digest."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    digest = sm3_hex(text.encode("utf-8"))
    write_atomic(path, text)
    write_atomic(path.with_name(path.name + SIDECAR_SUFFIX), f"{digest}  {path.name}\n")
    return digest


def verify(path: Path) -> list[str]:
    """Problems with an evidence file (empty when both digests match)."""
    raw = path.read_bytes()
    problems = []
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists() or sidecar.read_text(encoding="utf-8").split()[:1] != [sm3_hex(raw)]:
        problems.append(f"{path.name}: the file's SM3 digest does not match {sidecar.name}")
    document = json.loads(raw)
    if not isinstance(document, dict):
        msg = "the evidence is not a JSON object"
        raise ValueError(msg)  # noqa: TRY004 - read as unusable evidence, like malformed JSON
    if document.get("integrity", {}).get("digest") != sm3_tagged(canonical(document)):
        problems.append(f"{path.name}: the embedded SM3 digest does not match the content")
    return problems


def pinned(path: Path) -> dict[str, Any]:
    """What a record keeps of an evidence file it relies on: where, its SM3, whose, how many checks failed.

    ``ValueError`` when the file was changed after it was written (either digest), or is not evidence.
    """
    problems = verify(path)
    if problems:
        raise ValueError("; ".join(problems))
    document = json.loads(path.read_bytes())
    if document.get("format") != FORMAT or not isinstance(document.get("summary"), dict):
        msg = f"{path.name} is not an evidence file of govcloud audit or scan"
        raise ValueError(msg)
    total = document["summary"]["total"]
    return {
        "file": str(path),
        "sm3": sm3_hex(path.read_bytes()),
        "kind": document.get("kind", "audit"),
        "stack": document.get("stack"),
        "finished": document.get("finished"),
        "checks": total["checks"],
        "failed": total["failed"],
    }
