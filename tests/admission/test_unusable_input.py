"""Input that is not a document at all: a clear bilingual error, exit 2, no traceback, nothing written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from govcloud.cli import main
from govcloud.loader import MAX_BYTES, UnusableInputError, load_bytes

ROOT = Path(__file__).resolve().parents[2]
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


EMPTY_LOG = '{"sequence": 0, "preludeEvent": {}}\n'
GOOD_INVENTORY = (
    "all:\n  vars: {govcloud_system: x, govcloud_request_id: REQ-2026-0001}\n"
    "  hosts:\n    web-1: {ansible_host: 10.0.0.5, ansible_user: ops}\n"
)
BAD_INPUTS: dict[str, bytes | None] = {
    "missing": None,
    "directory": b"",
    "json-list": b"[1, 2]\n",
    "yaml-alias": b"a: &x {b: 1}\nc: *x\n",
    "not-utf8": b"a: \xff\xfe\n",
    "huge": b"a: " + b"x" * (MAX_BYTES + 1) + b"\n",
}
"""Each way an input file can be unusable; ``None`` is a path with nothing at it, ``b""`` a folder."""

COMMANDS: dict[str, tuple[str, ...]] = {
    "validate --catalogue": ("validate", "--catalogue", "{bad}", "{good}/request.yaml"),
    "catalogue check": ("catalogue", "check", "--catalogue", "{bad}"),
    "catalogue list": ("catalogue", "list", "--catalogue", "{bad}"),
    "review --event-log": ("review", "--event-log", "{bad}", "--waivers", "{good}/waivers.yaml"),
    "review --waivers": ("review", "--event-log", "{good}/events.jsonl", "--waivers", "{bad}"),
    "review --policy-config": (
        "review",
        "--stack",
        "gov-portal",
        "--offline",
        "--project-dir",
        str(ROOT),
        "--policy-config",
        "{bad}",
    ),
    "inventory --outputs": ("inventory", "x", "--outputs", "{bad}", "--dir", "{out}"),
    "audit --inventory": ("audit", "x", "--inventory", "{bad}", "--reports", "{out}"),
    "harden --inventory": ("harden", "x", "--inventory", "{bad}", "--reports", "{out}"),
    "audit --waivers": (
        "audit",
        "x",
        "--inventory",
        "{good}/inventory.yml",
        "--waivers",
        "{bad}",
        "--reports",
        "{out}",
    ),
    "audit --authorisation": (
        "audit",
        "x",
        "--inventory",
        "{good}/inventory.yml",
        "--authorisation",
        "{bad}",
        "--reports",
        "{out}",
    ),
    "harden --vars": (
        "harden",
        "x",
        "--inventory",
        "{good}/inventory.yml",
        "--vars",
        "{bad}",
        "--reports",
        "{out}",
    ),
    "bill --catalogue": ("bill", "--month", "2026-10", "--catalogue", "{bad}", "--records", "{out}"),
    "usage review": ("usage", "review", "{bad}", "--records", "{out}"),
}
"""Every command that reads a file a person names, with that file replaced by ``{bad}``."""


def _tree(path: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(path)), p.stat().st_mtime_ns) for p in path.rglob("*"))


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_unusable_input_with_exit_2(
    command: str,
    kind: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Exit 2, one bilingual line naming the input and its code, no exception, nothing written."""
    good, out = tmp_path / "good", tmp_path / "out"
    good.mkdir()
    (good / "events.jsonl").write_text(EMPTY_LOG, encoding="utf-8")
    (good / "waivers.yaml").write_text(
        "apiVersion: govcloud-iac/v1\nkind: PolicyWaivers\nwaivers: []\n", encoding="utf-8"
    )
    (good / "inventory.yml").write_text(GOOD_INVENTORY, encoding="utf-8")
    (good / "request.yaml").write_text("kind: TenantRequest\n", encoding="utf-8")
    bad = tmp_path / f"input-{kind}.{'json' if 'json' in command or 'outputs' in command else 'yml'}"
    content = BAD_INPUTS[kind]
    if content == b"":
        bad.mkdir()
    elif content is not None:
        bad.write_bytes(content)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVCLOUD_ROOT", str(ROOT))
    before = _tree(tmp_path)
    argv = [part.format(bad=bad, good=good, out=out) for part in COMMANDS[command]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(r" / .*\[[\w.-]+\]", err), err
    assert bad.name in err, err
    assert _tree(tmp_path) == before
