"""One error type, one exit-code contract, mapped to the process exit in ``govcloud.cli.main`` only.

The three crashes a reviewer found (issue #9: exit 1 with a traceback where exit 2 was due) are run
through the real console script here, so a traceback would show in its stderr.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govcloud
from govcloud import cli
from govcloud.bilingual import Text
from govcloud.commands import rules
from govcloud.errors import ActionFailedError, ExitCode, GovcloudError, RefusalError

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "govcloud"
COMMAND_FILES = sorted([*(SRC / "commands").glob("*.py"), *(SRC / "testing").glob("*/commands.py")])
"""Where errors reach a person: the commands and the rigs' command handlers (``govcloud box``, ``hosts``)."""
RECOVERIES = {
    (
        "provision.py",
        "_teardown",
    ): "a refused or failed stack is reported and the other stacks still torn down",
    (
        "backup.py",
        "_run",
    ): "a request whose tenant did not authorise its backups is reported and the others still backed up (SEC-5)",
    ("drift.py", "_drift"): "a stack refused or failed is reported and the other stacks still checked (LC-8)",
}
"""Command functions that catch a domain error without raising: each goes on after it, and says why."""
LINE = re.compile(r"^govcloud review: (?P<where>\S+): (?P<zh>.+) / (?P<en>.+) \[(?P<code>[\w.-]+)\]$")

NOT_GOVCLOUD_ERRORS = {
    "govcloud.engine.language_host.HostError": "answered to the engine as a gRPC status where raised",
    "govcloud.engine.provision.StepFailedError": "a step's failure, caught by the step runner into its line",
    "govcloud.lifecycle.steps.StepFailedError": "a step's failure, caught by the step runner",
    "govcloud.engine.sdk_tokens.DerivationError": "a build-time check of the provider SDK (tools/), no command",
    "govcloud.hardening.checks.UnreachableError": "fails every check of a host, caught inside the audit",
    "govcloud.testing.box.waiting.BoxError": "test rig; `govcloud box up` reports any failure of it",
    "govcloud.testing.hosts._run.CommandError": "test rig: a host command that failed",
    "govcloud.testing.hosts.names.InvalidNameError": "test rig: caught by the host spec",
    "govcloud.testing.hosts.rootfs.RootfsError": "test rig: a host's root file system could not be built",
    "govcloud.testing.hosts.site.HostExistsError": "test rig: a host name taken twice",
}
"""Exception classes that are not a ``GovcloudError``, each with why: none reaches a person as-is."""


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(govcloud.__path__, "govcloud."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                found[f"{info.name}.{name}"] = value
    return found


def test_the_exit_codes_are_the_readme_contract() -> None:
    assert {code.name: int(code) for code in ExitCode} == {
        "OK": 0,
        "VIOLATIONS": 1,
        "UNUSABLE": 2,
        "NO_ENGINE": 3,
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "0 no unwaived mandatory violation, 1 some, 2 unusable input" in readme
    assert "3 no engine" in readme


def test_every_domain_exception_is_a_govcloud_error() -> None:
    """A new exception class is a ``GovcloudError`` (with its exit code) or says here why not."""
    classes = _exception_classes()
    others = {name for name, value in classes.items() if not issubclass(value, GovcloudError)}
    assert others == set(NOT_GOVCLOUD_ERRORS), others ^ set(NOT_GOVCLOUD_ERRORS)
    unusable = {
        name for name, value in classes.items() if getattr(value, "exit_code", None) == ExitCode.UNUSABLE
    }
    assert {"govcloud.loader.UnusableInputError", "govcloud.paths.ProjectNotFoundError"} <= unusable
    assert classes["govcloud.lifecycle.errors.RefusedError"].exit_code == ExitCode.VIOLATIONS
    assert classes["govcloud.engine.runner.StackRunError"].exit_code == ExitCode.VIOLATIONS
    assert classes["govcloud.engine.EngineNotBuiltError"].exit_code == ExitCode.NO_ENGINE


def test_the_message_is_where_chinese_english_and_code() -> None:
    error = GovcloudError("alias", Text("含别名", "has an alias"), where="w.yaml", details=("a", "b"))
    assert error.message() == "w.yaml: 含别名 / has an alias [alias]"
    assert str(error) == "w.yaml: has an alias [alias]\n  a\n  b"
    assert GovcloudError("empty", Text("中", "en")).message() == "中 / en [empty]"


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (GovcloudError("request-files-found", Text("不可用", "unusable")), 2),
        (RefusalError("host-name-free", Text("同一人", "same person"), details=("王敏",)), 1),
        (ActionFailedError("pulumi-run-succeeds", Text("失败", "failed")), 1),
    ],
)
def test_main_alone_maps_an_error_to_the_exit_and_one_bilingual_line(
    error: GovcloudError, code: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def handler(_args: object) -> int:
        raise error

    monkeypatch.setattr(rules, "run", handler)
    assert cli.main(["rules"]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = [f"govcloud rules: {error.message()}", *(f"  {detail}" for detail in error.details)]
    assert captured.err == "\n".join(lines) + "\n"


def test_a_bug_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Anything but a ``GovcloudError`` is a bug: ``main`` does not pass it off as the user's mistake."""

    def handler(_args: object) -> int:
        return {}["missing"]  # type: ignore[no-any-return]

    monkeypatch.setattr(rules, "run", handler)
    with pytest.raises(KeyError):
        cli.main(["rules"])


def _domain_error_names() -> set[str]:
    return {
        name.rsplit(".", 1)[1]
        for name, value in _exception_classes().items()
        if issubclass(value, GovcloudError)
    }


def _caught(handler: ast.ExceptHandler) -> set[str]:
    """The class names an ``except`` clause names (``a.b.C`` as ``C``)."""
    if handler.type is None:
        return set()
    items = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {ast.unparse(item).rsplit(".", 1)[-1] for item in items}


def _handlers() -> list[tuple[Path, str, ast.ExceptHandler]]:
    """Every ``except`` clause of the command files, with the function it is in."""
    found = []
    for path in COMMAND_FILES:
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, ast.FunctionDef):
                found += [
                    (path, function.name, node)
                    for node in ast.walk(function)
                    if isinstance(node, ast.ExceptHandler)
                ]
    return found


def test_the_command_files_are_found() -> None:
    names = {path.relative_to(SRC).as_posix() for path in COMMAND_FILES}
    assert {"commands/lifecycle.py", "commands/provision.py", "testing/hosts/commands.py"} <= names
    assert len([handler for handler in _handlers() if _caught(handler[2])]) >= 10


def test_no_command_catches_a_tuple_of_domain_errors() -> None:
    """Commands leave printing to ``cli.main``; a tuple of domain errors caught to print is what that replaced."""
    domain = _domain_error_names() | {"GovcloudError"}
    offenders = [
        f"{path.name}:{node.lineno} {sorted(_caught(node))}"
        for path, _function, node in _handlers()
        if isinstance(node.type, ast.Tuple) and _caught(node) & domain
    ]
    assert offenders == []


def test_no_command_catches_a_domain_error_only_to_print_it() -> None:
    """A command that catches a ``GovcloudError`` raises (another one, with more to say) or goes on after it."""
    domain = _domain_error_names() | {"GovcloudError"}
    caught = {
        (path.name, function)
        for path, function, node in _handlers()
        if _caught(node) & domain and not any(isinstance(inner, ast.Raise) for inner in ast.walk(node))
    }
    assert caught == set(RECOVERIES)


def test_no_command_prints_its_own_error_line() -> None:
    """The prefixes the lifecycle commands printed before ``cli.main`` did it for them."""
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in COMMAND_FILES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and ("无法处理 / unusable" in node.value or "拒绝 / refused" in node.value)
    ]
    assert offenders == []


