"""The lifecycle commands as people run them: exit codes, bilingual errors, nothing written on failure (SEC-4, LC-2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Desk


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(desk: Desk, *argv: str) -> int:
    return main([*argv, "--records", str(desk.records), "--keys", str(desk.keys)])


def test_full_path_through_the_cli(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(desk, "submit", str(desk.request), "--as", "王敏", "--role", "requester") == 0
    assert _run(desk, "accept", "REQ-2026-0042", "--as", "张伟", "--role", "reviewer") == 0
    assert _run(desk, "approve", str(desk.request), "--as", "刘洋", "--role", "authority") == 0
    assert _run(desk, "record", "provisioned", "REQ-2026-0042", "--as", "赵磊", "--role", "provider") == 0
    out = capsys.readouterr().out
    assert "recorded #4 provisioned of REQ-2026-0042 v1 by 赵磊 (provider)" in out
    assert main(["verify", "--records", str(desk.records)]) == 0


def test_refusal_exits_1_bilingual_and_writes_nothing(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(desk, "submit", str(desk.request), "--as", "王敏", "--role", "requester") == 0
    before = _tree(desk.records)
    assert _run(desk, "approve", str(desk.request), "--as", "刘洋", "--role", "authority") == 1
    err = capsys.readouterr().err
    assert "[record-stage-allows]" in err
    assert "当前阶段 submitted" in err
    assert "stage submitted does not allow approved" in err
    assert _tree(desk.records) == before


@pytest.mark.parametrize(
    ("argv", "rule"),
    [
        (["submit", "{missing}", "--as", "王敏", "--role", "requester"], "[request-input-usable]"),
        (["submit", "{request}", "--as", "无名氏", "--role", "requester"], "[record-actor-enrolled]"),
        (
            [
                "record",
                "live",
                "REQ-2026-0042",
                "--evidence",
                "novalue",
                "--as",
                "王敏",
                "--role",
                "requester",
            ],
            "[golive-security-tested]",
        ),
    ],
    ids=["missing-file", "unknown-person", "bad-evidence"],
)
def test_unusable_input_exits_2_with_the_field_and_rule(
    desk: Desk, capsys: pytest.CaptureFixture[str], argv: list[str], rule: str
) -> None:
    before = _tree(desk.records)
    filled = [a.format(missing=desk.request.with_name("nope.yaml"), request=desk.request) for a in argv]
    assert _run(desk, *filled) == 2
    err = capsys.readouterr().err
    assert rule in err
    assert "Traceback" not in err
    assert _tree(desk.records) == before


def test_missing_private_key_is_a_clear_error(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """SEC-6: a person signs only where their private key is; another machine cannot sign for them."""
    assert (
        main(
            [
                "submit",
                str(desk.request),
                "--as",
                "王敏",
                "--role",
                "requester",
                "--records",
                str(desk.records),
                "--keys",
                str(desk.keys.with_name("elsewhere")),
            ]
        )
        == 2
    )
    assert "[record-signing-key-present]" in capsys.readouterr().err


def test_private_keys_are_owner_only_and_outside_the_records(desk: Desk) -> None:
    keys = list(desk.keys.iterdir())
    assert len(keys) == 5
    assert all(key.stat().st_mode & 0o077 == 0 for key in keys)
    keyring = (desk.records / "keyring.json").read_text(encoding="utf-8")
    for key in keys:
        assert key.read_text(encoding="ascii").strip() not in keyring
