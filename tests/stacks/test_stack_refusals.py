"""The gate refuses, before the program registers any resource, a request that is invalid or not approved.

Invalid requests come from the admission corpus (requests/examples/invalid/, each file's rule ids on its
``# EXPECT:`` line); approval problems from edited copies of the example approvals (LC-1, LC-3, LC-8,
SEC-4); stack problems from edited settings. Each refusal is checked by its id and its exact line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import yaml
from stack_harness import OPS_KEY, ROOT, run_refused, run_stack, settings_for

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.provisioning.refusals import RefusedError

INVALID = ROOT / "requests" / "examples" / "invalid"
APPROVAL = ROOT / "requests" / "approvals" / "REQ-2026-0042.yaml"


def _expected(name: str) -> list[str]:
    """The rule ids the corpus file states on its second line: ``# EXPECT: rule-a, rule-b``."""
    header = (INVALID / name).read_text(encoding="utf-8").splitlines()[1]
    return [rule.strip() for rule in header.removeprefix("# EXPECT: ").split(",")]


def _write(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _approval(tmp_path: Path, **spec: Any) -> Path:
    data = yaml.safe_load(APPROVAL.read_text(encoding="utf-8"))
    data["spec"].update(spec)
    return _write(tmp_path / "approval.yaml", data)


def _lines(refused: RefusedError) -> list[str]:
    return [item.line() for item in refused.refusals]


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
    refused, registered = run_refused(settings_for("gov-portal", request=INVALID / name))
    expected = _expected(name)
    assert set(expected) <= set(refused.rule_ids), f"{name}: refusal does not name {expected}"
    for rule_id in expected:
        assert f"[{rule_id}]" in str(refused)
    assert registered == [], f"{name}: resources registered before the refusal: {registered}"


def test_refusal_message_is_bilingual_and_cites_requirements() -> None:
    refused, _ = run_refused(
        settings_for("gov-portal", request=INVALID / "portal-unencrypted-volumes.yaml"),
    )
    text = str(refused)
    assert text.startswith(
        f"拒绝部署 / refusing to deploy {INVALID / 'portal-unencrypted-volumes.yaml'}:\n  ["
    )
    assert "[request-volumes-encrypted] (SEC-11" in text
    assert text.splitlines()[1:] == [f"  {line}" for line in _lines(refused)]


def test_unreadable_request_refused(tmp_path: Path) -> None:
    bad = tmp_path / "req.yaml"
    bad.write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    refused, registered = run_refused(settings_for("gov-portal", request=bad))
    [line] = _lines(refused)
    assert line.startswith("[request-input-usable] (LC-2) [alias] "), line
    assert registered == []


def test_rejected_request_refused(tmp_path: Path) -> None:
    settings = settings_for("gov-portal", approval=_approval(tmp_path, decision="rejected"))
    refused, registered = run_refused(settings)
    assert _lines(refused) == [
        (
            "[approval-decision-approved] (LC-1, LC-3) 申请未获批准（审批结论：rejected） / "
            "the request is not approved (decision: rejected)"
        )
    ]
    assert registered == []


def test_request_edited_after_approval_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "requests" / "examples" / "gov-portal.yaml").read_text(encoding="utf-8"))
    data["spec"]["resources"][0]["volumes"][0]["sizeGiB"] = 120  # a bigger disk than was approved
    settings = settings_for("gov-portal", request=_write(tmp_path / "gov-portal.yaml", data))
    refused, registered = run_refused(settings)
    assert refused.rule_ids == ["approval-digest-matches"]
    [line] = _lines(refused)
    assert line.startswith("[approval-digest-matches] (LC-1, LC-8) 申请在审批后被修改（摘要 ")
    assert line.endswith("...); it needs a new approval")
    assert registered == []


def test_self_approved_request_refused(tmp_path: Path) -> None:
    approver = {"name": "王敏", "email": "someone@else.example"}  # the requester of gov-portal
    refused, registered = run_refused(
        settings_for("gov-portal", approval=_approval(tmp_path, approvedBy=approver)),
    )
    assert _lines(refused) == [
        (
            "[approval-duties-separated] (SEC-4) 审批人 王敏 是申请单位的联系人（requester），不得自行审批 / "
            "the approver 王敏 is a contact of the requesting unit (requester) and may not approve its own request"
        )
    ]
    assert registered == []


