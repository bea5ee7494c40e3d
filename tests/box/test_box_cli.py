"""The `govcloud box` command group is registered and prints env lines without touching the box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import cli

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_box_commands_registered() -> None:
    parser = cli.build_parser()
    for action in ("up", "down", "status", "env"):
        args = parser.parse_args(["box", action])
        assert callable(args.handler)
    assert parser.parse_args(["box", "status", "--format", "json"]).format == "json"


def test_env_prints_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GOVCLOUD_BOX_DIR", str(tmp_path))
    assert cli.main(["box", "env", "--cloud", "govcloud-tenant"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"export OS_CLIENT_CONFIG_FILE={tmp_path}/clouds.yaml", "export OS_CLOUD=govcloud-tenant"]


def test_status_of_empty_state_dir_is_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCLOUD_BOX_DIR", str(tmp_path))
    # No PID records: nothing of ours runs, whatever else listens on the box ports.
    assert cli.main(["box", "status"]) == 4
