"""Unusable input to harden and audit: exit 2, field and rule ID in Chinese and English, nothing written."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main
from govcloud.hardening import evidence

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("command", ["harden", "audit"])
def test_missing_inventory_is_exit_2_and_writes_nothing(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "reports"
    argv = [command, "gov-portal", "--inventory", str(tmp_path / "none.yml"), "--reports", str(reports)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert re.search(r"\(document\): .+ / .+ \[SEC-10\]$", err, re.MULTILINE), err
    assert "Traceback" not in err
    assert " / " in err, "Chinese then English"
    assert not reports.exists()


@pytest.mark.parametrize(
    ("option", "field"), [("--ssh-config", "--ssh-config"), ("--private-key", "--private-key")]
)
def test_missing_connection_file_names_the_option(
    option: str, field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["harden", "gov-portal", option, str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert re.search(
        rf"{field}: 文件不存在或不是普通文件 / no such regular file.* \[SEC-5\]$", err, re.MULTILINE
    ), err


def test_stack_name_that_is_a_path_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "../etc"]) == 2
    assert re.search(r": stack: .+ \[SEC-10\]$", capsys.readouterr().err, re.MULTILINE)


def test_audit_with_an_unusable_waiver_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inventory = tmp_path / "inv.yml"
    inventory.write_text(
        "all:\n  hosts:\n    web-1: {ansible_host: 10.0.0.5, ansible_user: ops}\n", encoding="utf-8"
    )
    waivers = tmp_path / "w.yml"
    waivers.write_text("kind: PolicyWaivers\nwaivers: []\n", encoding="utf-8")
    reports = tmp_path / "reports"
    argv = ["audit", "x", "--inventory", str(inventory), "--waivers", str(waivers), "--reports", str(reports)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert re.search(r"kind: 不是 HardeningWaivers 文件.* \[SEC-4\]$", err, re.MULTILINE), err
    assert not reports.exists()


def test_verify_checks_both_sm3_digests_of_the_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "audit" / "evidence.json"
    path.parent.mkdir()
    meta = {"stack": "s", "inventory": "i", "started": "a", "finished": "b", "waivers": []}
    evidence.write(evidence.build(meta, []), path)
    assert main(["audit", "s", "--reports", str(tmp_path), "--verify"]) == 0
    assert "SM3 digests match" in capsys.readouterr().out
    path.write_text(
        path.read_text(encoding="utf-8").replace('"stack": "s"', '"stack": "t"'), encoding="utf-8"
    )
    assert main(["audit", "s", "--reports", str(tmp_path), "--verify"]) == 1
    assert "[SEC-6]: 证据已被改动 / the evidence was changed" in capsys.readouterr().err
    assert main(["audit", "s", "--reports", str(tmp_path / "none"), "--verify"]) == 2
