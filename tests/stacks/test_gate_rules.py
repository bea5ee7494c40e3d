"""The gate's refusal rules are registered, each with requirement IDs and a bilingual description, and listed.

``govcloud rules`` (and so ``docs/rules.md``) lists every id the gate refuses with; a refusal can only be
made for a registered id, so an id typed wrong fails here or in the refusal tests, never in front of a user.
"""

from __future__ import annotations

import importlib
import json

import pytest

from govcloud import requirements
from govcloud.admission.rules import all_request_rules
from govcloud.bilingual import Text
from govcloud.cli import main
from govcloud.policy.metadata import all_policy_rules
from govcloud.provisioning.gate import all_gate_rules
from govcloud.provisioning.refusals import GateRule, refusal

GATE_IDS = [
    "approval-decision-approved",
    "approval-digest-matches",
    "approval-duties-separated",
    "approval-readable",
    "approval-request-matches",
    "approval-schema-valid",
    "catalogue-valid",
    "provider-access-authorised",
    "record-approval-current",
    "record-not-decommissioned",
    "record-not-suspended",
    "stack-matches-system",
    "stack-setting-present",
    "stack-ssh-public-key",
]


def test_every_gate_refusal_is_registered_once() -> None:
    assert [rule.id for rule in all_gate_rules()] == GATE_IDS
    others = {rule.id for rule in all_request_rules()} | {rule.id for rule in all_policy_rules()}
    assert not set(GATE_IDS) & others, "a gate id must not shadow a request or policy rule"


@pytest.mark.parametrize("rule", all_gate_rules(), ids=lambda rule: rule.id)
def test_each_rule_cites_requirements_describes_itself_and_names_its_check(rule: GateRule) -> None:
    assert rule.requirements
    assert set(rule.requirements) <= set(requirements.REQUIREMENTS)
    assert rule.description.zh
    assert rule.description.en
    assert rule.description.zh != rule.description.en
    assert callable(_resolve(rule.check)), f"{rule.id}: {rule.check} is not a function"


def _resolve(dotted: str) -> object:
    """``module.function`` or ``module.Class.method``: the longest importable prefix, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for part in parts[cut:]:
            target = getattr(target, part)
        return target
    raise AssertionError(dotted)


def test_a_refusal_of_an_unregistered_id_fails() -> None:
    with pytest.raises(KeyError):
        refusal("approval-made-up", Text("否", "no"))


def test_govcloud_rules_lists_the_gate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--layer", "gate", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == GATE_IDS
    ssh = next(row for row in rows if row["id"] == "stack-ssh-public-key")
    assert ssh == {
        "id": "stack-ssh-public-key",
        "layer": "provisioning-gate",
        "severity": "error",
        "enforcementLevel": "mandatory",
        "requirements": ["SEC-4", "SEC-10"],
        "title": {
            "zh": "运维登录密钥须为一行可读的 OpenSSH 公钥（govcloud:sshPublicKey 或 sshPublicKeyFile），绝不能是私钥",
            "en": "The operations login key is one readable OpenSSH public key line (govcloud:sshPublicKey or "
            "sshPublicKeyFile), never a private key",
        },
        "check": "govcloud.provisioning.gate.ops_public_key",
    }
    assert main(["rules", "--format", "markdown"]) == 0
    docs = capsys.readouterr().out
    for rule_id in GATE_IDS:
        assert f'<a id="{rule_id}"></a>`{rule_id}`' in docs
