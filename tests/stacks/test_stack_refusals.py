"""The program refuses, before registering any resource, a request that is invalid or not approved.

Invalid requests come from the admission corpus (requests/examples/invalid/, each file's rule ids on its
``# EXPECT:`` line);
approval problems from edited copies of the example approvals (LC-1, LC-3, LC-8, SEC-4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
import pytest
import yaml
from stack_harness import OPS_KEY, ROOT, install_mocks, run_refused, run_stack, settings_for

import program

if TYPE_CHECKING:
    from pathlib import Path

INVALID = ROOT / "requests" / "examples" / "invalid"


def _expected(name: str) -> list[str]:
    """The rule ids the corpus file states on its second line: ``# EXPECT: rule-a, rule-b``."""
    header = (INVALID / name).read_text(encoding="utf-8").splitlines()[1]
    return [rule.strip() for rule in header.removeprefix("# EXPECT: ").split(",")]


APPROVAL = ROOT / "requests" / "approvals" / "REQ-2026-0042.yaml"


def _write(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _approval(tmp_path: Path, **spec: Any) -> Path:
    data = yaml.safe_load(APPROVAL.read_text(encoding="utf-8"))
    data["spec"].update(spec)
    return _write(tmp_path / "approval.yaml", data)


@pytest.mark.parametrize(
    "name",
    [
        "portal-unencrypted-volumes.yaml",
        "portal-without-waf.yaml",
        "extranet-with-floating-ip.yaml",
        "shell-tricks-in-names.yaml",
        "classified-data.yaml",
    ],
)
def test_invalid_request_refused_with_its_rule_ids(name: str) -> None:
    refused, registered = run_refused(settings_for("gov-portal", request=INVALID / name), "gov-portal")
    expected = _expected(name)
    assert set(expected) <= set(refused.rule_ids), f"{name}: refusal does not name {expected}"
    for rule_id in expected:
        assert f"[{rule_id}]" in str(refused)
    assert registered == [], f"{name}: resources registered before the refusal: {registered}"


def test_refusal_message_is_bilingual_and_cites_requirements() -> None:
    refused, _ = run_refused(
        settings_for("gov-portal", request=INVALID / "portal-unencrypted-volumes.yaml"), "gov-portal"
    )
    text = str(refused)
    assert text.startswith("拒绝部署 / refusing to deploy")
    assert "[request-volumes-encrypted] (SEC-11" in text
    assert isinstance(refused, pulumi.RunError), "a RunError ends `pulumi up` cleanly, without a traceback"


def test_unreadable_request_refused(tmp_path: Path) -> None:
    bad = tmp_path / "req.yaml"
    bad.write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    refused, registered = run_refused(settings_for("gov-portal", request=bad), "gov-portal")
    assert refused.rule_ids == ["request-alias"]
    assert registered == []


def test_rejected_request_refused(tmp_path: Path) -> None:
    settings = settings_for("gov-portal", approval=_approval(tmp_path, decision="rejected"))
    refused, registered = run_refused(settings, "gov-portal")
    assert refused.rule_ids == ["approval-decision-approved"]
    assert registered == []


def test_request_edited_after_approval_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "requests" / "examples" / "gov-portal.yaml").read_text(encoding="utf-8"))
    data["spec"]["resources"][0]["volumes"][0]["sizeGiB"] = 120  # a bigger disk than was approved
    settings = settings_for("gov-portal", request=_write(tmp_path / "gov-portal.yaml", data))
    refused, registered = run_refused(settings, "gov-portal")
    assert "approval-digest-matches" in refused.rule_ids
    assert registered == []


def test_self_approved_request_refused(tmp_path: Path) -> None:
    approver = {"name": "王敏", "email": "someone@else.example"}  # the requester of gov-portal
    refused, registered = run_refused(
        settings_for("gov-portal", approval=_approval(tmp_path, approvedBy=approver)), "gov-portal"
    )
    assert refused.rule_ids == ["approval-duties-separated"]
    assert "(SEC-4)" in str(refused)
    assert registered == []


def test_approval_of_another_request_refused() -> None:
    settings = settings_for("gov-portal", approval=ROOT / "requests" / "approvals" / "REQ-2026-0057.yaml")
    refused, registered = run_refused(settings, "gov-portal")
    assert set(refused.rule_ids) == {"approval-request-matches", "approval-digest-matches"}
    assert registered == []


