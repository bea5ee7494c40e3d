"""The role's lockout guard: only a session from the bastion networks may load the firewall (SEC-3, SEC-10).

On real hosts: ``test_harden_audit_hosts.py`` (the ruleset loaded, SSH refused from outside the
bastion) and ``test_canary_hosts.py`` (a run from outside the bastion changes nothing).
"""

from __future__ import annotations

import pytest

from govcloud.hardening.management import admitted, session_source

BASTION = ["10.250.0.0/24", "192.0.2.0/28"]


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("10.250.0.10 51514 10.213.0.200 22", "10.250.0.10"),
        ("fd00::7 40000 fd00::1 22", "fd00::7"),
        ("", ""),
        ("   ", ""),
        ("not-an-address 1 2 3", ""),
        ("$(reboot) 1 2 3", ""),
    ],
)
def test_the_session_source_is_the_client_address_or_nothing(value: str, source: str) -> None:
    assert session_source(value) == source


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("10.250.0.10", True),
        ("192.0.2.15", True),
        ("192.0.2.16", False),
        ("10.213.0.1", False),
        ("", False),
        ("fd00::7", False),
    ],
)
def test_only_a_source_inside_the_bastion_networks_is_admitted(source: str, *, expected: bool) -> None:
    assert admitted(source, BASTION) is expected


def test_no_bastion_network_admits_nobody() -> None:
    assert not admitted("10.250.0.10", [])
