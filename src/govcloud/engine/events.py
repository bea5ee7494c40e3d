"""Read policy violations from the Pulumi engine's JSON event stream.

The shapes are the engine's own (``github.com/pulumi/pulumi/sdk/v3@v3.274.1/go/common/apitype/events.go``):
each ``EngineEvent`` carries ``sequence``, ``timestamp`` and exactly one payload; a ``policyEvent`` has
``resourceUrn``, ``message``, ``color``, ``policyName``, ``policyPackName``, ``policyPackVersion``,
``policyPackVersionTag``, ``enforcementLevel`` (``advisory``/``mandatory``/``remediate``/``disabled``;
older engines wrote ``warning``/``none``), ``severity`` (``low``..``critical``, omitted when unspecified)
and ``exceptions`` (``[{id, reason}]``, matched engine-side policy exceptions).

Accepted inputs: ``pulumi ... --event-log FILE`` (one JSON event per line), the streaming
``pulumi preview --json`` output (the same), a JSON array of events, or ``{"events": [...]}``
(``EngineEventBatch`` / ``GetUpdateEventsResponse``). A log of one event per line is read line by line,
so its size does not matter (a preview of a large stack writes hundreds of MB); a whole-document form is
parsed at once and so bounded. Only a regular file is read (a pipe or a device would hang the reader).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
from govcloud.loader import UnusableInputError, open_regular
from govcloud.policy.findings import EngineException, PolicyFinding, Review
from govcloud.policy.metadata import ADVISORY, POLICY_RULES, counted_as
from govcloud.policy.waivers import WAIVED_POLICY, WAIVED_STACK_POLICY, parse_waived_message

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path
    from typing import BinaryIO

_SKIPPED = "during preview"


MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024


EVENT_LOG_RULE = "event-log-usable"


def _unusable(path: Path | None, zh: str, en: str) -> GovcloudError:
    """The file is not an engine event stream (exit 2): ``zh``/``en`` say where it stops being one."""
    text = Text(f"不是可用的 Pulumi 引擎事件日志：{zh}", f"not a usable Pulumi engine event log: {en}")
    return GovcloudError(EVENT_LOG_RULE, text, where=str(path) if path else "")


def events(text: str) -> list[dict[str, Any]]:
    """The engine events in a log, in sequence order."""
    stripped = text.strip()
    if not stripped:
        return []
    if stripped.startswith("["):
        loaded: Any = json.loads(stripped)
    elif stripped.startswith("{") and "\n" not in stripped.rstrip():
        loaded = json.loads(stripped)
    else:
        try:
            loaded = [json.loads(line) for line in stripped.splitlines() if line.strip()]
        except json.JSONDecodeError:
            loaded = json.loads(stripped)
    if isinstance(loaded, dict):
        loaded = loaded.get("events", [loaded])
    if not isinstance(loaded, list) or not all(isinstance(event, dict) for event in loaded):
        raise _unusable(None, "应为 EngineEvent 对象", "expected EngineEvent objects")
    try:
        return sorted(loaded, key=lambda event: int(event.get("sequence", 0)))
    except (TypeError, ValueError) as exc:
        raise _unusable(None, "事件的 sequence 须为整数", "an event's sequence must be an integer") from exc


def strip_description(policy: str, text: str) -> str:
    """The violation text without the policy description the analyzer puts on the first line."""
    rule = POLICY_RULES.get(policy)
    first, _, rest = text.partition("\n")
    if rule is not None and first.strip() == rule.description and rest.strip():
        return rest.strip()
    return text.strip()


def review_from_events(items: Iterable[dict[str, Any]], source: str, pack: str | None = None) -> Review:
    """Collect policy events (optionally of one pack) into a review."""
    review = Review(source=source, mode="engine-event-log")
    resources: set[str] = set()
    for event in items:
        for key in ("resourcePreEvent", "resOutputsEvent"):
            if key in event:
                resources.add(str(event[key].get("metadata", {}).get("urn", "")))
        if "summaryEvent" in event and not event["summaryEvent"].get("isPreview", True):
            review.notes.append("the event log is from an update, not a preview")
        payload = event.get("policyEvent")
        if not isinstance(payload, dict) or (pack is not None and payload.get("policyPackName") != pack):
            continue
        finding = _finding(payload)
        if isinstance(finding, str):
            review.skipped.append(finding)
        elif finding is not None:
            review.findings.append(finding)
    review.resources = len(resources - {""})
    return review


def _finding(payload: dict[str, Any]) -> PolicyFinding | str | None:
    """The finding a policy event reports, the note of a policy skipped during preview, or None."""
    level = counted_as(str(payload.get("enforcementLevel", "")))
    policy = str(payload.get("policyName", ""))
    text = str(payload.get("message", ""))
    if level is None:
        return None
    if level == ADVISORY and _SKIPPED in text and "can't run policy" in text:
        return f"{policy}: {text.strip()}"
    if policy in (WAIVED_POLICY, WAIVED_STACK_POLICY):
        # The pack reported a waived violation under its advisory policy: it is the rule's finding, at
        # the rule's own level; the report's waiver step marks it waived.
        waived = parse_waived_message(text)
        if waived is None or waived[0] not in POLICY_RULES:
            return None
        policy, text = waived
        level = POLICY_RULES[policy].enforcement
    return PolicyFinding(
        policy=policy,
        pack=str(payload.get("policyPackName", "")),
        urn=str(payload.get("resourceUrn", "")),
        message=strip_description(policy, text),
        enforcement=level,
        severity=str(
            payload.get("severity") or (POLICY_RULES[policy].severity if policy in POLICY_RULES else "")
        ),
        engine_exceptions=tuple(
            EngineException(str(item.get("id", "")), str(item.get("reason", "")))
            for item in payload.get("exceptions") or ()
        ),
    )


def load(path: Path, pack: str | None = None) -> Review:
    """Parse an event log file into a review; one event per line is streamed, never held whole."""
    try:
        with open_regular(path) as handle:
            first = handle.readline(MAX_LINE_BYTES + 1)
            if _is_event_line(first):
                return review_from_events(_stream(path, first, handle), str(path), pack)
            rest = handle.read(MAX_DOCUMENT_BYTES + 1 - len(first))
    except UnusableInputError as error:
        raise _unusable(path, error.text.zh, error.text.en) from error
    raw = first + rest
    if len(raw) > MAX_DOCUMENT_BYTES:
        mib = MAX_DOCUMENT_BYTES // 2**20
        raise _unusable(
            path,
            f"单个 JSON 文档超过 {mib} MiB；请用 --event-log 写日志（每行一个事件，逐行读取）",
            f"a single JSON document over {mib} MiB; write the log with --event-log (one event per line), "
            "which is read line by line",
        )
    try:
        items = events(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise _unusable(
            path, f"第 {exc.lineno} 行不是 JSON", f"not JSON at line {exc.lineno}: {exc.msg}"
        ) from exc
    except GovcloudError as error:
        error.where = str(path)
        raise
    return review_from_events(items, str(path), pack)


def _is_event_line(line: bytes) -> bool:
    """Whether the first line is one whole event (the line-per-event form), not part of a document."""
    try:
        first = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(first, dict) and "events" not in first and line.endswith(b"\n")


def _stream(path: Path, first: bytes, handle: BinaryIO) -> Iterator[dict[str, Any]]:
    """Events one per line, in file order (the engine writes them in sequence)."""
    number = 1
    line = first
    while line:
        if len(line) > MAX_LINE_BYTES:
            mib = MAX_LINE_BYTES // 2**20
            raise _unusable(path, f"第 {number} 行超过 {mib} MiB", f"line {number} is longer than {mib} MiB")
        if line.strip():
            try:
                event = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise _unusable(path, f"第 {number} 行不是 JSON", f"not JSON at line {number}") from exc
            if not isinstance(event, dict):
                raise _unusable(
                    path,
                    f"第 {number} 行不是引擎事件（JSON 对象）",
                    f"line {number} is not an engine event (a JSON object)",
                )
            yield event
        line = handle.readline(MAX_LINE_BYTES + 1)
        number += 1
