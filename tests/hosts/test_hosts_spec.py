"""Host specs are validated once; the state file round-trips them exactly."""

from ipaddress import IPv4Address, IPv4Interface

import pytest

from govcloud.testing.hosts.spec import HostSpec, Nic

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBlx20xfbAsN7bk2jO9okYJsL7VnNjVgzXVz0+P/ez9R me@box"


def spec(**kw: object) -> HostSpec:
    base: dict[str, object] = {
        "name": "web-1",
        "nics": (Nic("net", IPv4Interface("10.0.0.5/24"), IPv4Address("10.0.0.1")),),
        "authorized_keys": (KEY,),
    }
    base.update(kw)
    return HostSpec(**base)  # type: ignore[arg-type]


def test_valid_spec_round_trips() -> None:
    s = spec(hostname="www", identity_file="/k").validate()
    assert HostSpec.from_json(s.to_json()) == s
    assert s.effective_hostname == "www"
    assert str(s.address) == "10.0.0.5"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"name": "../x"}, "invalid name"),
        ({"hostname": "a;b"}, "hostname"),
        ({"login_user": "root;x"}, "login user"),
        ({"nics": ()}, "NICs"),
        ({"authorized_keys": (KEY + "\nssh-rsa AAAA evil",)}, "public key"),
        ({"authorized_keys": ('command="sh" ' + KEY,)}, "public key"),
        ({"nics": (Nic("n", IPv4Interface("10.0.0.0/24")),)}, "usable"),
        ({"nics": (Nic("n", IPv4Interface("10.0.0.5/31")),)}, "usable"),
        ({"nics": (Nic("n", IPv4Interface("10.0.0.5/24"), IPv4Address("10.9.0.1")),)}, "gateway"),
        ({"nics": (Nic("n", IPv4Interface("10.0.0.5/24"), IPv4Address("10.0.0.5")),)}, "gateway"),
        (
            {"nics": (Nic("n", IPv4Interface("10.0.0.5/24")), Nic("n", IPv4Interface("10.0.1.5/24")))},
            "same network",
        ),
    ],
)
def test_invalid_specs_are_refused(kw: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        spec(**kw).validate()


def test_fabric_address_is_gateway_else_last_free_address() -> None:
    assert (
        str(Nic("n", IPv4Interface("10.0.0.5/24"), IPv4Address("10.0.0.1")).fabric_address()) == "10.0.0.1/24"
    )
    assert str(Nic("n", IPv4Interface("10.0.0.5/24")).fabric_address()) == "10.0.0.254/24"
    assert str(Nic("n", IPv4Interface("10.0.0.254/24")).fabric_address()) == "10.0.0.253/24"


def test_identity_file_is_a_hint_not_part_of_equality() -> None:
    assert spec(identity_file="/a") == spec(identity_file="/b")
