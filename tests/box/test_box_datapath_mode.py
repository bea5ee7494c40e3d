"""The box notices a datapath left by an agent in multicast VXLAN mode and rebuilds it (pure: no kernel)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from govcloud.testing.box import datapath

if TYPE_CHECKING:
    import pytest


class FakeRun:
    """Stands in for ``datapath.run``: records each command and whether it was checked."""

    def __init__(self, output: str = "") -> None:
        """Answer every command with ``output``."""
        self.output = output
        self.calls: list[tuple[list[str], bool]] = []

    def __call__(self, argv: list[str], *, check: bool = True) -> str:
        """Record the call, answer the output."""
        self.calls.append((argv, check))
        return self.output


def _device(name: str, group: str | None) -> dict[str, object]:
    info: dict[str, object] = {"id": 354, "local": "127.0.0.1", "port": 8472}
    if group is not None:
        info["group"] = group
    return {"ifname": name, "linkinfo": {"info_kind": "vxlan", "info_data": info}}


def test_only_tunnels_with_a_group_are_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    listing = [
        _device("vxlan-503", "224.0.0.1"),
        _device("vxlan-354", None),
        _device("vxlan-425", "224.0.0.1"),
    ]
    fake = FakeRun(json.dumps(listing))
    monkeypatch.setattr(datapath, "run", fake)
    assert datapath.multicast_tunnels() == ["vxlan-425", "vxlan-503"]
    assert fake.calls == [(["ip", "-n", datapath.NETNS, "-d", "-j", "link", "show", "type", "vxlan"], False)]


def test_no_netns_or_no_tunnel_is_not_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    for output in ("", "[]\n"):
        monkeypatch.setattr(datapath, "run", FakeRun(output))
        assert datapath.multicast_tunnels() == []


def test_reset_deletes_the_tunnels_then_the_spoofing_chains(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeRun()
    monkeypatch.setattr(datapath, "run", fake)
    datapath.reset_for_resync(["vxlan-503"])
    assert fake.calls == [
        (["ip", "-n", datapath.NETNS, "link", "del", "vxlan-503"], True),
        (["ip", "netns", "exec", datapath.NETNS, "ebtables", "-t", "nat", "--init-table"], True),
    ]
