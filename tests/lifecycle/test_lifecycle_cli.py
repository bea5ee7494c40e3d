"""The lifecycle commands as people run them: exit codes, bilingual errors, nothing written on failure (SEC-4, LC-2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main

if TYPE_CHECKING:
    from conftest import Desk


def test_full_path_through_the_cli(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    assert desk.cli("submit", str(desk.request), "--as", "王敏", "--role", "requester") == 0
    assert desk.cli("accept", "REQ-2026-0042", "--as", "张伟", "--role", "reviewer") == 0
    assert desk.cli("approve", str(desk.request), "--as", "刘洋", "--role", "authority") == 0
    assert desk.cli("record", "provisioned", "REQ-2026-0042", "--as", "赵磊", "--role", "provider") == 0
    out = capsys.readouterr().out
    assert "recorded #4 provisioned of REQ-2026-0042 v1 by 赵磊 (provider)" in out
    assert main(["verify", "--records", str(desk.records)]) == 0


def test_refusal_exits_1_bilingual_and_writes_nothing(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    assert desk.cli("submit", str(desk.request), "--as", "王敏", "--role", "requester") == 0
    before = desk.snapshot()
    assert desk.cli("approve", str(desk.request), "--as", "刘洋", "--role", "authority") == 1
    err = capsys.readouterr().err
    assert "[record-stage-allows]" in err
    assert "当前阶段 submitted" in err
    assert "stage submitted does not allow approved" in err
    assert desk.snapshot() == before


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
    before = desk.snapshot()
    filled = [a.format(missing=desk.request.with_name("nope.yaml"), request=desk.request) for a in argv]
    assert desk.cli(*filled) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"govcloud {filled[0]}: "), err
    assert err.endswith(f" {rule}\n"), err
    assert err.count("\n") == 1  # one line, no traceback
    assert desk.snapshot() == before


def test_verify_of_a_record_that_is_not_there_is_unusable(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--records", str(desk.records), "REQ-2099-0001"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    path = desk.records / "REQ-2099-0001.jsonl"
    assert captured.err == f"govcloud verify: {path} (LC-1): 没有该记录 / no such record [record-present]\n"


def test_a_change_needs_the_actor_unless_dry_run(approved: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    before = approved.snapshot()
    assert main(["change", str(approved.request), "--records", str(approved.records)]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("change: minor / 一般变更")  # the diff is shown before the refusal
    assert captured.err == (
        "govcloud change: --as, --role (LC-8, SEC-4): 除非用 --dry-run，须给出 --as 和 --role / "
        "--as and --role are required unless --dry-run [change-actor-given]\n"
    )
    assert approved.snapshot() == before


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
