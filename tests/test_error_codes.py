"""Every code an error prints is registered, and every registered input code is raised somewhere.

The static test reads ``src/govcloud`` with ``ast``: it finds every ``GovcloudError`` subclass, where each
takes its code (a parameter or a fixed literal of its ``super().__init__``), and every construction of one;
a code written as a literal, a module constant, or forwarded through a helper's parameter (``_unusable(code,
...)``, ``month(text, rule_id)``) is resolved to the literals its callers pass. Each must be registered in
a layer of ``govcloud rules``; an error that is not checked by another registry must carry an input code
(``govcloud.input_rules``) of its own exit status, and every input code must be raised somewhere. The few
codes that are neither literal nor forwarded are listed with why they are registered anyway.
"""

from __future__ import annotations

import ast
import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from govcloud import loader
from govcloud.bilingual import Text
from govcloud.cli import main
from govcloud.commands.rules import GATE_LAYER, layer_of
from govcloud.errors import ActionFailedError, GovcloudError, RefusalError
from govcloud.input_rules import INPUT_RULES, REUSED, SOURCES, all_input_rules
from govcloud.requirements import REQUIREMENTS

SRC = Path(__file__).resolve().parents[1] / "src" / "govcloud"
BASE = ("govcloud.errors", "GovcloudError")
DYNAMIC = {
    ("govcloud.policy.config", "first.rule_id"): "the first refusal's or admission finding's rule id",
    ("govcloud.provisioning.refusals", "self.refusals[0].rule_id"): "a gate refusal's rule id",
}
"""Codes that are neither a literal nor a forwarded parameter: each comes from a registered rule object."""


@dataclass
class Scan:
    """What the scan found: (module, line, class, code) per construction, and the unresolved codes."""

    codes: list[tuple[str, int, tuple[str, str], str]] = field(default_factory=list)
    dynamic: set[tuple[str, str]] = field(default_factory=set)


def _trees(root: Path, package: str) -> dict[str, ast.Module]:
    trees = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join((package, *parts)).removesuffix(".__init__")
        trees[name] = ast.parse(path.read_text(encoding="utf-8"))
    return trees


