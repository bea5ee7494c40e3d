"""GB/T 22239-2019 8.1.4.4 入侵防范 (intrusion prevention): SEC-10, SEC-3 (management from the bastion)."""

from __future__ import annotations

import re

import pytest

from govcloud.hardening import ruleset, serving
from govcloud.hardening.checks import Case, Check, cases, each_host
from govcloud.hardening.settings import PREFIX as P


def _nft(case: Case) -> str:
    return case.probe.text(case.probe.os()["nftables_conf"]) or ""


@cases(lambda s: [Check("SEC-10", "8.1.4.4a", name) for name in s[f"{P}packages_absent"]])
def test_package_absent(case: Case) -> None:
    installed = case.check.item in case.probe.packages()
    case.observed = f"{case.check.item}: {'installed' if installed else 'not installed'}"
    assert not installed, f"{case.check.item} is installed (clear-text or legacy remote service)"


@cases(lambda s: [Check("SEC-10", "8.1.4.4b", name) for name in s[f"{P}services_disabled"]])
def test_service_disabled(case: Case) -> None:
    if not case.probe.has_command("systemctl"):
        pytest.skip("no init system on this host: services are not started, so none can be enabled")
    service = case.probe.host.service(case.check.item)
    case.observed = f"{case.check.item} enabled={service.is_enabled} running={service.is_running}"
    assert not service.is_running, f"{case.check.item} is running"
    assert not service.is_enabled, f"{case.check.item} starts at boot"


@cases(lambda s: [Check("SEC-10", "8.1.4.4b", "listening-ports", s[f"{P}allowed_ports"])])
def test_listening_ports_allowed(case: Case) -> None:
    allowed = {(entry["port"], entry["protocol"]) for entry in case.check.expected}
    _, out = case.probe.run("ss -H -tuln")
    listening = serving.sockets(out)
    unexpected = sorted(listening - allowed)
    case.observed = f"listening {sorted(listening)}; allowed {sorted(allowed)}"
    assert not unexpected, f"listening outside the tier's allowlist: {unexpected}"


def _firewall_ports(s: dict[str, object]) -> list[Check]:
    entries = s[f"{P}allowed_ports"]
    assert isinstance(entries, list)
    clause = {"bastion": ("SEC-3", "8.1.4.4c")}
    return [
        Check(*clause.get(e["from"], ("SEC-10", "8.1.4.4b")), f"{e['port']}/{e['protocol']}", e)
        for e in entries
    ]


@cases(_firewall_ports)
def test_firewall_admits_port(case: Case) -> None:
    entry = case.check.expected
    rule = rf"{entry['protocol']} dport {entry['port']} accept"
    lines = [line.strip() for line in _nft(case).splitlines() if re.search(rf"\b{rule}\b", line)]
    case.observed = lines[0] if lines else f"no rule for {case.check.item}"
    assert lines, f"the host firewall does not admit {case.check.item}"
    if entry["from"] == "bastion":
        cidrs = case.settings[f"{P}bastion_cidrs"]
        assert cidrs, "no bastion networks are configured: management cannot be restricted"
        assert all(line.startswith("ip saddr { " + ", ".join(cidrs) + " }") for line in lines), (
            f"{case.check.item} is open to sources other than the bastion {cidrs}"
        )


@each_host(Check("SEC-3", "8.1.4.4c", "input-policy-drop"))
def test_firewall_drops_by_default(case: Case) -> None:
    text = _nft(case)
    match = re.search(r"type filter hook input priority \S+; policy (\w+);", text)
    case.observed = match.group(0) if match else "no input chain"
    assert match, "no host firewall input chain"
    assert match.group(1) == "drop", "the host firewall accepts what it does not name"


@each_host(Check("SEC-3", "8.1.4.4c", "firewall-loaded"))
def test_firewall_loaded(case: Case) -> None:
    """The kernel enforces the written allowlist, nothing more, nothing less (the checks above read the file).

    A rule added by hand, a flushed table, a missing port, an accepting policy or a host that forwards
    is each named here.
    """
    _, listing = case.probe.run("nft -j list table inet govcloud")
    found = ruleset.differences(
        listing, case.settings[f"{P}allowed_ports"], case.settings[f"{P}bastion_cidrs"]
    )
    case.observed = "; ".join(found) or "the loaded firewall admits exactly the allowlist"
    assert not found, f"the loaded firewall is not the written allowlist: {'; '.join(found)}"


def _sysctl_file(s: dict[str, object]) -> list[Check]:
    values = s[f"{P}sysctl"]
    assert isinstance(values, dict)
    return [
        Check("SEC-11" if k.startswith(("fs.", "kernel.core")) else "SEC-10", "8.1.4.4", k, v)
        for k, v in values.items()
    ]


@cases(_sysctl_file)
def test_kernel_parameter_written(case: Case) -> None:
    text = case.probe.text("/etc/sysctl.d/90-govcloud.conf") or ""
    match = re.search(rf"^\s*{re.escape(case.check.item)}\s*=\s*(.+?)\s*$", text, re.MULTILINE)
    case.observed = match.group(0) if match else f"{case.check.item} not written"
    assert match, f"{case.check.item} is not set for boot"
    assert match.group(1) == str(case.check.expected)


def _sysctl_live(s: dict[str, object]) -> list[Check]:
    values = s[f"{P}sysctl"]
    assert isinstance(values, dict)
    return [Check("SEC-10", "8.1.4.4", k, v) for k, v in values.items() if k.startswith("net.")]


@cases(_sysctl_live)
def test_network_parameter_live(case: Case) -> None:
    value = case.probe.sysctl(case.check.item)
    case.observed = f"{case.check.item} = {value}"
    assert str(value) == str(case.check.expected), f"{case.check.item} is {value} now"
