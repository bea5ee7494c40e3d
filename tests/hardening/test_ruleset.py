"""The loaded host firewall read against the allowlist (SEC-3, SEC-10), from nft 1.0.6's own JSON.

``data/nft-loaded.json`` is the role's ruleset for a web host loaded on a netns host; the other file
is the same table after three rules were added by hand with ``nft add/insert rule``. On real hosts:
``test_harden_audit_hosts.py`` (caught by the audit, repaired by the next run).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govcloud.hardening.ruleset import Opening, differences, expected

DATA = Path(__file__).parent / "data"
BASTION = ["10.250.0.0/24"]
ALLOWED = [
    {"port": 22, "protocol": "tcp", "from": "bastion"},
    {"port": 443, "protocol": "tcp", "from": "internet"},
    {"port": 514, "protocol": "udp", "from": "app"},
]


def _listing(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_the_loaded_role_ruleset_admits_exactly_the_allowlist() -> None:
    assert differences(_listing("nft-loaded.json"), ALLOWED, BASTION) == []


def test_rules_added_by_hand_are_each_named() -> None:
    found = differences(_listing("nft-loaded-by-hand.json"), ALLOWED, BASTION)
    assert "admits 3389/tcp from anywhere, which the allowlist lacks" in found
    assert "admits 22/tcp from 0.0.0.0/0, which the allowlist lacks" in found
    [ranged] = [line for line in found if "lets through what the allowlist does not name" in line]
    assert '"range": [1000, 2000]' in ranged
    assert len(found) == 3


def test_a_port_the_allowlist_names_but_the_kernel_lacks_is_named() -> None:
    more = [*ALLOWED, {"port": 8443, "protocol": "tcp", "from": "internet"}]
    assert differences(_listing("nft-loaded.json"), more, BASTION) == [
        "does not admit 8443/tcp from anywhere"
    ]


def test_other_bastion_networks_are_a_difference() -> None:
    found = differences(_listing("nft-loaded.json"), ALLOWED, ["10.251.0.0/24"])
    assert found == [
        "admits 22/tcp from 10.250.0.0/24, which the allowlist lacks",
        "does not admit 22/tcp from 10.251.0.0/24",
    ]


def test_an_accepting_policy_is_a_difference() -> None:
    document = json.loads(_listing("nft-loaded.json"))
    for item in document["nftables"]:
        if "chain" in item and item["chain"]["name"] == "input":
            item["chain"]["policy"] = "accept"
    found = differences(json.dumps(document), ALLOWED, BASTION)
    assert found == ["the input chain's policy is accept, not drop"]


def test_a_forwarding_host_is_a_difference() -> None:
    """A tenant server routes nothing between zones (SEC-3): the forward chain drops everything."""
    document = json.loads(_listing("nft-loaded.json"))
    for item in document["nftables"]:
        if "chain" in item and item["chain"]["name"] == "forward":
            item["chain"]["policy"] = "accept"
    accept = {"rule": {"table": "govcloud", "chain": "forward", "handle": 98, "expr": [{"accept": None}]}}
    document["nftables"].append(accept)
    assert differences(json.dumps(document), ALLOWED, BASTION) == [
        "the forward chain's policy is accept, not drop",
        'rule 98 forwards traffic: [{"accept": null}]',
    ]
    document["nftables"] = [
        i for i in document["nftables"] if i.get("chain", {}).get("name") != "forward" and "rule" not in i
    ]
    assert differences(json.dumps(document), ALLOWED, BASTION)[0] == (
        "the govcloud table has no forward chain: what the host routes is not filtered"
    )


def test_a_jump_out_of_the_input_chain_is_a_difference() -> None:
    document = json.loads(_listing("nft-loaded.json"))
    document["nftables"].append(
        {
            "rule": {
                "table": "govcloud",
                "chain": "input",
                "handle": 99,
                "expr": [{"jump": {"target": "open"}}],
            }
        }
    )
    [found] = differences(json.dumps(document), ALLOWED, BASTION)
    assert found.startswith("rule 99 lets through what the allowlist does not name")


@pytest.mark.parametrize("listing", ["", "Error: No such file or directory", '{"nftables": []}'])
def test_no_table_loaded_is_a_difference(listing: str) -> None:
    assert differences(listing, ALLOWED, BASTION)[0].startswith("the govcloud table is not loaded")


def test_a_table_without_an_input_chain_filters_nothing() -> None:
    document = json.loads(_listing("nft-loaded.json"))
    document["nftables"] = [i for i in document["nftables"] if "chain" not in i and "rule" not in i]
    assert differences(json.dumps(document), ALLOWED, BASTION) == [
        "the govcloud table has no input chain: nothing is filtered"
    ]


def test_a_bastion_port_without_bastion_networks_is_not_written() -> None:
    assert expected(ALLOWED, []) == {Opening("tcp", 443), Opening("udp", 514)}