def test_approval_of_another_request_refused() -> None:
    settings = settings_for("gov-portal", approval=ROOT / "requests" / "approvals" / "REQ-2026-0057.yaml")
    refused, registered = run_refused(settings)
    assert refused.rule_ids == ["approval-request-matches", "approval-digest-matches"]
    assert _lines(refused)[0] == (
        "[approval-request-matches] (LC-1) 审批记录针对 REQ-2026-0057，而非申请 REQ-2026-0042 / "
        "the approval is for REQ-2026-0057, not for request REQ-2026-0042"
    )
    assert registered == []


def test_missing_or_malformed_approval_refused(tmp_path: Path) -> None:
    refused, _ = run_refused(settings_for("gov-portal", approval=tmp_path / "none.yaml"))
    [line] = _lines(refused)
    assert line.startswith(f"[approval-readable] (LC-1) 审批记录 {tmp_path / 'none.yaml'} 无法读取：")
    assert f" / approval {tmp_path / 'none.yaml'} unreadable: " in line
    bad = _approval(tmp_path, decision="maybe")
    refused, registered = run_refused(settings_for("gov-portal", approval=bad))
    assert refused.rule_ids == ["approval-schema-valid"]
    assert _lines(refused) == [
        (
            "[approval-schema-valid] (LC-1, LC-3, SEC-4) 审批记录 spec.decision：取值 'maybe' 无效，允许：approved, rejected / "
            "approval spec.decision: value 'maybe' not allowed; use: approved, rejected"
        )
    ]
    assert registered == []


def test_stack_must_be_named_after_the_system() -> None:
    refused, registered = run_refused(settings_for("approval", as_stack="gov-portal"))
    assert _lines(refused) == [
        (
            "[stack-matches-system] (LC-1) 栈 gov-portal 与申请中的系统 approval 不符（每个系统一个同名栈） / "
            "stack gov-portal does not match the request's system approval (one stack per system, named after its code)"
        )
    ]
    assert registered == []


@pytest.mark.parametrize(
    "key",
    ["", "-----BEGIN OPENSSH PRIVATE KEY-----", "ssh-ed25519", "ssh-dss AAAAB3Nza", "ssh-ed25519 AAAA\nx"],
)
def test_ssh_key_must_be_one_public_key(key: str) -> None:
    refused, registered = run_refused(settings_for("gov-portal", sshPublicKey=key))
    assert _lines(refused) == [KEY_RULE_LINE]
    assert registered == []


KEY_RULE_LINE = (
    "[stack-ssh-public-key] (SEC-4, SEC-10) govcloud:sshPublicKey（或 sshPublicKeyFile 的内容）须为一行 OpenSSH 公钥"
    "（绝不能是私钥） / govcloud:sshPublicKey (or the content of sshPublicKeyFile) must be one OpenSSH public key "
    "line (never a private key)"
)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "No such file"), (b"\xff\xfe not utf-8", "decode"), (b"x" * 20_000, "larger than 16384 bytes")],
)
def test_unreadable_public_key_file_is_refused(content: bytes | None, reason: str, tmp_path: Path) -> None:
    key_file = tmp_path / "ops.pub"
    if content is not None:
        key_file.write_bytes(content)
    settings = settings_for("gov-portal", sshPublicKey=None, sshPublicKeyFile=key_file)
    refused, registered = run_refused(settings)
    assert refused.rule_ids == ["stack-ssh-public-key"]
    [line] = _lines(refused)
    assert line.startswith(
        f"[stack-ssh-public-key] (SEC-4, SEC-10) 无法读取运维公钥文件 govcloud:sshPublicKeyFile={key_file}："
    )
    assert f" / cannot read the ops public key file govcloud:sshPublicKeyFile={key_file}: " in line
    assert reason in line
    assert registered == []