def _govcloud(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govcloud.cli", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> re.Match[str]:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    match = LINE.match(result.stderr.splitlines()[0])
    assert match, result.stderr
    return match


def test_a_pack_config_that_is_a_json_list(tmp_path: Path) -> None:
    config = tmp_path / "pack.json"
    config.write_text("[1, 2]", encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = _govcloud(
        "review", "--stack", "gov-portal", "--offline", "--policy-config", str(config), cwd=ROOT
    )
    line = _one_line(result)
    assert (line["where"], line["code"]) == (str(config), "not-a-mapping")
    assert line["zh"] == "文档顶层必须是键值映射（对象）"
    assert sorted(tmp_path.iterdir()) == before


def test_a_waiver_file_with_a_yaml_alias(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    (tmp_path / "events.jsonl").write_text('{"sequence": 0, "preludeEvent": {}}\n', encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = _govcloud("review", "--event-log", "events.jsonl", "--waivers", "waivers.yaml", cwd=tmp_path)
    line = _one_line(result)
    assert (line["where"], line["code"]) == ("waivers.yaml", "alias")
    assert "别名" in line["zh"]
    assert "alias" in line["en"]
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("request_text", "code", "says"),
    [
        (
            "apiVersion: govcloud-iac/v1\n",
            "request-schema-valid",
            "missing required field(s): kind, metadata, spec",
        ),
        ("spec: [1\n", "malformed", "malformed YAML"),
    ],
)
def test_write_config_on_a_malformed_request(tmp_path: Path, request_text: str, code: str, says: str) -> None:
    shutil.copy2(ROOT / "Pulumi.yaml", tmp_path)
    request = tmp_path / "request.yaml"
    request.write_text(request_text, encoding="utf-8")
    (tmp_path / "Pulumi.x.yaml").write_text(f"config:\n  govcloud:request: {request}\n", encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = _govcloud(
        "review", "--project-dir", str(tmp_path), "--stack", "x", "--write-config", "pack.json", cwd=tmp_path
    )
    line = _one_line(result)
    assert (line["where"], line["code"]) == (str(request), code)
    assert says in line["en"]
    assert sorted(tmp_path.iterdir()) == before
