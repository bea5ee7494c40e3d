"""Reconciler diffing, with plain fakes of what openstacksdk returns."""

from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from govcloud.testing.hosts.site import Site
from govcloud.testing.hosts.spec import HostSpec, Nic
from govcloud.testing.hosts.standins import nova
from govcloud.testing.hosts.standins.plan import (
    Action,
    PortView,
    ServerView,
    SubnetView,
    desired_hosts,
    host_name,
    plan,
)
from govcloud.testing.hosts.standins.reconciler import reconcile_once

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBlx20xfbAsN7bk2jO9okYJsL7VnNjVgzXVz0+P/ez9R alice@laptop"
S1, S2, S3 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "33333333"
SUBNETS = [SubnetView("sub-a", "10.0.0.0/24", "10.0.0.1"), SubnetView("sub-v6", "fd00::/64", None)]


def ports() -> list[PortView]:
    return [
        PortView("p1", S1, "net-a", (("sub-v6", "fd00::5"), ("sub-a", "10.0.0.5"))),
        PortView("p2", S2, "net-a", (("sub-a", "10.0.0.6"),)),
        PortView("p3", "router-1", "net-a", (("sub-a", "10.0.0.1"),)),
        PortView("p4", S3, "net-a", (("sub-v6", "fd00::7"),)),
    ]


def test_desired_hosts_maps_active_servers() -> None:
    servers = [
        ServerView(S1, "Web Server;rm -rf /", "ACTIVE", "alice-key", "u-alice"),
        ServerView(S2, "db", "SHUTOFF", "alice-key", "u-alice"),
    ]
    d = desired_hosts(servers, ports(), SUBNETS, {("u-alice", "alice-key"): KEY + "\n"})
    assert list(d.specs) == [host_name(S1)]
    spec = d.specs[host_name(S1)]
    assert spec.hostname == "web-server-rm-rf"
    assert spec.nics == (Nic("net-a/sub-a", IPv4Interface("10.0.0.5/24"), IPv4Address("10.0.0.1")),)
    assert spec.authorized_keys == (KEY,)
    assert spec.login_user == "ops"
    assert d.servers[host_name(S1)].id == S1
    assert d.problems == []


def test_desired_hosts_reports_what_it_cannot_stand_in() -> None:
    servers = [
        ServerView(S1, "web", "ACTIVE", "gone-key", "u-bob"),
        ServerView(S3, "v6only", "ACTIVE"),
    ]
    d = desired_hosts(servers, ports(), SUBNETS, {})
    assert list(d.specs) == [host_name(S1)]
    assert d.specs[host_name(S1)].authorized_keys == ()
    assert any("keypair 'gone-key' not readable" in p for p in d.problems)
    assert any(S3 in p and "no IPv4" in p for p in d.problems)


def test_host_names_are_hashes_of_server_ids() -> None:
    assert host_name(S1) != host_name(S2)
    assert host_name(S1).startswith("vm-")
    assert len(host_name(S1)) == 15


def _spec(name: str, ip: str = "10.0.0.5/24") -> HostSpec:
    return HostSpec(name, (Nic("n", IPv4Interface(ip), IPv4Address("10.0.0.1")),))


def test_plan_creates_destroys_and_replaces() -> None:
    desired = {
        "vm-new": _spec("vm-new"),
        "vm-same": _spec("vm-same"),
        "vm-moved": _spec("vm-moved", "10.0.0.9/24"),
    }
    actual = {"vm-gone": _spec("vm-gone"), "vm-same": _spec("vm-same"), "vm-moved": _spec("vm-moved")}
    actions = plan(desired, actual, running={"vm-same", "vm-moved", "vm-gone"})
    assert actions == [
        Action("destroy", "vm-gone"),
        Action("replace", "vm-moved", desired["vm-moved"]),
        Action("create", "vm-new", desired["vm-new"]),
    ]


def test_plan_restarts_a_dead_host_and_leaves_a_healthy_one() -> None:
    desired = {"vm-a": _spec("vm-a")}
    assert plan(desired, {"vm-a": _spec("vm-a")}, running=set()) == [
        Action("replace", "vm-a", desired["vm-a"])
    ]
    assert plan(desired, {"vm-a": _spec("vm-a")}, running={"vm-a"}) == []