def _names(module: str, tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Local name -> (module, name): imported names, imported modules (name ``""``) and own classes."""
    names = {node.name: (module, node.name) for node in tree.body if isinstance(node, ast.ClassDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
    return names


def _resolve(names: dict[str, tuple[str, str]], node: ast.expr, modules: set[str]) -> tuple[str, str] | None:
    """The (module, name) a ``Name`` or ``module.Name`` refers to."""
    if isinstance(node, ast.Name):
        target = names.get(node.id)
        if target and f"{target[0]}.{target[1]}" in modules:  # ``from govcloud import engine``: a module
            return None
        return target
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names:
        module, name = names[node.value.id]
        return (f"{module}.{name}", node.attr)
    return None


def _constants(tree: ast.Module) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _parents(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _enclosing(parents: dict[ast.AST, ast.AST], node: ast.AST) -> ast.FunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def _params(function: ast.FunctionDef) -> list[str]:
    params = [arg.arg for arg in (*function.args.posonlyargs, *function.args.args)]
    return params[1:] if params[:1] == ["self"] else params


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if position < len(call.args):
        return call.args[position]
    return next((item.value for item in call.keywords if item.arg == keyword), None)


Key = tuple[str, str]
"""A class or constant: (module, name)."""
CodeSource = tuple[int, str] | str | None
"""Where a class takes its code: (position, keyword) among its arguments, ``"fixed"``, or None (not literal)."""


class _Scanner:
    """One pass over a package: its error classes, then every construction and what its code can be."""

    def __init__(self, root: Path, package: str) -> None:
        self.trees = _trees(root, package)
        modules = set(self.trees)
        self.names = {module: _names(module, tree) for module, tree in self.trees.items()}
        self.modules = modules
        self.classes = {
            (module, node.name): node
            for module, tree in self.trees.items()
            for node in tree.body
            if isinstance(node, ast.ClassDef)
        }
        self.errors: dict[Key, Key | None] = {BASE: None}
        while found := {
            key: parent
            for key, node in self.classes.items()
            if key not in self.errors
            for parent in (self.refers_to(key[0], base) for base in node.bases)
            if parent in self.errors
        }:
            self.errors |= found
        self.sources: dict[Key, CodeSource] = {BASE: (0, "code")}
        self.result = Scan()

    def refers_to(self, module: str, node: ast.expr) -> Key | None:
        return _resolve(self.names[module], node, self.modules)

    def code_source(self, key: Key) -> CodeSource:
        """Where instances of ``key`` take their code: a parameter, a fixed code (recorded), or not literal."""
        if key not in self.sources:
            init = next(
                (
                    n
                    for n in self.classes[key].body
                    if isinstance(n, ast.FunctionDef) and n.name == "__init__"
                ),
                None,
            )
            parent = self.errors[key]
            self.sources[key] = self.code_source(parent) if init is None and parent else self._own(key, init)
        return self.sources[key]

    def _own(self, key: Key, init: ast.FunctionDef | None) -> CodeSource:
        assert init is not None, f"{key} neither defines __init__ nor inherits one"
        call = next(
            n
            for n in ast.walk(init)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "__init__"
        )
        expr = call.args[0]
        if isinstance(expr, ast.Name) and expr.id in _params(init):
            return (_params(init).index(expr.id), expr.id)
        self.record(key[0], call, key, expr, init)
        return "fixed"

    def record(self, module: str, call: ast.Call, key: Key, expr: ast.expr, scope: ast.AST) -> None:
        codes = self.resolve(module, expr, scope)
        if codes is None:
            self.result.dynamic.add((module, ast.unparse(expr)))
        else:
            self.result.codes += [(module, call.lineno, key, code) for code in codes]

    def resolve(self, module: str, expr: ast.expr, scope: ast.AST) -> list[str] | None:
        """The literal codes ``expr`` can be, or None when it is none of a literal, constant or parameter."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return [expr.value]
        if not isinstance(expr, ast.Name):
            return None
        if isinstance(scope, ast.FunctionDef) and expr.id in _params(scope):
            return self.forwarded(module, scope, expr.id)
        owner, name = self.names[module].get(expr.id, (module, expr.id))
        constants = _constants(self.trees[owner]) if owner in self.trees else {}
        return [constants[name]] if name in constants else None

    def forwarded(self, module: str, function: ast.FunctionDef, param: str) -> list[str] | None:
        """The codes the callers of ``function`` pass for ``param`` (and its default)."""
        params = _params(function)
        defaults = dict(zip(reversed(params), reversed(function.args.defaults), strict=False))
        codes = (
            list(self.resolve(module, defaults[param], self.trees[module]) or []) if param in defaults else []
        )
        public = function in self.trees[module].body and not function.name.startswith("_")
        for caller, tree in self.trees.items():
            if not public and caller != module:
                continue
            parents = _parents(tree)
            for call in ast.walk(tree):
                if isinstance(call, ast.Call) and _callee_name(call) == function.name:
                    expr = _argument(call, params.index(param), param)
                    found = (
                        None
                        if expr is None
                        else self.resolve(caller, expr, _enclosing(parents, call) or tree)
                    )
                    if expr is not None and found is None:
                        self.result.dynamic.add((caller, ast.unparse(expr)))
                    codes += found or []
        return codes

    def run(self) -> Scan:
        for module, tree in self.trees.items():
            parents = _parents(tree)
            for call in ast.walk(tree):
                key = self.refers_to(module, call.func) if isinstance(call, ast.Call) else None
                if key is None or key not in self.errors:
                    continue
                source = self.code_source(key)
                expr = _argument(call, *source) if isinstance(source, tuple) else None
                if expr is not None:
                    self.record(module, call, key, expr, _enclosing(parents, call) or tree)
        return self.result


def _callee_name(call: ast.Call) -> str | None:
    callee = call.func
    return callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)


def scan(root: Path = SRC, package: str = "govcloud") -> Scan:
    """Every error construction under ``root`` and the codes it can carry."""
    return _Scanner(root, package).run()


def _error_class(key: tuple[str, str]) -> type[GovcloudError]:
    error: type[GovcloudError] = getattr(importlib.import_module(key[0]), key[1])
    return error


def test_every_code_an_error_carries_is_registered() -> None:
    found = scan()
    assert len(found.codes) > 100, "the scan sees the loader's, the commands' and the lifecycle's errors"
    unregistered = []
    for module, line, key, code in found.codes:
        error = _error_class(key)
        try:
            layer_of(code)
        except KeyError:
            unregistered.append(f"{module}:{line} {key[1]}({code!r}): in no layer of govcloud rules")
            continue
        if error.code_checked_by_its_registry:
            continue
        rule = INPUT_RULES.get(code)
        if rule is None and code not in REUSED:
            unregistered.append(f"{module}:{line} {key[1]}({code!r}): not an input code")
        elif rule is not None and rule.exit_code != error.exit_code:
            unregistered.append(
                f"{module}:{line} {key[1]}({code!r}): exit {error.exit_code}, registered {rule.exit_code}"
            )
    assert unregistered == []
    assert found.dynamic == set(DYNAMIC), "a code that is not a literal: resolve it, or list it with why"


