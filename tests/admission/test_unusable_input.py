"""Input that is not a document at all: a clear bilingual error, exit 2, no traceback, nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govcloud.cli import main
from govcloud.loader import MAX_BYTES, UnusableInputError, load_bytes

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)

SAMPLES: dict[str, tuple[str, bytes]] = {
    "billion-laughs.yaml": ("alias", BILLION_LAUGHS.encode()),
    "alias.yaml": ("alias", b"base: &b {count: 1}\nother: *b\n"),
    "merge-key.yaml": ("alias", b"base: &b {count: 1}\nother:\n  <<: *b\n"),
    "deep.yaml": ("too-deep", ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 60))).encode()),
    "deep-flow.yaml": ("too-deep", b"a: " + b"[" * 100 + b"]" * 100 + b"\n"),
    "deep.json": ("too-deep", b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    "huge.yaml": ("too-large", b"a: " + b"x" * (MAX_BYTES + 1) + b"\n"),
    "duplicate.yaml": ("duplicate-key", b"spec: 1\nspec: 2\n"),
    "duplicate.json": ("duplicate-key", b'{"spec": 1, "spec": 2}'),
    "boolean-key.yaml": ("key-type", b"yes: 1\n"),
    "python-tag.yaml": ("tag", b"a: !!python/object/apply:os.system ['id']\n"),
    "custom-tag.yaml": ("tag", b"a: !Ref thing\n"),
    "not-utf8.yaml": ("encoding", b"a: \xff\xfe\n"),
    "empty.yaml": ("empty", b"  \n"),
    "comment-only.yaml": ("empty", b"# nothing here\n"),
    "list.yaml": ("not-a-mapping", b"- a\n- b\n"),
    "malformed.yaml": ("malformed", b"a: [1, 2\nb: 3\n"),
    "malformed.json": ("malformed", b'{"a": 1,}'),
    "tab-indent.yaml": ("malformed", b"a:\n\tb: 1\n"),
    "infinity.yaml": ("non-finite", b"a: .inf\n"),
    "bad-int.yaml": ("malformed", b"a: !!int twelve\n"),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_loader_refuses_with_code(name: str) -> None:
    code, raw = SAMPLES[name]
    with pytest.raises(UnusableInputError) as caught:
        load_bytes(raw, is_json=name.endswith(".json"))
    assert caught.value.code == code
    assert caught.value.text.zh
    assert caught.value.text.en


def test_dates_stay_strings_and_lines_are_kept() -> None:
    document = load_bytes(b"metadata:\n  submitted: 2026-11-02\nspec:\n  - x: 1\n")
    assert document.data["metadata"]["submitted"] == "2026-11-02"
    assert document.lines[("spec", 0, "x")] == 4


def test_cli_exit_2_no_traceback_nothing_written(tmp_path: Path) -> None:
    """The real console script over every sample at once, as a tenant would run it."""
    for name, (_code, raw) in SAMPLES.items():
        (tmp_path / name).write_bytes(raw)
    before = sorted((path.name, path.stat().st_mtime_ns) for path in tmp_path.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "govcloud.cli", "validate", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    codes = {Path(entry["file"]).name: entry["error"]["code"] for entry in report["files"]}
    assert codes == {name: code for name, (code, _raw) in SAMPLES.items()}
    assert {(entry["error"]["ruleId"], *entry["error"]["requirements"]) for entry in report["files"]} == {
        ("request-input-usable", "LC-2")
    }
    assert sorted((path.name, path.stat().st_mtime_ns) for path in tmp_path.iterdir()) == before


def test_missing_file_is_unusable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "absent.yaml")]) == 2
    out = capsys.readouterr().out
    assert "error request-input-usable [LC-2] unusable input [unreadable]" in out
    assert "无法读取文件" in out
