"""Which rules, tasks and tests cite each requirement ID: the project's register, read from the code.

Enforcers are read from their registries: request rules (``govcloud.admission.rules``), schema fields
(``x-govcloud-requirements``), policy-pack rules (``govcloud.policy.metadata``), the provisioning gate
(``govcloud.provisioning.gate``), lifecycle rules (``govcloud.lifecycle.rules``), input codes that cite a
requirement (``govcloud.input_rules``: refusing an unusable hardening inventory enforces SEC-10; the loader's
codes cite none, as a malformed file is refused whatever it is for), lifecycle events
(``govcloud.lifecycle.events``), hardening tasks (``playbooks/**/tasks/*.yml``, whose names start
with the IDs) and the CLI's command modules (their docstrings say what each command carries out).
Tests are every ``test_*`` function under ``tests/`` whose source, decorators or module docstring
name an ID. An ID is enforced when it has at least one enforcer and one test; any other
needs a reason in ``govcloud.requirements.NOT_ENFORCED``. ``docs/requirements.md`` is the Markdown
rendering, checked by a test to be what this module produces now.
"""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from govcloud import paths
from govcloud.admission.rules import all_request_rules
from govcloud.cli import COMMAND_MODULES
from govcloud.input_rules import all_input_rules
from govcloud.lifecycle.events import EVENTS
from govcloud.lifecycle.rules import all_lifecycle_rules
from govcloud.policy.metadata import all_policy_rules
from govcloud.provisioning.gate import all_gate_rules
from govcloud.requirements import NOT_ENFORCED, REQUIREMENTS
from govcloud.schemas import REQUIREMENTS_KEY, _contents

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

_ID = re.compile(r"\b(?:LC|CAT|EVAL|SEC|OPS)-\d+\b")
FAMILIES = {
    "LC": ("生命周期", "Lifecycle"),
    "CAT": ("服务目录与计费", "Catalogue and billing"),
    "EVAL": ("评估与报告", "Evaluation and reporting"),
    "SEC": ("安全", "Security"),
    "OPS": ("运维", "Operations"),
}


@dataclass
class Entry:
    """One requirement and what cites it."""

    id: str
    enforcers: set[str] = field(default_factory=set)
    tests: set[str] = field(default_factory=set)

    @property
    def enforced(self) -> bool:
        """A rule or task, and a test of it."""
        return bool(self.enforcers and self.tests)


def build(root: Path | None = None) -> dict[str, Entry]:
    """The register of the checkout at ``root`` (the project root by default), in register order."""
    base = root or paths.project_root()
    entries = {requirement_id: Entry(requirement_id) for requirement_id in REQUIREMENTS}
    for ids, enforcer in _enforcers(base):
        for requirement_id in set(ids) & set(entries):
            entries[requirement_id].enforcers.add(enforcer)
    for test_file, ids in _tests(base):
        for requirement_id in ids & set(entries):
            entries[requirement_id].tests.add(f"`{test_file}`")
    return entries


def _enforcers(root: Path) -> Iterator[tuple[Iterable[str], str]]:
    """(IDs, label) for every rule, schema field, lifecycle event, command module and task."""
    for rule in all_request_rules():
        yield rule.requirements, f"`{rule.id}`"
    for policy in all_policy_rules():
        yield policy.requirements, f"`{policy.id}`"
    for refusal in all_gate_rules():
        yield refusal.requirements, f"`{refusal.id}`"
    for lifecycle_rule in all_lifecycle_rules():
        yield lifecycle_rule.requirements, f"`{lifecycle_rule.id}`"
    for input_rule in all_input_rules():
        yield input_rule.requirements, f"input `{input_rule.id}`"
    for name, event in EVENTS.items():
        yield event.requirements, f"lifecycle `{name}`"
    for schema_name, where, ids in _schema_fields():
        yield ids, f"schema `{schema_name}` {where}"
    for module in COMMAND_MODULES:
        yield _ID.findall(importlib.import_module(module).__doc__ or ""), f"command `{module}`"
    for task_file, task_ids in _tasks(root):
        yield task_ids, f"task `{task_file}`"


def _schema_fields() -> list[tuple[str, str, list[str]]]:
    """Each annotated node of each schema: (file, JSON pointer, IDs)."""
    found: list[tuple[str, str, list[str]]] = []

    def walk(node: Any, pointer: str, schema_name: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get(REQUIREMENTS_KEY), list):
                found.append((schema_name, _field(pointer), node[REQUIREMENTS_KEY]))
            for key, value in node.items():
                walk(value, f"{pointer}/{key}", schema_name)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{pointer}/{index}", schema_name)

    for uri, schema in _contents().items():
        walk(schema, "", uri.rsplit("/", 1)[-1])
    return found


