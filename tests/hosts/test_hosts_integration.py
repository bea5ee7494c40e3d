"""Real hosts: SSH + sudo, per-host identity, ansible-runner and testinfra over SSH, clean teardown."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main
from govcloud.testing.hosts.fabric import netns_exists
from govcloud.testing.hosts.pytest_fixtures import TEST_CIDR, infra_host, inventory_for
from govcloud.testing.hosts.standins import nova, teardown_all
from govcloud.testing.hosts.standins.plan import host_name
from govcloud.testing.hosts.standins.reconciler import reconcile_once

if TYPE_CHECKING:
    from collections.abc import Callable

    from govcloud.testing.hosts.pytest_fixtures import NetnsHost
    from govcloud.testing.hosts.site import Site

pytestmark = [pytest.mark.root, pytest.mark.slow]

SYSCTL = "net.ipv4.conf.all.accept_redirects"
ROOT_SYSCTL = Path("/proc/sys/net/ipv4/conf/all/accept_redirects")
PLAYBOOK = """\
- name: Tiny hardening play
  hosts: all
  gather_facts: true
  tasks:
    - name: Marker file naming the host
      ansible.builtin.copy:
        dest: /etc/govcloud-marker
        content: "{{ inventory_hostname }} {{ ansible_facts['hostname'] }}\\n"
        mode: "0644"
    - name: Read ICMP redirect acceptance
      ansible.builtin.command: sysctl -n net.ipv4.conf.all.accept_redirects
      register: redirects
      changed_when: false
    - name: Refuse ICMP redirects (per-netns sysctl, live)
      ansible.builtin.command: sysctl -w net.ipv4.conf.all.accept_redirects=0
      when: redirects.stdout != "0"
      changed_when: true
