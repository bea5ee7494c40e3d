"""The role in the dev-sec manner: gating main.yml, cited task names, documented variables (SEC-10)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from govcloud.hardening.role_docs import variables_table
from govcloud.requirements import REQUIREMENTS

ROLE = Path(__file__).parents[2] / "playbooks" / "roles" / "govcloud_hardening"
TASK_NAME = re.compile(
    r"^(?P<req>[A-Z]+-\d+) \| (?P<clause>8\.1\.4\.\d+[a-g]?) \| (Ensure|Read|Probe|Find|Reconnect) "
)
VALIDATED = {"sshd_config.j2": "sshd", "sudoers-roles.j2": "visudo", "nftables.conf.j2": "nft"}


def _tasks(path: Path) -> list[dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def test_main_only_gates() -> None:
    [task] = _tasks(ROLE / "tasks" / "main.yml")
    assert task["when"] == "govcloud_hardening_enabled | bool"
    assert "ansible.builtin.import_tasks" in task


def test_each_concern_has_its_toggle_and_tag() -> None:
    for task in _tasks(ROLE / "tasks" / "hardening.yml"):
        # login_proof.yml is no concern but the canary's proof, never switched off (test_canary_units).
        if task.get("ansible.builtin.import_tasks", "login_proof.yml") == "login_proof.yml":
            continue
        concern = str(task["ansible.builtin.import_tasks"]).removesuffix(".yml")
        assert task["when"] == f"govcloud_hardening_{concern}_enabled | bool"
        assert concern in task["tags"]


def test_every_task_cites_a_requirement_and_a_clause() -> None:
    for path in sorted((ROLE / "tasks").glob("*.yml")):
        if path.name in {"main.yml", "hardening.yml"}:
            continue
        for task in _tasks(path):
            match = TASK_NAME.match(str(task["name"]))
            assert match, f"{path.name}: task {task['name']!r} does not start with 'REQ | clause | Ensure'"
            assert match["req"] in REQUIREMENTS


def test_argument_specs_document_every_default_with_its_type_and_value() -> None:
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text(encoding="utf-8"))
    specs = yaml.safe_load((ROLE / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
    options = specs["argument_specs"]["main"]["options"]
    assert set(options) == set(defaults)
    kinds = {bool: "bool", int: "int", str: "str", list: "list", dict: "dict"}
    for name, value in defaults.items():
        assert name.startswith("govcloud_hardening_")
        assert options[name]["type"] == kinds[type(value)], name
        assert options[name]["default"] == value, name
        assert len(options[name]["description"]) > 10, name


def test_templates_begin_with_ansible_managed_and_configs_are_validated() -> None:
    for template in sorted((ROLE / "templates").glob("*.j2")):
        lines = template.read_text(encoding="utf-8").splitlines()
        first = lines[1] if lines[0].startswith("#!") else lines[0]
        assert first == "{{ ansible_managed | comment }}", template.name
    tasks = [t for p in (ROLE / "tasks").glob("*.yml") for t in _tasks(p)]
    for template, tool in VALIDATED.items():
        [task] = [t for t in tasks if (t.get("ansible.builtin.template") or {}).get("src") == template]
        assert tool in task["ansible.builtin.template"]["validate"], template


def test_readme_variable_table_is_generated_from_the_argument_specs() -> None:
    readme = (ROLE.parents[1] / "README.md").read_text(encoding="utf-8")
    assert variables_table() in readme, "regenerate: python -m govcloud.hardening.role_docs"