def _field(pointer: str) -> str:
    """``/properties/spec/properties/trial`` as ``spec.trial``; the whole document as ``(document)``."""
    keywords = {"properties", "items", "allOf", "oneOf", "anyOf", "additionalProperties"}
    parts = [part for part in pointer.split("/")[1:] if part not in keywords and not part.isdigit()]
    return ".".join(parts) or "(document)"


def _tasks(root: Path) -> list[tuple[str, set[str]]]:
    """Hardening task files and the IDs their task names cite."""
    found = []
    for path in sorted((root / "playbooks").glob("**/tasks/*.yml")):
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        ids = set(_ID.findall(" ".join(_task_names(document))))
        if ids:
            found.append((path.relative_to(root).as_posix(), ids))
    return found


def _task_names(node: Any) -> list[str]:
    if isinstance(node, list):
        return [name for item in node for name in _task_names(item)]
    if isinstance(node, dict):
        own = [node["name"]] if isinstance(node.get("name"), str) else []
        return own + [name for key in ("block", "rescue", "always") for name in _task_names(node.get(key))]
    return []


def _tests(root: Path) -> list[tuple[str, set[str]]]:
    """Test files and the IDs their ``test_*`` functions cite (source, decorators, module docstring)."""
    found = []
    for path in sorted((root / "tests").glob("**/test_*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        shared = set(_ID.findall(ast.get_docstring(tree) or ""))
        lines = source.splitlines()
        ids: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_"):
                first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
                ids |= shared | set(_ID.findall("\n".join(lines[first - 1 : node.end_lineno])))
        if ids:
            found.append((path.relative_to(root).as_posix(), ids))
    return found


def problems(entries: dict[str, Entry]) -> list[str]:
    """What keeps the register from being complete: an ID neither enforced nor explained, or a stale reason."""
    out = []
    for requirement_id, entry in entries.items():
        if not entry.enforced and requirement_id not in NOT_ENFORCED:
            missing = "a rule or task" if not entry.enforcers else "a test"
            out.append(f"{requirement_id} lacks {missing} and has no reason in NOT_ENFORCED")
        if entry.enforced and requirement_id in NOT_ENFORCED:
            out.append(f"{requirement_id} is enforced now: drop its reason from NOT_ENFORCED")
    return out


def markdown(entries: dict[str, Entry]) -> str:
    """``docs/requirements.md``: every ID with its seeds, enforcers and tests; then the ones not enforced."""
    enforced = [entry for entry in entries.values() if entry.enforced]
    lines = [
        "# Requirement register / 需求登记册",
        "",
        "<!-- Generated by `govcloud requirements --format markdown > docs/requirements.md`; do not edit by hand. -->",
        "",
        (
            f"{len(entries)} requirements of the government-cloud regulations (seeds `000`-`003`, see "
            f"`src/govcloud/requirements.py`); {len(enforced)} enforced by at least one rule or task and "
            f"one test, {len(entries) - len(enforced)} not enforced by this project, each with the reason. "
            "Rules and tasks are request and policy-pack rules (`govcloud rules`), schema fields "
            "(`x-govcloud-requirements`), lifecycle events, input codes that cite a requirement, hardening tasks "
            "and CLI command modules; "
            "tests are the `test_*` functions that name the ID."
        ),
        "",
        (
            f"共 {len(entries)} 项要求；{len(enforced)} 项至少有一条规则或任务及一项测试落实，"
            f"{len(entries) - len(enforced)} 项未在本项目落实（列明原因）。"
        ),
    ]
    for family, (zh, en) in FAMILIES.items():
        lines += [
            "",
            f"## {family} — {zh} / {en}",
            "",
            "| ID | 要求 / Requirement | Seed articles | Rules and tasks | Tests |",
            "|---|---|---|---|---|",
        ]
        for requirement_id, entry in entries.items():
            if requirement_id.split("-")[0] != family:
                continue
            requirement = REQUIREMENTS[requirement_id]
            lines.append(
                f'| <a id="{requirement_id.lower()}"></a>{requirement_id} | {requirement.title_zh} / '
                f"{requirement.title} | {requirement.seeds} | {_cell(entry.enforcers)} | {_cell(entry.tests)} |"
            )
    lines += [
        "",
        "## Not enforced / 未落实的要求",
        "",
        "| ID | 原因 / Reason |",
        "|---|---|",
    ]
    lines += [
        f"| {requirement_id} | {NOT_ENFORCED[requirement_id].zh} / {NOT_ENFORCED[requirement_id].en} |"
        for requirement_id, entry in entries.items()
        if not entry.enforced and requirement_id in NOT_ENFORCED
    ]
    return "\n".join(lines) + "\n"


def _cell(items: set[str]) -> str:
    return "<br>".join(sorted(items)).replace("|", "\\|") or "—"
