"""Stand-ins wired through Neutron's own datapath (SEC-3, SEC-4): specs, names and SSH from the bastion.

Pure data; the kernel side runs in tests/engine/test_engine_box.py, where Neutron's agent filters the
stand-ins of a real ``pulumi up``.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface

import pytest

from govcloud.testing.hosts.spec import Datapath, HostSpec, NeutronPort, Nic, bastion_address
from govcloud.testing.hosts.sshconfig import SshEntry, ansible_ssh_common_args, render
from govcloud.testing.hosts.standins.plan import PortView, ServerView, SubnetView, desired_hosts

PORT = "e5d52d57-f135-4d45-9e3b-fad4287ab44e"
NET = "4f477f17-d548-4538-9a4e-6faae8fec071"
SUB = "fbb25fa7-4e74-4095-b68d-041cfa80f319"
SERVER = "0b0c0d0e-0000-4000-8000-000000000001"
DATAPATH = Datapath("govcloud-dp")
BASTION = IPv4Address("10.250.0.10")
WIRED = NeutronPort(PORT, NET, "fa:16:3e:ec:58:2b", 1450)


def _spec(nic: Nic, datapath: Datapath | None) -> HostSpec:
    return HostSpec(name="vm-x", nics=(nic,), datapath=datapath, ssh_source=BASTION if datapath else None)


def test_neutron_names_are_the_agents() -> None:
    assert WIRED.tap == "tape5d52d57-f1"
    assert WIRED.bridge == "brq4f477f17-d5"
    assert len(WIRED.tap) <= 15
    assert len(WIRED.bridge) <= 15


def test_a_wired_spec_round_trips_through_its_state_file() -> None:
    nic = Nic(f"{NET}/{SUB}", IPv4Interface("10.199.0.5/24"), IPv4Address("10.199.0.1"), WIRED)
    spec = _spec(nic, DATAPATH).validate()
    assert HostSpec.from_json(spec.to_json()) == spec


def test_a_state_file_from_before_keeps_its_bastion_address() -> None:
    nic = Nic(f"{NET}/{SUB}", IPv4Interface("10.199.0.5/24"), IPv4Address("10.199.0.1"), WIRED)
    data = _spec(nic, DATAPATH).to_json()
    del data["ssh_source"]
    data["datapath"]["ssh_source"] = str(BASTION)
    assert HostSpec.from_json(data).ssh_source == BASTION


@pytest.mark.parametrize(
    ("gateway", "source", "datapath", "message"),
    [
        ("10.199.0.1", None, DATAPATH, "needs the bastion address"),
        (None, BASTION, None, "no gateway to answer it through"),
        ("10.199.0.1", IPv4Address("10.199.0.9"), None, "inside one of the host's own networks"),
    ],
)
def test_the_management_source_is_one_the_host_can_answer(
    gateway: str | None, source: IPv4Address | None, datapath: Datapath | None, message: str
) -> None:
    port = WIRED if datapath else None
    nic = Nic("n", IPv4Interface("10.199.0.5/24"), IPv4Address(gateway) if gateway else None, port)
    spec = HostSpec(name="vm-x", nics=(nic,), datapath=datapath, ssh_source=source)
    with pytest.raises(ValueError, match=message):
        spec.validate()


def test_the_bastion_address_is_the_tenth_of_the_first_bastion_network() -> None:
    assert bastion_address(("10.250.0.0/24", "10.251.0.0/24")) == BASTION
    assert bastion_address(("10.250.0.8/30",)) == IPv4Address("10.250.0.8"), "a small network: its first"


@pytest.mark.parametrize(
    "port",
    [
        NeutronPort("p1; rm -rf /", NET, WIRED.mac, 1450),
        NeutronPort(PORT, NET, "fa:16:3e:ec:58", 1450),
        NeutronPort(PORT, NET, WIRED.mac, 100),
    ],
)
def test_neutron_fields_that_would_name_kernel_objects_are_checked(port: NeutronPort) -> None:
    nic = Nic("n", IPv4Interface("10.199.0.5/24"), None, port)
    with pytest.raises(ValueError, match=r"Neutron id|not usable"):
        _spec(nic, DATAPATH).validate()


def test_wired_nics_and_the_datapath_go_together() -> None:
    wired = Nic("n", IPv4Interface("10.199.0.5/24"), None, WIRED)
    plain = Nic("n", IPv4Interface("10.199.0.5/24"))
    for nic, datapath in ((wired, None), (plain, DATAPATH)):
        with pytest.raises(ValueError, match="datapath"):
            _spec(nic, datapath).validate()


def test_ssh_comes_from_the_bastion_address_when_the_spec_names_one() -> None:
    text = render([SshEntry("vm-x", "10.199.0.5", "ops", "gcf-abc", None, "10.250.0.10")], ip="ip", nc="nc")
    assert "    ProxyCommand ip netns exec gcf-abc nc -s 10.250.0.10 %h %p" in text
    assert "nc -s 10.250.0.10 %h %p" in ansible_ssh_common_args("gcf-abc", "10.250.0.10")
    assert "-s" not in render([SshEntry("vm-y", "10.0.0.5", "ops", "gcf-abc")], ip="ip", nc="nc")


def test_the_reconciler_stands_in_for_each_port_with_its_mac_and_mtu() -> None:
    server = ServerView(SERVER, "web", "ACTIVE")
    port = PortView(PORT, SERVER, NET, ((SUB, "10.199.0.5"),), "2026-12-01", WIRED.mac, 1450)
    subnet = SubnetView(SUB, "10.199.0.0/24", "10.199.0.1")
    desired = desired_hosts([server], [port], [subnet], {}, datapath=DATAPATH, ssh_source=BASTION)
    (spec,) = desired.specs.values()
    assert spec.datapath == DATAPATH
    assert spec.ssh_source == BASTION
    assert [nic.port for nic in spec.nics] == [WIRED]
    plain = desired_hosts([server], [port], [subnet], {})
    assert [nic.port for spec in plain.specs.values() for nic in spec.nics] == [None]
