"""``govcloud verify``: every record intact, in order, complete and signed by the person it names.

An edited entry no longer matches its own SM3 hash (or, if the hash was recomputed, the next entry's
``prev``); a removed entry leaves a gap in the sequence numbers; a reordered entry comes after a
higher number. Each problem names the entry by sequence number, line and event. Removing the *last*
entries leaves no gap: compare the head hash this prints with the one last seen (``--head``), or with
git history, which is why records live in git. Platform maintenance windows' records
(``govcloud.lifecycle.maintenance``) are checked the same way, against their own entry schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.identity import same_person
from govcloud.lifecycle import maintenance, signing
from govcloud.lifecycle.errors import LifecycleError, RefusedError
from govcloud.lifecycle.record import GENESIS, body_bytes, entry_hash
from govcloud.lifecycle.rule import Outcome
from govcloud.lifecycle.rules import requirements_of
from govcloud.schemas import validator

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.lifecycle.keyring import Person

ENTRY_SCHEMA = "record-entry-1.0.json"


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a record cannot be trusted, naming the entry; its id is registered (``govcloud.lifecycle.rules``)."""

    rule_id: str
    where: str
    message: Text

    def __post_init__(self) -> None:
        """Fail here, not in a report, for an id not registered as a record problem."""
        requirements_of(self.rule_id, Outcome.PROBLEM)

    @property
    def requirements(self) -> tuple[str, ...]:
        """The requirement IDs of the rule."""
        return requirements_of(self.rule_id, Outcome.PROBLEM)

    def line(self) -> str:
        """``where [rule-id] (REQ-IDS) zh / en``."""
        return f"{self.where} [{self.rule_id}] ({', '.join(self.requirements)}) {self.message.joined()}"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome for one record file."""

    path: Path
    entries: int
    head: str
    problems: tuple[Problem, ...]


def records_to_verify(records: Path, ids: list[str]) -> list[tuple[Path, str]]:
    """The records named (``REQ-…`` or ``MNT-…``), or every request's and maintenance window's, with their schema."""
    if not ids:
        requests = [(path, ENTRY_SCHEMA) for path in sorted(records.glob("REQ-*.jsonl"))]
        windows = [(path, maintenance.ENTRY_SCHEMA) for path in maintenance.window_paths(records)]
        return requests + windows
    named = [
        (maintenance.window_path(records, rid), maintenance.ENTRY_SCHEMA)
        if rid.startswith("MNT-")
        else (records / f"{rid}.jsonl", ENTRY_SCHEMA)
        for rid in ids
    ]
    for path, _ in named:
        if not path.is_file():
            raise LifecycleError("record-present", str(path), Text("没有该记录", "no such record"))
    return named


def refuse_unless_intact(path: Path, people: list[Person], schema: str = ENTRY_SCHEMA) -> None:
    """Refuse (``record-chain-intact``) to append to a record that exists and does not verify."""
    if path.exists() and (problems := verify_record(path, people, schema).problems):
        raise RefusedError(
            "record-chain-intact",
            str(path),
            Text(
                f"记录未通过校验，拒绝追加：{problems[0].message.zh}",
                f"the record fails verification; refusing to append: {problems[0].message.en}",
            ),
        )


def verify_record(path: Path, people: list[Person], schema: str = ENTRY_SCHEMA) -> Verdict:
    """Check one record: shape (``schema``: a request's or a maintenance window's), hashes, chain, sequence, signatures, time order."""
    problems: list[Problem] = []
    parsed: list[tuple[int, dict[str, Any]]] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                entry = json.loads(text)
            except ValueError:
                problems.append(
                    _problem(
                        "record-entry-parses",
                        f"{path.name}:{number}",
                        "该行不是有效的 JSON（已被改动）",
                        "the line is not valid JSON (it was edited)",
                    )
                )
                continue
            if not validator(schema).is_valid(entry):
                problems.append(
                    _problem(
                        "record-entry-schema-valid",
                        f"{path.name}:{number}",
                        "条目不符合记录格式（已被改动）",
                        "the entry does not match the record format (edited)",
                    )
                )
                continue
            parsed.append((number, entry))
    problems += _sequence_problems(path, parsed)
    keys = {person.key_id: person for person in people}
    previous: dict[str, Any] | None = None
    for number, entry in parsed:
        where = f"{path.name}:{number} #{entry['seq']} {entry['event']}"
        if entry_hash(entry) != entry["hash"]:
            problems.append(
                _problem(
                    "record-entry-unaltered",
                    where,
                    "条目内容与其 SM3 摘要不符：已被改动",
                    "the entry no longer matches its SM3 hash: it was edited",
                )
            )
        expected_prev = entry_hash(previous) if previous is not None else GENESIS
        in_order = entry["seq"] == (previous["seq"] + 1 if previous is not None else 1)
        if in_order and entry["prev"] != expected_prev:
            problems.append(
                _problem(
                    "record-chain-intact",
                    where,
                    "前一条目已被替换或改动（链接摘要不符）",
                    "the entry before it was replaced or edited (the chain link does not match)",
                )
            )
        problems += _signature_problems(where, entry, keys)
        if previous is not None and entry["at"] < previous["at"]:
            problems.append(
                _problem(
                    "record-time-ordered",
                    where,
                    f"时间 {entry['at']} 早于前一条目的 {previous['at']}",
                    f"time {entry['at']} is before the previous entry's {previous['at']}",
                )
            )
        previous = entry
    head = previous["hash"] if previous is not None else GENESIS
    return Verdict(path, len(parsed), head, tuple(problems))


def _sequence_problems(path: Path, parsed: list[tuple[int, dict[str, Any]]]) -> list[Problem]:
    """Gaps are removed entries; a number lower than one before it is a reordered entry."""
    problems: list[Problem] = []
    seen: set[int] = set()
    highest = 0
    for number, entry in parsed:
        seq = entry["seq"]
        where = f"{path.name}:{number} #{seq} {entry['event']}"
        if seq in seen:
            problems.append(
                _problem("record-entry-unique", where, f"序号 {seq} 重复", f"sequence number {seq} repeats")
            )
        elif seq < highest:
            problems.append(
                _problem(
                    "record-order-kept",
                    where,
                    f"条目 #{seq} 出现在 #{highest} 之后：顺序被调换",
                    f"entry #{seq} comes after #{highest}: the entries were reordered",
                )
            )
        seen.add(seq)
        highest = max(highest, seq)
    problems += [
        _problem(
            "record-entry-present",
            f"{path.name} #{missing}",
            f"条目 #{missing} 已被删除",
            f"entry #{missing} was removed",
        )
        for missing in sorted(set(range(1, highest + 1)) - seen)
    ]
    return problems


def _signature_problems(where: str, entry: dict[str, Any], keys: dict[str, Person]) -> list[Problem]:
    signature = entry["signature"]
    signer = keys.get(signature["keyId"])
    if signer is None:
        return [
            _problem(
                "record-signer-enrolled",
                where,
                f"签名密钥 {signature['keyId'][:16]}… 未登记",
                f"signing key {signature['keyId'][:16]}... is not in the keyring",
            )
        ]
    problems = []
    if not signing.verify(bytes.fromhex(signer.public_key), body_bytes(entry), signature["value"]):
        problems.append(
            _problem("record-signature-valid", where, "SM2 签名验证失败", "the SM2 signature does not verify")
        )
    if not same_person(signer.identity, entry["actor"]) or entry["role"] not in signer.roles:
        problems.append(
            _problem(
                "record-signer-is-actor",
                where,
                f"签名人 {signer.name} 不是记载的 {entry['actor']['name']}（{entry['role']}）",
                f"the signer {signer.name} is not the recorded actor {entry['actor']['name']} ({entry['role']})",
            )
        )
    return problems


def _problem(rule_id: str, where: str, zh: str, en: str) -> Problem:
    return Problem(rule_id, where, Text(zh, en))
