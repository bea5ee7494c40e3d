"""The hostile corpus (``requests/examples/hostile/``): every file refused with its exit code, rule and field.

LC-2 (unusable input is exit 2 under ``request-input-usable`` with the loader's code), SEC-4, SEC-11,
SEC-7, CAT-4, LC-11 and the other rules the manifest names: each file must give exactly its exit
code, a finding naming its rule and field, no traceback, and leave every file on disk as it was.
``generate_hostile.py`` must reproduce the committed corpus byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from generate_hostile import MANIFEST, OUT, write

from govcloud.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOVCLOUD = Path(sys.executable).with_name("govcloud")
CATEGORIES = ("yaml", "json", "enc", "id", "sod", "num", "date", "window", "coll", "text")


def _manifest() -> list[dict[str, str]]:
    lines = (OUT / MANIFEST).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


ROWS = _manifest()


def _tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_generator_reproduces_the_committed_corpus(tmp_path: Path) -> None:
    write(tmp_path)
    assert _tree(tmp_path) == _tree(OUT), (
        "requests/examples/hostile is stale: run python tests/admission/generate_hostile.py"
    )


def test_the_corpus_has_300_small_files_in_every_category() -> None:
    files = [path for path in OUT.iterdir() if path.suffix in (".yaml", ".json")]
    assert len(files) == len(ROWS) >= 300
    assert max(path.stat().st_size for path in files) < 16 * 1024
    assert {row["file"] for row in ROWS} == {path.name for path in files}
    for category in CATEGORIES:
        assert any(row["file"].split("-", 2)[1] == category for row in ROWS), category
    assert {row["exit"] for row in ROWS} == {"1", "2"}


def _what_was_said(entry: dict[str, Any]) -> list[tuple[str, str]]:
    if entry["status"] == "unusable":
        return [(entry["error"]["ruleId"], entry["error"]["code"])]
    return [(finding["ruleId"], finding["field"]) for finding in entry["findings"]]


@pytest.mark.slow
@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_each_file_alone_gets_its_exit_code_rule_and_field(
    row: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", "--format", "json", str(OUT / row["file"])])
    out, err = capsys.readouterr()
    (entry,) = json.loads(out)["files"]
    assert code == int(row["exit"]), (row, _what_was_said(entry))
    assert (row["rule"], row["field-or-code"]) in _what_was_said(entry), row
    assert "Traceback" not in out + err
    messages = [entry["error"]] if entry["status"] == "unusable" else entry["findings"]
    assert all(message["message"]["zh"] and message["message"]["en"] for message in messages)


def test_the_whole_corpus_through_the_real_cli_changes_nothing(tmp_path: Path) -> None:
    """One process over the folder, from an empty working directory: exit 2, no traceback, no file touched."""
    before, requests_before = _tree(OUT), _tree(ROOT / "requests")
    result = subprocess.run(
        [str(GOVCLOUD), "validate", "--format", "json", str(OUT)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []
    assert _tree(OUT) == before
    assert _tree(ROOT / "requests") == requests_before
    files = {Path(entry["file"]).name: entry for entry in json.loads(result.stdout)["files"]}
    for row in ROWS:
        entry = files[row["file"]]
        assert (row["rule"], row["field-or-code"]) in _what_was_said(entry), row
        # Unusable input alone is exit 2; a file whose findings include an error alone is exit 1.
        expected_status = "unusable" if row["exit"] == "2" else "findings"
        assert entry["status"] == expected_status, row
        if expected_status == "findings":
            assert any(finding["severity"] == "error" for finding in entry["findings"]), row


@pytest.mark.parametrize("fmt", ["sarif", "markdown", "text"])
def test_every_report_format_renders_the_corpus(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Hostile text reaches SARIF, the pull-request comment and the terminal without breaking them."""
    assert main(["validate", "--format", fmt, str(OUT)]) == 2
    out, err = capsys.readouterr()
    assert out
    assert "Traceback" not in out + err
    if fmt == "sarif":
        run = json.loads(out)["runs"][0]
        judged = {
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in run["results"]
        }
        unusable = run["invocations"][0]["toolExecutionNotifications"]
        assert len(judged) == sum(row["exit"] == "1" for row in ROWS)
        assert len(unusable) == sum(row["exit"] == "2" for row in ROWS)
