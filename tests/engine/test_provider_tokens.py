"""tokens.json, the provider's Terraform-name-to-token table, is derived from the installed SDK (no Go needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govcloud.engine import sdk_tokens

REPO = Path(__file__).resolve().parents[2]
TOKENS = REPO / sdk_tokens.TOKENS_FILE
SDK_TOKENS = 179  # pulumi_openstack 5.5.3: 114 resources and 65 functions, 10 of them legacy index/ ones


@pytest.fixture(scope="module")
def sdk() -> sdk_tokens.Sdk:
    return sdk_tokens.read_sdk()


@pytest.fixture(scope="module")
def committed() -> sdk_tokens.Tokens:
    tokens: sdk_tokens.Tokens = json.loads(TOKENS.read_text(encoding="utf-8"))
    return tokens


def _tf_names(tokens: sdk_tokens.Tokens) -> dict[str, list[str]]:
    return {kind: list(entries) for kind, entries in tokens.items()}


def test_committed_tokens_are_what_the_sdk_derives(sdk: sdk_tokens.Sdk, committed: sdk_tokens.Tokens) -> None:
    derived = sdk_tokens.derive_tokens(_tf_names(committed), sdk.by_kind())
    assert sdk_tokens.dump_tokens(derived) == TOKENS.read_text(encoding="utf-8"), (
        "tokens.json was edited by hand or the SDK changed: re-derive it (python -m govcloud.engine.sdk_tokens derive)"
    )


def test_every_sdk_token_is_mapped_once(sdk: sdk_tokens.Sdk, committed: sdk_tokens.Tokens) -> None:
    mapped = [
        token for entries in committed.values() for entry in entries.values() for token in entry.values()
    ]
    assert len(sdk.resources) + len(sdk.functions) == SDK_TOKENS
    assert sorted(mapped) == sorted([*sdk.resources, *sdk.functions])
    assert (len(committed["resources"]), len(committed["dataSources"])) == (108, 61)


def test_every_override_is_needed(
    sdk: sdk_tokens.Sdk, committed: sdk_tokens.Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hand-picked token is one the normalised matcher cannot reach: the table stays minimal."""
    for kind, overrides in sdk_tokens.OVERRIDES.items():
        for tf_name in overrides:
            monkeypatch.setitem(
                sdk_tokens.OVERRIDES, kind, {k: v for k, v in overrides.items() if k != tf_name}
            )
            with pytest.raises(sdk_tokens.DerivationError, match=tf_name):
                sdk_tokens.derive_tokens(_tf_names(committed), sdk.by_kind())
            monkeypatch.undo()


def test_reader_takes_wire_names(sdk: sdk_tokens.Sdk) -> None:
    stack = sdk.resources["openstack:orchestration/stackV1:StackV1"]
    assert {"StackOutputs", "templateOpts", "name"} <= stack
    assert "stack_outputs" not in stack
    assert {"name", "projectId"} <= sdk.functions["openstack:dns/getDnsZone:getDnsZone"]
    assert {"authUrl", "region", "endpointOverrides"} <= sdk.provider


def test_legacy_index_tokens_pair_with_the_module_token() -> None:
    tokens = sdk_tokens.derive_tokens(
        {
            "resources": ["openstack_bgpvpn_v2", "openstack_lb_pool_v2"],
            "dataSources": ["openstack_workflow_workflow_v2"],
        },
        {
            "resources": [
                "openstack:bgpvpn/v2:V2",
                "openstack:index/bgpvpnV2:BgpvpnV2",
                "openstack:loadbalancer/pool:Pool",
            ],
            "dataSources": [
                "openstack:index/workflowWorkflowV2:WorkflowWorkflowV2",
                "openstack:index/getWorkflowWorkflowV2:getWorkflowWorkflowV2",
            ],
        },
    )
    assert tokens == {
        "resources": {
            "openstack_bgpvpn_v2": {
                "token": "openstack:bgpvpn/v2:V2",
                "legacy": "openstack:index/bgpvpnV2:BgpvpnV2",
            },
            "openstack_lb_pool_v2": {"token": "openstack:loadbalancer/pool:Pool"},
        },
        "dataSources": {
            "openstack_workflow_workflow_v2": {
                "token": "openstack:index/getWorkflowWorkflowV2:getWorkflowWorkflowV2",
                "legacy": "openstack:index/workflowWorkflowV2:WorkflowWorkflowV2",
            }
        },
    }


def test_unpaired_names_and_tokens_fail_together() -> None:
    with pytest.raises(sdk_tokens.DerivationError) as failure:
        sdk_tokens.derive_tokens(
            {
                "resources": ["openstack_compute_instance_v2", "openstack_compute_widget_v2"],
                "dataSources": [],
            },
            {
                "resources": ["openstack:compute/instance:Instance", "openstack:compute/gadget:Gadget"],
                "dataSources": [],
            },
        )
    assert "resources openstack_compute_widget_v2: 0 SDK tokens match" in str(failure.value)
    assert "resources openstack:compute/gadget:Gadget: no Terraform name" in str(failure.value)


def test_derive_writes_sorted_json(tmp_path: Path) -> None:
    names = tmp_path / "names.json"
    names.write_text(json.dumps(_tf_names(json.loads(TOKENS.read_text(encoding="utf-8")))), encoding="utf-8")
    out = tmp_path / "tokens.json"
    assert sdk_tokens.main(["derive", str(names), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == TOKENS.read_text(encoding="utf-8")