def test_public_key_file_gives_its_first_line(tmp_path: Path) -> None:
    key_file = tmp_path / "ops.pub"
    key_file.write_text(OPS_KEY + "\nnot read\n", encoding="utf-8")
    run = run_stack(settings_for("data-exchange", sshPublicKey=None, sshPublicKeyFile=key_file))
    [key_pair] = run.of_type("openstack:compute/keypair:Keypair")
    assert key_pair.inputs["publicKey"] == OPS_KEY


def test_a_private_key_in_the_key_file_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "ops.pub"
    key_file.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n", encoding="utf-8")
    refused, registered = run_refused(
        settings_for("gov-portal", sshPublicKey=None, sshPublicKeyFile=key_file)
    )
    assert _lines(refused) == [KEY_RULE_LINE]
    assert registered == []


def test_inline_key_wins_over_the_key_file() -> None:
    run = run_stack(settings_for("data-exchange", sshPublicKeyFile="/nonexistent"))
    [key_pair] = run.of_type("openstack:compute/keypair:Keypair")
    assert key_pair.inputs["publicKey"] == OPS_KEY


@pytest.mark.parametrize("key", ["request", "approval"])
def test_a_stack_without_its_request_or_approval_is_refused(key: str) -> None:
    refused, registered = run_refused(settings_for("gov-portal", **{key: None}))
    assert _lines(refused) == [
        f"[stack-setting-present] (LC-1) 栈配置没有设置 govcloud:{key} / the stack's config sets no govcloud:{key}"
    ]
    assert registered == []


def test_a_broken_stack_catalogue_is_refused(tmp_path: Path) -> None:
    catalogue = yaml.safe_load((ROOT / "catalog" / "catalogue.yaml").read_text(encoding="utf-8"))
    catalogue["spec"] = {}
    broken = _write(tmp_path / "catalogue.yaml", catalogue)
    refused, registered = run_refused(settings_for("gov-portal", catalogue=broken))
    assert refused.rule_ids == ["catalogue-valid"]
    [line] = _lines(refused)
    assert line.startswith(f"[catalogue-valid] (CAT-1, CAT-2) 服务目录 {broken} 无效：")
    assert f" / the service catalogue {broken} is invalid: " in line
    assert registered == []


def test_an_unreadable_stack_catalogue_is_refused(tmp_path: Path) -> None:
    refused, _ = run_refused(settings_for("gov-portal", catalogue=tmp_path / "none.yaml"))
    assert refused.rule_ids == ["catalogue-valid"]
    assert _lines(refused)[0].startswith(
        f"[catalogue-valid] (CAT-1, CAT-2) 服务目录 {tmp_path / 'none.yaml'} 无效："
    )


def test_the_stack_catalogue_is_the_one_admitted_against(tmp_path: Path) -> None:
    """A stack's own catalogue decides what exists (CAT-1): without the portal's flavor, admission refuses."""
    catalogue = yaml.safe_load((ROOT / "catalog" / "catalogue.yaml").read_text(encoding="utf-8"))
    run_stack(settings_for("gov-portal", catalogue=_write(tmp_path / "same.yaml", catalogue)))
    catalogue["spec"]["items"] = [
        item for item in catalogue["spec"]["items"] if item["metadata"]["id"] != "ecs.g.4c8g"
    ]
    less = _write(tmp_path / "less.yaml", catalogue)
    refused, registered = run_refused(settings_for("gov-portal", catalogue=less))
    assert "request-catalogue-items-exist" in refused.rule_ids
    assert registered == []


def test_same_settings_run_twice_give_the_same_outputs() -> None:
    """Determinism the second `pulumi up` relies on: names, subnets and tags do not drift."""
    first = run_stack(settings_for("data-exchange"))
    second = run_stack(settings_for("data-exchange"))
    assert first.outputs == second.outputs
    # Registration order is not deterministic (RPCs run concurrently); the set of resources is.
    assert sorted(repr((r.typ, r.name, r.inputs)) for r in first.resources) == sorted(
        repr((r.typ, r.name, r.inputs)) for r in second.resources
    )
    assert OPS_KEY in str([r.inputs for r in first.resources])
