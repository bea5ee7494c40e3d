"""Harden -> audit on real network-namespace hosts, as the auditor replays it (SEC-4, SEC-7, SEC-10).

Two hosts (a web and a db tier) under an inventory written by ``govcloud.provisioning.inventory`` from outputs
shaped like a stack's, reached through the fabric's ssh_config: the pristine hosts fail with the
expected requirement IDs, hardening makes them pass, a second run changes nothing, a tampered
setting is caught with its clause, and waivers show as waived (expired ones fail).
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from fleet_outputs import stack_outputs

from govcloud import paths
from govcloud.cli import main
from govcloud.hardening import evidence
from govcloud.hardening.settings import role_defaults
from govcloud.provisioning.inventory import write_inventory
from govcloud.testing.documents import write_authorisation
from govcloud.testing.hosts.fabric import tcp_open
from govcloud.testing.hosts.pytest_fixtures import BASTION_SOURCE, TEST_CIDR, TEST_NETWORK
from govcloud.testing.hosts.spec import HostSpec, Nic

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from govcloud.testing.hosts.site import Site

pytestmark = [pytest.mark.root, pytest.mark.slow]
STACK = "hardening-test"
VARS = paths.project_root() / "playbooks" / "environments" / "netns-hosts.yml"
SCREENSHOT = paths.project_root() / "reports" / "hardening" / "audit-report.png"
DB_INGRESS = [{"port": 5432, "protocol": "tcp", "from": "app"}]
BASTION_NETWORK = "10.250.0.0/24"
# A workload's own firewall (a container runtime's, say) that accepts everything: hardening keeps it,
# and it cannot open what the govcloud table drops.
WORKLOAD_TABLE = (
    "table inet workload { chain input { type filter hook input priority 10; policy accept; accept; }; }"
)


class Fleet:
    """The hosts, their inventory and the options every command of this module gets."""

    def __init__(self, root: Path, site: Site, names: dict[str, str], key: Path) -> None:
        """Keep the paths; the inventory is written by the fixture."""
        self.root, self.site, self.names, self.key = root, site, names, key
        self.inventory = root / "inventories" / f"{STACK}.yml"
        self.reports = root / "reports"
        self.root_ruleset = _root_ruleset()

    def reaches(self, name: str, source: str | None) -> bool:
        """Whether the host's SSH port answers from ``source`` (None: the network's gateway, no bastion)."""
        host = self.site.get_host(name)
        assert host is not None
        return tcp_open(host.fabrics[0], host.address, 22, source)

    def state(self, name: str) -> str:
        """Digests of the files the role writes first and last, and the firewall the kernel enforces."""
        files = "/etc/login.defs /etc/ssh/sshd_config /etc/nftables.conf /etc/security/faillock.conf"
        listed = self.ssh(name, f"sudo -n sha256sum {files}; sudo -n nft list ruleset")
        assert listed.returncode == 0, listed.stderr
        return listed.stdout

    def argv(self, command: str, *extra: str) -> list[str]:
        """``govcloud <command>`` against this fleet, as the main job calls it for a stack."""
        common = ["--inventory", str(self.inventory), "--ssh-config", str(self.site.ssh_config)]
        common += ["--private-key", str(self.key), "--vars", str(VARS), "--reports", str(self.reports)]
        common += ["--authorisation", str(self.root / "authorisation.yaml")]
        return [command, STACK, *common, *extra]

    def ssh(self, name: str, command: str, user: str = "ops") -> subprocess.CompletedProcess[str]:
        """Run a command on a host as ``user`` with the fleet's key."""
        argv = ["ssh", "-F", str(self.site.ssh_config), "-i", str(self.key), "-o", "BatchMode=yes"]
        return subprocess.run(
            [*argv, f"{user}@{name}", command], capture_output=True, text=True, check=False, timeout=30
        )

    def evidence(self) -> dict[str, Any]:
        """The last audit's evidence document."""
        document: dict[str, Any] = json.loads((self.reports / "audit" / "evidence.json").read_text("utf-8"))
        return document


