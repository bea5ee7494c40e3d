"""The box's ``ebtables`` shim deletes the agent's among rules, which ebtables-nft 1.8.9 cannot by spec.

The linuxbridge agent deletes a port's ``--among-src`` rule by its spec each time it sees the port again;
ebtables-nft 1.8.9 answers "RULE_DELETE failed (Invalid argument)" and the agent retries for ever.
Here the shim is installed as the box installs it and run in a network namespace of the test's own
against the real ebtables.
"""

from __future__ import annotations

import subprocess
import uuid
from typing import TYPE_CHECKING

import pytest

from govcloud.testing.box import datapath, ebtables_shim

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

CHAIN = "neutronMAC-tapfeed0001-aa"
MACS = "fa:16:3e:40:db:6c,fa:16:3e:0e:b7:01"
LISTED = "fa:16:3e:e:b7:1,fa:16:3e:40:db:6c"
"""The same MACs as ``ebtables -L`` prints them, which is how the agent passes them back."""
AGENT_DELETE = [
    "-t",
    "nat",
    "--concurrent",
    "-D",
    CHAIN,
    "-i",
    "tapfeed0001-aa",
    "--among-src",
    LISTED,
    "-j",
    "RETURN",
]
"""What the agent runs (``arp_protect._delete_vif_mac_rules``): the rule as the listing printed it, split."""


def test_only_a_delete_by_spec_with_an_among_match_is_taken_over() -> None:
    assert ebtables_shim.split(AGENT_DELETE) == (
        ["-t", "nat", "--concurrent"],
        CHAIN,
        ["-i", "tapfeed0001-aa", "--among-src", LISTED, "-j", "RETURN"],
    )
    assert ebtables_shim.split(["-t", "nat", "-D", CHAIN, "1"]) is None, "by number: ebtables can"
    assert ebtables_shim.split(["-t", "nat", "-D", "PREROUTING", "-i", "tapx", "-j", CHAIN]) is None
    assert ebtables_shim.split(["-t", "nat", "-L"]) is None


def test_the_rule_is_found_however_its_macs_are_written() -> None:
    """The listing drops leading zeros (``fa:16:3e:e:b7:1``) and orders the MACs its own way."""
    listing = (
        f"Bridge chain: {CHAIN}, entries: 3, policy: DROP\n"
        "-i tapfeed0001-aa --among-src fa:16:3e:aa:aa:aa -j RETURN\n"
        "-i tapfeed0001-aa --among-src fa:16:3e:e:b7:1,FA:16:3E:40:DB:6C -j RETURN\n"
        "-j DROP\n"
    )
    spec = ebtables_shim.split(AGENT_DELETE)
    assert spec is not None
    assert ebtables_shim.rule_number(listing, spec[2]) == 2
    assert (
        ebtables_shim.rule_number(listing, ["-i", "tapfeed0001-aa", "--among-src", "fa:16:3e:bb:bb:bb"])
        is None
    )


@pytest.fixture
def netns() -> Iterator[str]:
    """A namespace of the test's own with the agent's kind of MAC chain: two among rules, then DROP."""
    name = f"ebt-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    ebtables = ["ip", "netns", "exec", name, "ebtables", "-t", "nat"]
    try:
        subprocess.run([*ebtables, "-N", CHAIN, "-P", "DROP"], check=True)
        subprocess.run([*ebtables, "-A", CHAIN, "-j", "DROP"], check=True)
        for macs in ("fa:16:3e:aa:aa:aa", MACS):
            rule = ["-I", CHAIN, "-i", "tapfeed0001-aa", "--among-src", macs, "-j", "RETURN"]
            subprocess.run([*ebtables, *rule], check=True)
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)


@pytest.mark.root
def test_the_installed_shim_deletes_the_agent_s_rule_and_only_it(netns: str, tmp_path: Path) -> None:
    assert datapath.install_ebtables_shim(tmp_path)
    assert not datapath.install_ebtables_shim(tmp_path), "installed again unchanged: no agent restart"
    shim = datapath.shim_dir(tmp_path) / "ebtables"
    done = subprocess.run(
        ["ip", "netns", "exec", netns, str(shim), *AGENT_DELETE], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        ["ip", "netns", "exec", netns, "ebtables", "-t", "nat", "-L", CHAIN],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert [line for line in listed.splitlines() if line.startswith("-")] == [
        "-i tapfeed0001-aa --among-src fa:16:3e:aa:aa:aa -j RETURN",
        "-j DROP",
    ]
    again = subprocess.run(
        ["ip", "netns", "exec", netns, str(shim), *AGENT_DELETE], capture_output=True, text=True, check=False
    )
    assert again.returncode != 0, "a rule that is not there is still an error, as ebtables says"