def test_every_input_code_is_raised_somewhere() -> None:
    raised = {code for *_, code in scan().codes}
    assert set(INPUT_RULES) - raised == set()
    assert set(REUSED) <= raised


def test_the_scan_finds_an_unregistered_code(tmp_path: Path) -> None:
    """Renaming a code at a raise site, or in a helper's caller, is what the static test catches."""
    package = tmp_path / "govcloud"
    package.mkdir()
    (package / "errors.py").write_text("class GovcloudError(Exception):\n    pass\n", encoding="utf-8")
    (package / "loaded.py").write_text(
        "from govcloud.errors import GovcloudError\n"
        "RULE = 'alias-renamed'\n"
        "class ShapeError(GovcloudError):\n"
        "    def __init__(self, path, code):\n"
        "        super().__init__(code, path)\n"
        "def _bad(code, where='x'):\n"
        "    return GovcloudError(code, where)\n"
        "def check(path):\n"
        "    raise ShapeError(path, 'too-deep-renamed')\n"
        "def other():\n"
        "    raise _bad(RULE)\n",
        encoding="utf-8",
    )
    found = scan(package, "govcloud")
    assert {code for *_, code in found.codes} == {"too-deep-renamed", "alias-renamed"}
    assert found.dynamic == set()
    for code in ("too-deep-renamed", "alias-renamed"):
        with pytest.raises(KeyError, match=code):
            layer_of(code)


def test_an_unregistered_code_fails_where_the_error_is_made() -> None:
    with pytest.raises(KeyError, match="'alias-typo'"):
        GovcloudError("alias-typo", Text("中", "en"))
    with pytest.raises(KeyError, match=r"'alias' .* exit 2, raised with 1"):
        ActionFailedError("alias", Text("中", "en"))
    with pytest.raises(KeyError, match="'host-started'"):
        GovcloudError("host-started", Text("中", "en"))  # a failed step, not unusable input
    assert RefusalError("host-name-free", Text("中", "en")).code == "host-name-free"
    with pytest.raises(KeyError, match="'request-input-usable' is not an input code"):
        GovcloudError("request-input-usable", Text("中", "en"))  # admission's id: LifecycleError carries it


def test_one_lookup_finds_a_code_in_every_layer() -> None:
    assert layer_of("alias") == "input"
    assert layer_of("request-input-usable") == "request"
    assert layer_of("catalogue-valid") == GATE_LAYER
    assert layer_of("record-chain-intact") == "lifecycle"
    assert layer_of("openstack-compute-instance-require-key-pair") == "policy-resource"
    for code, layer in REUSED.items():
        assert layer_of(code) == {"gate": GATE_LAYER}[layer]
    with pytest.raises(KeyError, match="'no-such-code'"):
        layer_of("no-such-code")


def test_input_codes_are_registered_with_what_they_require() -> None:
    rules = all_input_rules()
    assert [rule.id for rule in rules] == sorted(
        INPUT_RULES, key=lambda code: list(SOURCES).index(INPUT_RULES[code].source)
    )
    for rule in rules:
        assert rule.source in SOURCES
        assert set(rule.requirements) <= set(REQUIREMENTS), rule.id
        assert rule.description.zh, rule.id
        assert rule.description.en[0].isupper(), rule.id
    assert {rule.id for rule in rules if rule.source == "loader"} >= {
        "alias",
        "not-a-mapping",
        "too-large",
        "encoding",
    }
    assert all(not rule.requirements for rule in rules if rule.source == "loader")
    assert f"{loader.MAX_BYTES // 1024 // 1024} MiB" in INPUT_RULES["too-large"].description.en
    assert f"at most {loader.MAX_DEPTH} levels" in INPUT_RULES["too-deep"].description.en
    assert f"at most {loader.MAX_NODES} elements" in INPUT_RULES["too-many-nodes"].description.en


def test_rules_lists_the_input_layer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--layer", "input", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == [rule.id for rule in all_input_rules()]
    engine = next(row for row in rows if row["id"] == "engine-built")
    assert engine | {"layer": "input", "outcome": ["no engine (exit 3)"], "requirements": []} == engine
    hardening = next(row for row in rows if row["id"] == "SEC-10")
    assert hardening["requirements"] == ["SEC-10"]
    assert hardening["source"] == "hardening"
    assert main(["rules", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "## Unusable input / 输入不可用" in markdown
    assert '| <a id="not-a-mapping"></a>`not-a-mapping` | — | unusable (exit 2) |' in markdown