"""


def ssh(h: NetnsHost, command: str) -> str:
    argv = ["ssh", "-F", str(h.ssh_config), h.name, command]
    return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=30).stdout


def test_two_hosts_ssh_sudo_and_own_identity(netns_host_factory: Callable[..., NetnsHost]) -> None:
    a, b = netns_host_factory(hostname="alpha"), netns_host_factory(hostname="beta")
    seen = {}
    for h, hostname in ((a, "alpha"), (b, "beta")):
        out = ssh(
            h, "sudo -n id -u; hostname; ip -4 -o addr show dev eth0; cat /etc/ssh/ssh_host_ed25519_key.pub"
        )
        uid, name, addr, hostkey = out.splitlines()
        assert uid == "0", f"{h.name}: sudo -n did not give root"
        assert name == hostname
        assert f" {h.address}/24 " in addr
        seen[h.name] = hostkey
    assert seen[a.name] != seen[b.name], "hosts share host keys"
    assert "root@alpha" in seen[a.name]
    # one L2 network: a reaches b's sshd directly
    assert "SSH-2.0" in ssh(a, f"timeout 3 bash -c 'exec 3<>/dev/tcp/{b.address}/22; head -c 7 <&3'")


def test_ansible_and_testinfra_over_ssh(
    netns_host_factory: Callable[..., NetnsHost], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ansible_runner  # noqa: PLC0415 - slow import, only here

    hosts = [netns_host_factory(), netns_host_factory()]
    root_value = ROOT_SYSCTL.read_text(encoding="utf-8")
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))  # noqa: PTH120
    (tmp_path / "project").mkdir()
    (tmp_path / "project/site.yml").write_text(PLAYBOOK, encoding="utf-8")
    env = {"ANSIBLE_PIPELINING": "True", "ANSIBLE_NOCOLOR": "1"}

    def play() -> dict[str, int]:
        r = ansible_runner.run(
            private_data_dir=str(tmp_path),
            playbook="site.yml",
            inventory=inventory_for(hosts),
            envvars=env,
            quiet=True,
            rotate_artifacts=2,
        )
        assert (r.status, r.rc) == ("successful", 0), r.stdout.read()
        return dict(r.stats["changed"])

    assert play() == {h.name: 2 for h in hosts}
    assert play() == {}, "second run must change nothing"
    for h in hosts:
        host = infra_host(h)
        marker = host.file("/etc/govcloud-marker")
        assert marker.exists
        assert marker.mode == 0o644
        assert marker.content_string == f"{h.name} {h.host.spec.effective_hostname}\n"
        assert host.sysctl(SYSCTL) == 0
    assert ROOT_SYSCTL.read_text(encoding="utf-8") == root_value, "host sysctl leaked into the root netns"


def test_kernel_sysctls_are_read_only_inside(netns_host: NetnsHost) -> None:
    proc = subprocess.run(
        [
            "ssh",
            "-F",
            str(netns_host.ssh_config),
            netns_host.name,
            "sudo -n sysctl -w kernel.kptr_restrict=2",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert proc.returncode != 0
    assert "kernel.kptr_restrict" in proc.stderr


def test_root_namespace_has_no_tenant_address_route_or_link(netns_host: NetnsHost) -> None:
    addrs = subprocess.run(["ip", "-4", "-j", "addr"], capture_output=True, text=True, check=True).stdout
    routes = subprocess.run(
        ["ip", "-4", "-j", "route", "show", "table", "all"], capture_output=True, text=True, check=True
    ).stdout
    net = TEST_CIDR.network
    from ipaddress import ip_address, ip_network  # noqa: PLC0415

    for iface in json.loads(addrs):
        for a in iface.get("addr_info", []):
            assert ip_address(a["local"]) not in net, f"tenant address {a['local']} on {iface['ifname']}"
    for r in json.loads(routes):
        dst = r.get("dst", "")
        if (dst and dst not in {"default", "broadcast"} and "/" in dst) or dst.count(".") == 3:
            assert not ip_network(dst, strict=False).overlaps(net), f"root netns route to {dst}"
    links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True, check=True).stdout
    assert "vh-" not in links
    assert "br0" not in links
    assert netns_host.address in netns_host.ssh_config.read_text(encoding="utf-8")


def test_teardown_leaves_nothing(hosts_site: Site, netns_host_factory: Callable[..., NetnsHost]) -> None:
    h = netns_host_factory()
    host = h.host
    merged = host.dir / "merged"
    assert host.sshd is not None
    assert host.unshare is not None
    assert netns_exists(host.netns)
    assert netns_exists(host.fabrics[0])
    assert hosts_site.destroy_host(h.name) is True
    assert hosts_site.destroy_host(h.name) is False, "destroy must be idempotent"
    assert not host.sshd.alive()
    assert not host.unshare.alive()
    assert not netns_exists(host.netns)
    assert not netns_exists(host.fabrics[0]), "fabric of the last host on a network must go"
    assert str(merged) not in Path("/proc/self/mountinfo").read_text(encoding="utf-8")
    assert not host.dir.exists()
    assert h.name not in hosts_site.ssh_config.read_text(encoding="utf-8")


def test_reconciler_stands_in_for_fake_servers(tmp_path: Path, hosts_site: Site) -> None:
    from govcloud.testing.hosts.site import Site as SiteCls  # noqa: PLC0415

    site = SiteCls(hosts_site.dir.parent / f"{hosts_site.dir.name}-standins")
    key = tmp_path / "id"
    subprocess.run(["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", str(key)], check=True)
    public = key.with_suffix(".pub").read_text(encoding="utf-8").strip()
    server = SimpleNamespace(id="f00d", name="Web #1", status="ACTIVE", key_name="alice", user_id="u-alice")
    fixed_ips = [{"subnet_id": "s1", "ip_address": "10.0.0.5"}]
    port = SimpleNamespace(
        id="p1",
        device_id="f00d",
        network_id="n1",
        created_at="",
        fixed_ips=fixed_ips,
        mac_address="fa:16:3e:00:00:05",
        is_port_security_enabled=True,
    )
    subnet = SimpleNamespace(id="s1", cidr="10.0.0.0/24", gateway_ip="10.0.0.1")
    keypair = SimpleNamespace(public_key=public)
    conn = SimpleNamespace(
        compute=SimpleNamespace(
            servers=lambda all_projects: [server] if all_projects else [],
            get_keypair=lambda _name, user_id=None: keypair if user_id == "u-alice" else None,
        ),
        network=SimpleNamespace(
            ports=lambda: [port],
            subnets=lambda: [subnet],
            networks=lambda: [SimpleNamespace(id="n1", mtu=1450)],
        ),
    )
    try:
        doc = reconcile_once(conn, site, nova.KeyCache(), "ops")
        assert doc["errors"] == []
        assert doc["problems"] == []
        [entry] = doc["hosts"]
        assert entry["server_id"] == "f00d"
        assert entry["hostname"] == "web-1"
        assert entry["running"]
        name = host_name("f00d")
        out = subprocess.run(
            ["ssh", "-F", str(site.ssh_config), "-i", str(key), name, "hostname; sudo -n id -u"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
        assert out.split() == ["web-1", "0"]
        assert reconcile_once(conn, site, nova.KeyCache(), "ops")["errors"] == []  # steady state: no churn
        server.status = "SHUTOFF"
        doc = reconcile_once(conn, site, nova.KeyCache(), "ops")
        assert doc["hosts"] == []
    finally:
        teardown_all(site.dir)
        assert site.list_hosts() == []
        shutil.rmtree(site.dir)


def test_the_cli_host_is_managed_from_the_ssh_source_it_names(hosts_site: Site, tmp_path: Path) -> None:
    """SEC-4: a host made by ``govcloud hosts up --ssh-source`` is managed from that bastion address."""
    key = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", str(key)], check=True)
    state = ["hosts", "--state-dir", str(hosts_site.dir)]
    address = f"{TEST_CIDR.ip + 240}/{TEST_CIDR.network.prefixlen}"
    up = [*state, "up", "cli-source", "--ip", address, "--network", "pytest", "--pubkey", f"{key}.pub"]
    assert main([*up, "--ssh-source", "10.250.0.10"]) == 2, "a source needs a gateway to be answered through"
    assert hosts_site.get_host("cli-source") is None, "a refused spec makes nothing"
    assert main([*up, "--gateway", str(TEST_CIDR.ip), "--ssh-source", "10.250.0.10"]) == 0
    try:
        host = hosts_site.get_host("cli-source")
        assert host is not None
        assert "nc -s 10.250.0.10 %h %p" in host.ssh_config.read_text(encoding="utf-8")
        argv = ["ssh", "-F", str(host.ssh_config), "-i", str(key), "cli-source", "printenv SSH_CONNECTION"]
        seen = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=30).stdout
        assert seen.split()[0] == "10.250.0.10", "the host sees management come from the bastion address"
    finally:
        assert main([*state, "down", "cli-source"]) == 0
