"""One way to find the project directory: an explicit option, ``GOVCLOUD_ROOT``, then the cwd.

Never the package's own location: an installed govcloud is in site-packages, not in a project.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from govcloud import paths
from govcloud.cli import main
from govcloud.errors import ExitCode, GovcloudError

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "src" / "govcloud").rglob("*.py"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory (it holds ``Pulumi.yaml``) with nested folders, and no ``GOVCLOUD_ROOT``."""
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    root = tmp_path / "project"
    (root / "requests" / "examples").mkdir(parents=True)
    (root / paths.PROJECT_MARKER).write_text("name: p\nruntime: python\n", encoding="utf-8")
    return root


def test_the_working_directory_is_walked_up_to_the_folder_holding_pulumi_yaml(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "requests" / "examples")
    assert paths.project_root() == project.resolve()


def test_govcloud_root_wins_over_the_working_directory(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(project)
    monkeypatch.setenv(paths.PROJECT_ENV, str(other))
    assert paths.project_root() == other.resolve()


def test_an_explicit_option_wins_over_govcloud_root(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.PROJECT_ENV, str(tmp_path))
    assert paths.project_root(project / "requests" / "..") == project.resolve()


def test_outside_any_project_the_error_says_how_to_name_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(paths.ProjectNotFoundError) as raised:
        paths.project_root()
    assert isinstance(raised.value, GovcloudError)  # govcloud.cli.main reports it as unusable input
    assert raised.value.exit_code == ExitCode.UNUSABLE
    assert raised.value.message().endswith(" [project-dir-found]")
    for language in raised.value.text:
        assert str(tmp_path.resolve()) in language
        assert "GOVCLOUD_ROOT" in language
        assert "Pulumi.yaml" in language
    assert "没有 Pulumi.yaml" in raised.value.text.zh


def test_a_per_project_command_outside_any_project_exits_2_with_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())
    assert main(["inventory", "gov-portal"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("govcloud inventory: ")
    assert "没有 Pulumi.yaml" in captured.err
    assert "no Pulumi.yaml in" in captured.err
    assert sorted(tmp_path.iterdir()) == before  # nothing written


def test_review_of_an_event_log_looks_for_the_project_only_for_default_waivers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``--waivers`` given, a log is reviewed anywhere; without, the project's waivers are needed."""
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "events.jsonl").write_text('{"sequence": 0, "preludeEvent": {}}\n', encoding="utf-8")
    waivers = "apiVersion: govcloud-iac/v1\nkind: PolicyWaivers\nwaivers: []\n"
    (tmp_path / "waivers.yaml").write_text(waivers, encoding="utf-8")
    assert main(["review", "--event-log", "events.jsonl", "--waivers", "waivers.yaml"]) == 0
    capsys.readouterr()
    assert main(["review", "--event-log", "events.jsonl"]) == 2
    assert "[project-dir-found" in capsys.readouterr().err


def _finds_a_place_from_this_file(node: ast.AST) -> bool:
    """``__file__`` anywhere, or ``….parents[…]``: the ways the package used to locate the checkout."""
    if isinstance(node, ast.Name) and node.id == "__file__":
        return True
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "parents"
    )


def test_no_module_of_the_package_finds_places_from_its_own_location() -> None:
    found = [
        f"{source.relative_to(ROOT)}:{node.lineno}"
        for source in SOURCES
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if _finds_a_place_from_this_file(node)
    ]
    assert len(SOURCES) > 50
    assert found == []


def test_validate_needs_no_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Admission reads only package data and the request: a tenant may check a request anywhere (LC-2)."""
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "portal.yaml").write_bytes((ROOT / "requests" / "examples" / "gov-portal.yaml").read_bytes())
    assert main(["validate", "portal.yaml"]) == 0
    assert "portal.yaml: ok (REQ-2026-0042;" in capsys.readouterr().out