@pytest.fixture(scope="module")
def fleet(hosts_site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    root = tmp_path_factory.mktemp("fleet")
    key = root / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", str(key)], check=True)
    public = key.with_suffix(".pub").read_text(encoding="utf-8").strip()
    addresses = {"hardening-web-1": "200", "hardening-db-1": "201"}
    created = []
    for name, last in addresses.items():
        address = IPv4Interface(
            f"{TEST_CIDR.network.network_address + int(last)}/{TEST_CIDR.network.prefixlen}"
        )
        spec = HostSpec(
            name=name,
            nics=(Nic(TEST_NETWORK, address, IPv4Address(TEST_CIDR.ip)),),
            authorized_keys=(public,),
            identity_file=str(key),
            ssh_source=BASTION_SOURCE,
        )
        created.append(hosts_site.create_host(spec))
    fleet = Fleet(root, hosts_site, {h.name: h.address for h in created}, key)
    workload = fleet.ssh("hardening-web-1", f"sudo -n nft -f - <<'EOF'\n{WORKLOAD_TABLE}\nEOF")
    assert workload.returncode == 0, workload.stderr
    outputs = stack_outputs(
        fleet.names, system=STACK, request_id="REQ-2026-0042", declared={"db": DB_INGRESS}
    )
    write_inventory(outputs, STACK, root / "inventories")
    write_authorisation(root / "authorisation.yaml", STACK, "REQ-2026-0042", ["harden", "audit"])
    yield fleet
    for host in created:
        hosts_site.destroy_host(host.name)


def _root_ruleset() -> str:
    return subprocess.run(["nft", "list", "ruleset"], capture_output=True, text=True, check=True).stdout


def _failed(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in document["results"] if r["result"] == "failed"]


def test_pristine_hosts_fail_with_the_expected_requirements(fleet: Fleet) -> None:
    assert main(fleet.argv("audit")) == 1
    document = fleet.evidence()
    failed = _failed(document)
    assert {r["requirement"] for r in failed} == {"SEC-3", "SEC-4", "SEC-7", "SEC-10", "SEC-11"}
    ids = {r["test_id"] for r in failed}
    for host in fleet.names:
        assert f"{host}:SEC-4:GB/T22239-2019-8.1.4.1c:permitrootlogin" in ids
        assert f"{host}:SEC-10:GB/T22239-2019-8.1.4.1a:minlen" in ids
        assert f"{host}:SEC-4:GB/T22239-2019-8.1.4.2d:no-per-user-sudo" in ids
        assert f"{host}:SEC-7:GB/T22239-2019-8.1.4.3a:/etc/shadow" in ids
    assert evidence.verify(fleet.reports / "audit" / "evidence.json") == []
    assert main(["audit", STACK, "--reports", str(fleet.reports), "--verify"]) == 0
    assert document["authorisation"]["documentNo"] == f"TEST-AUTH-{STACK}", (
        "the audit names its SEC-5 authority"
    )
    assert document["authorisation"]["action"] == "audit"
    for name in fleet.names:
        assert fleet.reaches(name, None), "before hardening, SSH answers any address of the network"


def test_harden_makes_every_check_pass(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(fleet.argv("harden")) == 0
    out = capsys.readouterr().out
    assert "SEC-4 | 8.1.4.1c | Ensure sshd permits keys only" in out
    assert re.search(r"changed +hardening-web-1", out), "each changed host is streamed"
    runs = sorted((fleet.reports / "audit" / "harden").iterdir())
    summary = json.loads((runs[-1] / "summary.json").read_text(encoding="utf-8"))
    assert summary["changed"] > 20 * len(fleet.names)
    assert summary["authorisation"]["action"] == "harden", "each run keeps the SEC-5 authority it acted under"
    events = list((runs[-1] / "artifacts" / "run" / "job_events").glob("*.json"))
    assert len(events) > 100, "the run's job events are kept for the auditor"
    assert main(fleet.argv("audit")) == 0
    document = fleet.evidence()
    assert _failed(document) == []
    total = document["summary"]["total"]
    assert total["passed"] > 100 * len(fleet.names)
    skipped = [r for r in document["results"] if r["result"] == "not_applicable"]
    assert skipped, "checks that cannot run here are counted, not passed"
    assert all(r["output"] for r in skipped), "every not-applicable check says why"


def test_second_harden_changes_nothing(fleet: Fleet) -> None:
    assert main(fleet.argv("harden")) == 0
    last = max((fleet.reports / "audit" / "harden").iterdir())
    summary = json.loads((last / "summary.json").read_text(encoding="utf-8"))
    assert summary["changed"] == 0, summary["hosts"]


def test_an_invalid_sshd_setting_fails_the_host_and_keeps_the_file(
    fleet: Fleet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fleet.ssh("hardening-db-1", "sudo -n sha256sum /etc/ssh/sshd_config").stdout
    bad = tmp_path / "bad.yml"
    settings = {**role_defaults()["govcloud_hardening_sshd_settings"], "permitrootlogin": "sometimes"}
    bad.write_text(
        yaml.safe_dump(
            {**yaml.safe_load(VARS.read_text("utf-8")), "govcloud_hardening_sshd_settings": settings}
        )
    )
    argv = fleet.argv("harden", "--limit", "hardening-db-1", "--tags", "ssh")
    argv[argv.index("--vars") + 1] = str(bad)
    assert main(argv) == 1, "a failed host makes the run fail"
    out = capsys.readouterr()
    assert re.search(r"failed +hardening-db-1 failed to validate", out.out)
    assert "hardening failed: hardening-db-1" in out.err
    assert fleet.ssh("hardening-db-1", "sudo -n sha256sum /etc/ssh/sshd_config").stdout == before
    assert fleet.ssh("hardening-db-1", "true").returncode == 0, "sshd still serves with the old file"


def test_hardened_hosts_still_serve_ssh_and_refuse_root(fleet: Fleet) -> None:
    for name in fleet.names:
        ok = fleet.ssh(name, "sudo -n id -u; id -nG")
        assert ok.returncode == 0, ok.stderr
        uid, groups = ok.stdout.splitlines()
        assert uid == "0"
        assert "govcloud_sysadmin" in groups.split()
        assert "root@" not in fleet.ssh(name, "sudo -n cat /etc/sudoers.d/10-govcloud-roles").stdout
        root = fleet.ssh(name, "true", user="root")
        assert root.returncode != 0, "root logs in over SSH after hardening"


def test_the_loaded_firewall_admits_ssh_from_the_bastion_only(fleet: Fleet) -> None:
    for name in fleet.names:
        assert fleet.reaches(name, str(BASTION_SOURCE)), "management from the bastion still logs in"
        assert not fleet.reaches(name, None), "SSH from the network's gateway, not a bastion, is dropped"
        listed = fleet.ssh(name, "sudo -n nft list table inet govcloud").stdout
        assert "policy drop;" in listed
        assert f"ip saddr {BASTION_NETWORK} tcp dport 22 accept" in listed


def test_a_run_from_outside_the_bastion_changes_nothing(
    fleet: Fleet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere.yml"
    settings = {
        **yaml.safe_load(VARS.read_text("utf-8")),
        "govcloud_hardening_bastion_cidrs": ["192.0.2.0/24"],
    }
    elsewhere.write_text(yaml.safe_dump(settings), encoding="utf-8")
    before = {name: fleet.state(name) for name in fleet.names}
    argv = fleet.argv("harden")
    argv[argv.index("--vars") + 1] = str(elsewhere)
    assert main(argv) == 1
    out = capsys.readouterr()
    assert f"this session comes from {BASTION_SOURCE}, outside the bastion networks" in out.out + out.err
    assert {name: fleet.state(name) for name in fleet.names} == before, "nothing changed on any host"
    assert all(fleet.reaches(name, str(BASTION_SOURCE)) for name in fleet.names)


def test_a_changed_loaded_firewall_fails_the_audit_and_the_next_run_repairs_it(fleet: Fleet) -> None:
    by_hand = "sudo -n nft add rule inet govcloud input tcp dport 3389 accept"
    assert fleet.ssh("hardening-web-1", by_hand).returncode == 0
    routes = "sudo -n nft chain inet govcloud forward '{ policy accept; }'"
    assert fleet.ssh("hardening-web-1", routes).returncode == 0
    assert fleet.ssh("hardening-db-1", "sudo -n nft delete table inet govcloud").returncode == 0
    assert fleet.reaches("hardening-db-1", None), "the flushed host is open again"
    assert main(fleet.argv("audit")) == 1
    failed = _failed(fleet.evidence())
    web = [r for r in failed if r["host"] == "hardening-web-1"]
    assert [r["item"] for r in web] == ["firewall-loaded"], (
        "the written file is right: only the kernel differs"
    )
    assert "admits 3389/tcp from anywhere, which the allowlist lacks" in web[0]["output"]
    assert "the forward chain's policy is accept, not drop" in web[0]["output"]
    db = [r for r in failed if r["host"] == "hardening-db-1"]
    assert [r["item"] for r in db] == ["firewall-loaded"], (
        "the written file is right: only the kernel differs"
    )
    assert "the govcloud table is not loaded" in db[0]["output"]
    assert main(fleet.argv("harden", "--tags", "firewall")) == 0
    repaired = fleet.ssh("hardening-web-1", "sudo -n nft list table inet govcloud").stdout
    assert "3389" not in repaired
    assert "policy accept" not in repaired
    assert not fleet.reaches("hardening-db-1", None)
    assert main(fleet.argv("audit")) == 0
    assert main(fleet.argv("harden", "--tags", "firewall")) == 0
    last = max((fleet.reports / "audit" / "harden").iterdir())
    assert json.loads((last / "summary.json").read_text(encoding="utf-8"))["changed"] == 0, "repaired once"


def test_a_workloads_own_table_outlives_hardening_and_repair(fleet: Fleet) -> None:
    listed = fleet.ssh("hardening-web-1", "sudo -n nft list table inet workload")
    assert listed.returncode == 0, "the role replaced only its own table"
    assert "policy accept;" in listed.stdout
    assert not fleet.reaches("hardening-web-1", None), "an accepting table elsewhere opens nothing"


def test_tier_profiles_and_declared_ingress_reach_the_firewall(fleet: Fleet) -> None:
    web = fleet.ssh("hardening-web-1", "sudo -n cat /etc/nftables.conf").stdout
    db = fleet.ssh("hardening-db-1", "sudo -n cat /etc/nftables.conf").stdout
    assert "tcp dport 443 accept" in web
    assert "tcp dport 5432 accept" in db
    assert "tcp dport 3306" not in db, "the declared ingress replaces the db profile's default ports"
    assert "ip saddr { 10.250.0.0/24 } tcp dport 22 accept" in web
    assert "noexec" in fleet.ssh("hardening-web-1", "grep ' /tmp ' /etc/fstab").stdout
    assert "noexec" not in fleet.ssh("hardening-db-1", "grep ' /tmp ' /etc/fstab").stdout


def test_tampered_setting_is_caught_with_its_clause(fleet: Fleet) -> None:
    tamper = "sudo -n sed -i 's/^permitrootlogin no$/PermitRootLogin yes/' /etc/ssh/sshd_config"
    assert fleet.ssh("hardening-web-1", tamper).returncode == 0
    assert main(fleet.argv("audit")) == 1
    failed = _failed(fleet.evidence())
    assert [(r["host"], r["requirement"], r["clause"], r["item"]) for r in failed] == [
        ("hardening-web-1", "SEC-4", "8.1.4.1c", "permitrootlogin")
    ]
    assert "PermitRootLogin" in failed[0]["output"] or "yes" in failed[0]["output"]


def _waivers(path: Path, expires: str) -> Path:
    document = {
        "apiVersion": "govcloud-iac/v1",
        "kind": "HardeningWaivers",
        "waivers": [
            {
                "id": "HWV-2026-001",
                "host": "hardening-web-*",
                "check": "SEC-4:GB/T22239-2019-8.1.4.1c:permitrootlogin",
                "justification": {
                    "zh": "迁移期间供应商工具需以 root 登录，堡垒机全程录像",
                    "en": "the vendor's migration tool logs in as root; the bastion records every session",
                },
                "requester": "王敏",
                "approver": "黄静",
                "approved": "2026-01-01",
                "expires": expires,
            }
        ],
    }
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_waiver_shows_waived_and_expired_one_fails(fleet: Fleet, tmp_path: Path) -> None:
    today = datetime.now(tz=UTC).date()
    active = _waivers(tmp_path / "active.yml", (today + timedelta(days=30)).isoformat())
    assert main(fleet.argv("audit", "--waivers", str(active))) == 0
    document = fleet.evidence()
    [line] = [
        r for r in document["results"] if r["item"] == "permitrootlogin" and r["host"] == "hardening-web-1"
    ]
    assert line["result"] == "waived"
    assert line["waiver"]["status"] == "active"
    assert document["summary"]["total"]["waived"] == 1
    expired = _waivers(tmp_path / "expired.yml", (today - timedelta(days=1)).isoformat())
    assert main(fleet.argv("audit", "--waivers", str(expired))) == 1
    [line] = [r for r in fleet.evidence()["results"] if r["result"] == "failed"]
    assert line["waiver"]["status"] == "expired"


def test_report_in_headless_chromium_matches_the_evidence(
    fleet: Fleet, headless_chromium: Callable[[Path, Path, str], str]
) -> None:
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    dom = headless_chromium(fleet.reports / "audit" / "report.html", SCREENSHOT, "1280,1600")
    assert SCREENSHOT.stat().st_size > 20_000
    figures = dict(re.findall(r'data-figure="(\w+)">(\d+)<', dom))
    total = fleet.evidence()["summary"]["total"]
    assert figures == {
        key: str(total[key]) for key in ("checks", "hosts", "passed", "failed", "waived", "not_applicable")
    }
    verdict = "不符合 / NOT COMPLIANT" if total["failed"] else "符合 / compliant"
    assert f'data-figure="verdict">{verdict}<' in dom


def test_restore_then_root_namespace_untouched(fleet: Fleet) -> None:
    kernel_before = Path("/proc/sys/kernel/kptr_restrict").read_text(encoding="utf-8")
    assert main(fleet.argv("harden", "--limit", "hardening-web-1", "--tags", "ssh")) == 0, "harden repairs it"
    assert main(fleet.argv("audit")) == 0
    assert Path("/proc/sys/kernel/kptr_restrict").read_text(encoding="utf-8") == kernel_before
    written = fleet.ssh("hardening-web-1", "cat /etc/sysctl.d/90-govcloud.conf").stdout
    assert "kernel.kptr_restrict = 2" in written, "kernel.* values are written for boot, never applied here"
    assert _root_ruleset() == fleet.root_ruleset, "the hosts' firewalls load in their own namespaces"
    masters = [p for p in Path("/proc").glob("[0-9]*/cmdline") if b"govcloud-audit-ssh-" in _read(p)]
    assert masters == [], "the audit leaves no SSH master connection behind"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
