"""One reader of a stack's settings: the program through Pulumi's config, the CLI through the stack file.

Both must give the same settings for the same ``Pulumi.<stack>.yaml``; ``main`` is run as ``pulumi up``
runs it (config from the stack file, a refusal as a ``RunError``).
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

import pulumi
import pytest
import yaml
from stack_harness import EXAMPLES, OPS_KEY, ROOT, install_mocks

import program
from govcloud.policy import config as policy_config
from govcloud.provisioning import settings
from govcloud.provisioning.refusals import RefusedError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def _stack_config(stack: str, **overrides: str) -> dict[str, str]:
    stack_file = yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8"))
    return {key: str(value) for key, value in stack_file["config"].items()} | overrides


@pytest.fixture
def pulumi_config() -> Iterator[Any]:
    """Set the program's config as ``pulumi up`` would; cleared afterwards."""
    install_mocks()
    yield pulumi.runtime.set_all_config
    pulumi.runtime.set_all_config({})


def _main(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    exported: dict[str, Any] = {}
    monkeypatch.setattr(pulumi, "export", exported.__setitem__)

    @pulumi.runtime.test
    def run() -> pulumi.Output[Any]:
        program.main()
        return pulumi.Output.from_input(exported)

    run()
    return exported


@pytest.mark.parametrize("stack", sorted(EXAMPLES))
def test_pulumi_config_and_the_stack_file_give_the_same_settings(stack: str, pulumi_config: Any) -> None:
    pulumi_config(_stack_config(stack))
    from_pulumi = settings.from_config(stack, ROOT, pulumi.Config(settings.NAMESPACE).get)
    from_file = settings.read(ROOT, stack)
    request, approval = EXAMPLES[stack]
    for read in (from_pulumi, from_file):
        assert read.request == ROOT / "requests" / "examples" / request
        assert read.approval == ROOT / "requests" / "approvals" / approval
        assert read.catalogue is None
        assert read.external_network == "public"
        assert read.ssh_public_key == ""
        assert read.ssh_public_key_file == ROOT / ".govcloud" / "ops" / "id_ed25519.pub"
    assert from_pulumi.values == from_file.values


def test_main_reads_config_and_exports(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pulumi_config: Any
) -> None:
    """``main`` as ``pulumi up`` runs it: config keys from Pulumi.gov-portal.yaml, stack gov-portal."""
    key_file = tmp_path / "ops.pub"
    key_file.write_text(OPS_KEY + "\n", encoding="utf-8")
    pulumi_config(_stack_config("gov-portal", **{"govcloud:sshPublicKeyFile": str(key_file)}))
    exported = _main(monkeypatch)
    assert sorted(exported) == ["hosts", "tenant"]
    assert exported["tenant"]["system"] == "gov-portal"


def test_main_refuses_as_a_run_error(monkeypatch: pytest.MonkeyPatch, pulumi_config: Any) -> None:
    """A ``RunError`` ends ``pulumi up`` with its message only, no traceback, nothing registered."""
    pulumi_config(_stack_config("gov-portal", **{"govcloud:sshPublicKey": "ssh-dss AAAAB3Nza"}))
    with pytest.raises(pulumi.RunError) as refused:
        _main(monkeypatch)
    lines = str(refused.value).splitlines()
    assert lines[0] == f"拒绝部署 / refusing to deploy {ROOT / 'requests' / 'examples' / 'gov-portal.yaml'}:"
    assert lines[1].startswith("  [stack-ssh-public-key] (SEC-4, SEC-10) ")
    assert len(lines) == 2


def test_main_refuses_without_required_config(monkeypatch: pytest.MonkeyPatch, pulumi_config: Any) -> None:
    pulumi_config({"govcloud:approval": "x"})
    with pytest.raises(pulumi.RunError) as refused:
        _main(monkeypatch)
    assert str(refused.value) == (
        "拒绝部署 / refusing to deploy Pulumi.gov-portal.yaml:\n"
        "  [stack-setting-present] (LC-1) 栈配置没有设置 govcloud:request / the stack's config sets no govcloud:request"
    )


def test_the_stack_file_resolves_relative_paths_and_ignores_other_keys(tmp_path: Path) -> None:
    shutil.copy2(ROOT / "Pulumi.yaml", tmp_path)
    config = {
        "govcloud:request": "requests/r.yaml",
        "govcloud:approval": "/abs/a.yaml",
        "govcloud:catalogue": "cat/c.yaml",
        "govcloud:externalNetwork": 7,
        "other:request": "elsewhere.yaml",
    }
    (tmp_path / "Pulumi.x.yaml").write_text(yaml.safe_dump({"config": config}), encoding="utf-8")
    read = settings.read(tmp_path, "x")
    assert read.request == tmp_path / "requests" / "r.yaml"
    assert str(read.approval) == "/abs/a.yaml"
    assert read.catalogue == tmp_path / "cat" / "c.yaml"
    assert read.external_network == "public", "a non-string value is no network name"
    assert read.ssh_public_key_file is None


def test_a_setting_that_is_no_path_is_refused(tmp_path: Path) -> None:
    shutil.copy2(ROOT / "Pulumi.yaml", tmp_path)
    (tmp_path / "Pulumi.x.yaml").write_text("config:\n  govcloud:request: [a]\n", encoding="utf-8")
    with pytest.raises(RefusedError) as refused:
        _ = settings.read(tmp_path, "x").request
    assert refused.value.source == str(tmp_path / "Pulumi.x.yaml")
    assert [item.line() for item in refused.value.refusals] == [
        "[stack-setting-present] (LC-1) govcloud:request 应为路径，而不是 ['a'] / govcloud:request is a path, not ['a']"
    ]


def test_a_missing_stack_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RefusedError) as refused:
        settings.read(tmp_path, "nowhere")
    assert refused.value.source == str(tmp_path / "Pulumi.nowhere.yaml")
    assert [item.line() for item in refused.value.refusals] == [
        "[stack-setting-present] (LC-1) 栈配置文件不存在 / the stack's config file does not exist"
    ]


def test_pack_config_of_a_stack_honours_its_own_catalogue(tmp_path: Path) -> None:
    """``review --write-config`` / ``provision``: the catalogue the stack names, not the default one."""
    for name in ("Pulumi.yaml", "Pulumi.gov-portal.yaml"):
        shutil.copy2(ROOT / name, tmp_path)
    shutil.copytree(ROOT / "requests", tmp_path / "requests")
    default = policy_config.for_stack(tmp_path, "gov-portal")
    catalogue = yaml.safe_load((ROOT / "catalog" / "catalogue.yaml").read_text(encoding="utf-8"))
    flavors = [item for item in catalogue["spec"]["items"] if item["metadata"]["id"] == "ecs.g.4c8g"]
    flavors[0]["spec"]["openstack"]["flavor"] = "m1.own-catalogue"
    (tmp_path / "own.yaml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    stack_file = tmp_path / "Pulumi.gov-portal.yaml"
    stack_file.write_text(
        stack_file.read_text(encoding="utf-8") + "  govcloud:catalogue: own.yaml\n", encoding="utf-8"
    )
    own = policy_config.for_stack(tmp_path, "gov-portal")
    assert "m1.own-catalogue" in str(own)
    assert "m1.own-catalogue" not in str(default)