def test_missing_or_malformed_approval_refused(tmp_path: Path) -> None:
    refused, _ = run_refused(settings_for("gov-portal", approval=tmp_path / "none.yaml"), "gov-portal")
    assert refused.rule_ids == ["approval-readable"]
    bad = _approval(tmp_path, decision="maybe")
    refused, registered = run_refused(settings_for("gov-portal", approval=bad), "gov-portal")
    assert refused.rule_ids == ["approval-schema-valid"]
    assert registered == []


def test_stack_must_be_named_after_the_system() -> None:
    refused, registered = run_refused(settings_for("approval"), "gov-portal")
    assert refused.rule_ids == ["stack-matches-system"]
    assert registered == []


@pytest.mark.parametrize(
    "key",
    ["", "-----BEGIN OPENSSH PRIVATE KEY-----", "ssh-ed25519", "ssh-dss AAAAB3Nza", "ssh-ed25519 AAAA\nx"],
)
def test_ssh_key_must_be_one_public_key(key: str) -> None:
    refused, registered = run_refused(settings_for("gov-portal", ssh_public_key=key), "gov-portal")
    assert refused.rule_ids == ["stack-ssh-public-key"]
    assert registered == []


def _stack_config(stack: str, **overrides: str) -> dict[str, str]:
    stack_file = yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8"))
    return {key: str(value) for key, value in stack_file["config"].items()} | overrides


def test_main_reads_config_and_exports(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``main`` as ``pulumi up`` runs it: config keys from Pulumi.gov-portal.yaml, stack gov-portal."""
    key_file = tmp_path / "ops.pub"
    key_file.write_text(OPS_KEY + "\n", encoding="utf-8")
    config = _stack_config("gov-portal", **{"govcloud:sshPublicKeyFile": str(key_file)})
    install_mocks()
    pulumi.runtime.set_all_config(config)
    exported: dict[str, Any] = {}
    monkeypatch.setattr(pulumi, "export", exported.__setitem__)
    try:

        @pulumi.runtime.test
        def run() -> pulumi.Output[Any]:
            program.main()
            return pulumi.Output.from_input(exported)

        run()
        settings = program.read_settings()
    finally:
        pulumi.runtime.set_all_config({})
    assert settings.request == ROOT / "requests" / "examples" / "gov-portal.yaml"
    assert settings.catalogue is None
    assert settings.external_network == "public"
    assert settings.ssh_public_key == OPS_KEY
    assert sorted(exported) == ["hosts", "tenant"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "No such file"), (b"\xff\xfe not utf-8", "decode"), (b"x" * 20_000, "larger than 16384 bytes")],
)
def test_unreadable_public_key_file_is_refused(content: bytes | None, reason: str, tmp_path: Path) -> None:
    key_file = tmp_path / "ops.pub"
    if content is not None:
        key_file.write_bytes(content)
    install_mocks()
    pulumi.runtime.set_all_config(_stack_config("gov-portal", **{"govcloud:sshPublicKeyFile": str(key_file)}))
    try:
        with pytest.raises(program.RefusedError) as refused:
            program.read_settings()
    finally:
        pulumi.runtime.set_all_config({})
    assert refused.value.rule_ids == ["stack-ssh-public-key"]
    assert "sshPublicKeyFile" in str(refused.value)
    assert reason in str(refused.value)


def test_inline_key_wins_over_the_key_file() -> None:
    install_mocks()
    config = _stack_config(
        "gov-portal", **{"govcloud:sshPublicKey": OPS_KEY, "govcloud:sshPublicKeyFile": "/nonexistent"}
    )
    pulumi.runtime.set_all_config(config)
    try:
        assert program.read_settings().ssh_public_key == OPS_KEY
    finally:
        pulumi.runtime.set_all_config({})


def test_main_refuses_without_required_config() -> None:
    install_mocks()
    pulumi.runtime.set_all_config({"govcloud:approval": "x"})
    try:
        with pytest.raises(pulumi.ConfigMissingError, match="govcloud:request"):
            program.read_settings()
    finally:
        pulumi.runtime.set_all_config({})


def test_same_settings_run_twice_give_the_same_outputs() -> None:
    """Determinism the second `pulumi up` relies on: names, subnets and tags do not drift."""
    first = run_stack(settings_for("data-exchange"), "data-exchange")
    second = run_stack(settings_for("data-exchange"), "data-exchange")
    assert first.outputs == second.outputs
    # Registration order is not deterministic (RPCs run concurrently); the set of resources is.
    assert sorted(repr((r.typ, r.name, r.inputs)) for r in first.resources) == sorted(
        repr((r.typ, r.name, r.inputs)) for r in second.resources
    )
    assert OPS_KEY in str([r.inputs for r in first.resources])
