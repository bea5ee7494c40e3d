"""Records: hash chain, SM2 signatures, and what ``govcloud verify`` names (LC-1, SEC-6, SEC-7)."""

from __future__ import annotations

import base64
import json
import re
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from gmssl import sm2

from govcloud.cli import main
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.keyring import load_keyring
from govcloud.lifecycle.record import body_bytes
from govcloud.lifecycle.verify import verify_record

if TYPE_CHECKING:
    from conftest import Desk


def _rules(desk: Desk) -> list[tuple[str, str]]:
    verdict = verify_record(desk.record, load_keyring(desk.records))
    return [(p.rule_id, p.where) for p in verdict.problems]


def test_intact_record_verifies_and_cli_exits_0(approved: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    assert _rules(approved) == []
    assert main(["verify", "--records", str(approved.records)]) == 0
    assert "ok, 3 entries" in capsys.readouterr().out


def test_signature_is_standard_sm2_checked_by_an_independent_implementation(approved: Desk) -> None:
    """SEC-6: the pure-Python gmssl verifier (Z value, default signer id) accepts our GmSSL signatures."""
    entry = json.loads(approved.record.read_text(encoding="utf-8").splitlines()[2])
    signer = next(p for p in load_keyring(approved.records) if p.key_id == entry["signature"]["keyId"])
    r, s = decode_dss_signature(base64.b64decode(entry["signature"]["value"]))
    checker = sm2.CryptSM2(private_key="", public_key=signer.public_key, mode=1)
    assert checker.verify_with_sm3(f"{r:064x}{s:064x}", body_bytes(entry))
    assert not checker.verify_with_sm3(f"{r:064x}{s:064x}", body_bytes(entry) + b" ")


def test_flipped_byte_is_detected_and_named(approved: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    lines = approved.record.read_text(encoding="utf-8").splitlines()
    assert "T09:00:00+08:00" in lines[1]
    lines[1] = lines[1].replace("T09:00:00", "T09:00:01", 1)  # one digit of entry #2's time
    approved.record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _rules(approved)
    assert ("record-entry-unaltered", "REQ-2026-0042.jsonl:2 #2 accepted") in problems
    assert main(["verify", "--records", str(approved.records)]) == 1
    assert "#2 accepted [record-entry-unaltered]" in capsys.readouterr().out


def test_flipped_byte_that_breaks_the_json_is_named_by_line(approved: Desk) -> None:
    raw = bytearray(approved.record.read_bytes())
    raw[raw.index(b'"seq"', raw.index(b"\n") + 1)] ^= 0x01
    approved.record.write_bytes(bytes(raw))
    assert ("record-entry-parses", "REQ-2026-0042.jsonl:2") in _rules(approved)


def test_removed_entry_is_detected(approved: Desk) -> None:
    lines = approved.record.read_text(encoding="utf-8").splitlines()
    approved.record.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")
    assert ("record-entry-present", "REQ-2026-0042.jsonl #2") in _rules(approved)


def test_reordered_entries_are_detected(approved: Desk) -> None:
    lines = approved.record.read_text(encoding="utf-8").splitlines()
    approved.record.write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n", encoding="utf-8")
    problems = _rules(approved)
    assert ("record-order-kept", "REQ-2026-0042.jsonl:3 #2 accepted") in problems
    assert not any(rule == "record-entry-present" for rule, _ in problems)


def test_entry_rewritten_with_a_fresh_hash_breaks_the_next_link(approved: Desk) -> None:
    """Editing #2 and recomputing its hash still fails: #3's prev and #2's signature no longer match."""
    from govcloud.lifecycle.record import entry_hash  # noqa: PLC0415

    lines = approved.record.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[1])
    entry["actor"]["name"] = "刘洋"
    entry["hash"] = entry_hash(entry)
    lines[1] = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    approved.record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _rules(approved)
    assert ("record-chain-intact", "REQ-2026-0042.jsonl:3 #3 approved") in problems
    assert ("record-signature-valid", "REQ-2026-0042.jsonl:2 #2 accepted") in problems


def test_cut_tail_is_caught_against_the_last_seen_head(
    approved: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    head = json.loads(approved.record.read_text(encoding="utf-8").splitlines()[-1])["hash"]
    lines = approved.record.read_text(encoding="utf-8").splitlines()
    approved.record.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert main(["verify", "--records", str(approved.records), "--head", head, "REQ-2026-0042"]) == 1
    assert re.search(r"head sm3:[0-9a-f]{64} is not the expected", capsys.readouterr().out)


def test_appending_to_a_tampered_record_is_refused(approved: Desk) -> None:
    lines = approved.record.read_text(encoding="utf-8").splitlines()
    approved.record.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")
    before = approved.record.read_bytes()
    with pytest.raises(RefusedError, match="record-chain-intact"):
        approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    assert approved.record.read_bytes() == before
