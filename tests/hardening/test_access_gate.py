"""Harden and audit touch no host without the tenant's written authorisation of that action (SEC-5).

The refusal comes after every input is checked and before anything runs: exit 1, the rule id and SEC-5
in both languages, no report folder, no ansible-runner or pytest process.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
import yaml

from govcloud.cli import main
from govcloud.testing.documents import write_authorisation

if TYPE_CHECKING:
    from pathlib import Path

INVENTORY = (
    "all:\n  vars: {govcloud_system: ghost, govcloud_request_id: REQ-2026-0777}\n"
    "  hosts:\n    ghost-1: {ansible_host: 10.99.7.77, ansible_user: ops}\n"
)


def _argv(command: str, tmp_path: Path, *extra: str) -> list[str]:
    (tmp_path / "inv.yml").write_text(INVENTORY, encoding="utf-8")
    inventory = ["--inventory", str(tmp_path / "inv.yml"), "--reports", str(tmp_path / "reports")]
    return [command, "ghost", *inventory, *extra]


@pytest.mark.parametrize("command", ["harden", "audit"])
def test_no_authorisation_is_refused_before_any_host_is_touched(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_argv(command, tmp_path)) == 1
    err = capsys.readouterr().err
    assert f"未获使用单位书面授权，拒绝 {command} / refusing to {command} without the tenant's written" in err
    assert "[provider-access-authorised] (SEC-5) 栈 ghost 没有申请" in err
    assert "Traceback" not in err
    assert not (tmp_path / "reports").exists(), "nothing was run, nothing written"


def test_an_authorisation_of_another_action_does_not_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audit_only = write_authorisation(tmp_path / "auth.yaml", "ghost", "REQ-2026-0777", ["audit"])
    assert main(_argv("harden", tmp_path, "--authorisation", str(audit_only))) == 1
    assert "TEST-AUTH-ghost allows audit only, not harden" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


def test_an_authorisation_of_another_system_or_an_expired_one_does_not_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = write_authorisation(tmp_path / "other.yaml", "approval", "REQ-2026-0777", ["audit"])
    expired = write_authorisation(tmp_path / "expired.yaml", "ghost", "REQ-2026-0777", ["audit"])
    document = yaml.safe_load(expired.read_text(encoding="utf-8"))
    document["spec"]["validUntil"] = (date.today() - timedelta(days=2)).isoformat()  # noqa: DTZ011
    expired.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    argv = _argv("audit", tmp_path, "--authorisation", str(other), "--authorisation", str(expired))
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "authorises REQ-2026-0777 (approval), not REQ-2026-0777 (ghost)" in err
    assert re.search(r"TEST-AUTH-ghost expired on \d{4}-\d\d-\d\d", err), err
    assert not (tmp_path / "reports").exists()


def test_an_inventory_of_another_system_is_unusable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "inv.yml").write_text(INVENTORY.replace("system: ghost", "system: other"), encoding="utf-8")
    assert (
        main(["audit", "ghost", "--inventory", str(tmp_path / "inv.yml"), "--reports", str(tmp_path / "r")])
        == 2
    )
    err = capsys.readouterr().err
    assert re.search(
        r"all\.vars: .+ / every host of the inventory belongs to system ghost .+ \[SEC-10\]$",
        err,
        re.MULTILINE,
    )