class FakeCompute:
    """conn.compute: servers of all projects, keypairs of any user."""

    def __init__(self, servers: list[Any], keys: dict[tuple[str, str], str]) -> None:
        """Serve these servers and (user_id, name) -> public key."""
        self._servers = servers
        self._keys = keys
        self.keypair_calls: list[tuple[str, str | None]] = []

    def servers(self, *, all_projects: bool) -> list[Any]:
        """Like the SDK; the reconciler must ask for all projects."""
        assert all_projects
        return self._servers

    def get_keypair(self, name: str, user_id: str | None = None) -> SimpleNamespace:
        """Like the SDK: raises when the keypair is missing."""
        self.keypair_calls.append((name, user_id))
        if (user_id or "", name) not in self._keys:
            raise LookupError(name)
        return SimpleNamespace(public_key=self._keys[(user_id or "", name)])


class FakeNetwork:
    """conn.network: one server port, one unowned port, one subnet."""

    def ports(self) -> list[Any]:
        """Like the SDK."""
        return [
            SimpleNamespace(
                id="p1",
                device_id=S1,
                network_id="net-a",
                fixed_ips=[{"subnet_id": "sub-a", "ip_address": "10.0.0.5"}],
                created_at="2025-01-01",
                mac_address="fa:16:3e:00:00:01",
                is_port_security_enabled=True,
            ),
            SimpleNamespace(id="p0", device_id="", network_id="net-a", fixed_ips=[], created_at=None),
        ]

    def networks(self) -> list[Any]:
        """Like the SDK: the box's VXLAN networks have an MTU of 1450."""
        return [SimpleNamespace(id="net-a", mtu=1450)]

    def subnets(self) -> list[Any]:
        """Like the SDK."""
        return [SimpleNamespace(id="sub-a", cidr="10.0.0.0/24", gateway_ip="10.0.0.1")]


def fake_conn(servers: list[Any], keys: dict[tuple[str, str], str]) -> SimpleNamespace:
    return SimpleNamespace(compute=FakeCompute(servers, keys), network=FakeNetwork())


def test_sdk_adapters_read_fake_objects() -> None:
    server = SimpleNamespace(id=S1, name="web", status="ACTIVE", key_name="k", user_id="u")
    conn = fake_conn([server], {("u", "k"): KEY})
    assert nova.servers(conn) == [ServerView(S1, "web", "ACTIVE", "k", "u")]
    assert nova.ports(conn) == [
        PortView(
            "p1",
            S1,
            "net-a",
            (("sub-a", "10.0.0.5"),),
            "2025-01-01",
            "fa:16:3e:00:00:01",
            1450,
            port_security=True,
        )
    ]
    cache = nova.KeyCache()
    assert cache.lookup(conn, {("u", "k"), ("u", "missing")}) == {("u", "k"): KEY}
    cache.lookup(conn, {("u", "k")})
    assert conn.compute.keypair_calls.count(("k", "u")) == 1  # cached


class FakeSite:
    """Records actions instead of touching the kernel."""

    def __init__(self, hosts: list[Any]) -> None:
        """Pretend these hosts exist."""
        self.hosts = hosts
        self.calls: list[tuple[str, str]] = []
        self.ssh_config = "/nowhere/ssh_config"

    def list_hosts(self) -> list[Any]:
        """Like Site."""
        return self.hosts

    def create_host(self, spec: HostSpec) -> None:
        """Record."""
        self.calls.append(("create", spec.name))

    def destroy_host(self, name: str) -> bool:
        """Record."""
        self.calls.append(("destroy", name))
        return True


def test_reconcile_once_with_fakes() -> None:
    server = SimpleNamespace(id=S1, name="web", status="ACTIVE", key_name="k", user_id="u")
    stale = SimpleNamespace(name="vm-stale", spec=_spec("vm-stale"), running=True)
    site = FakeSite([stale])
    doc = reconcile_once(fake_conn([server], {("u", "k"): KEY}), site, nova.KeyCache(), "ops")  # type: ignore[arg-type]
    assert site.calls == [("destroy", "vm-stale"), ("create", host_name(S1))]
    assert doc["problems"] == []
    assert doc["errors"] == []


@pytest.mark.parametrize("bad", ["a,b", "a:b", "a b"])
def test_site_rejects_state_dirs_that_break_mount_options(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="must not contain"):
        Site(tmp_path / bad)
