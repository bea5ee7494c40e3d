"""The canary on real network-namespace hosts: a lockout stops at one host, a clean run goes canary first (SEC-10).

Each test gets a pristine fleet of three hosts (app, db, web; the canary is the first in sorted order,
the app host), an inventory written by ``govcloud.provisioning.inventory`` and the netns environment.
The lockout is the mistake a real operator makes: restricting sshd to named accounts
(``AllowUsers``) and forgetting the login user. ``sshd -t`` accepts it, the running connection keeps
working, and only a fresh login shows that nobody can get in again; the run must stop there, with the
other two hosts exactly as they were (file digests, no job event).
"""

from __future__ import annotations

import json
import subprocess
from ipaddress import IPv4Address, IPv4Interface
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from fleet_outputs import stack_outputs

from govcloud import paths
from govcloud.cli import main
from govcloud.hardening.canary import PROOF_TASK
from govcloud.hardening.settings import role_defaults
from govcloud.provisioning.inventory import write_inventory
from govcloud.testing.documents import write_authorisation
from govcloud.testing.hosts.pytest_fixtures import BASTION_SOURCE, TEST_CIDR, TEST_NETWORK
from govcloud.testing.hosts.spec import HostSpec, Nic

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from govcloud.testing.hosts.site import Site

pytestmark = [pytest.mark.root, pytest.mark.slow]
STACK = "canary-test"
REQUEST = "REQ-2026-0919"
VARS = paths.project_root() / "playbooks" / "environments" / "netns-hosts.yml"
APP_INGRESS = [{"port": 8080, "protocol": "tcp", "from": "web"}]
WATCHED = (
    "/etc/ssh/sshd_config",
    "/etc/login.defs",
    "/etc/pam.d/common-auth",
    "/etc/security/faillock.conf",
    "/etc/sudoers.d",
    "/etc/nftables.conf",
    "/etc/group",
)
"""What hardening rewrites on every host (sshd, ageing, PAM, faillock, sudo, firewall, groups)."""
DIGEST = (
    "sudo -n sh -c 'for f in " + " ".join(WATCHED) + "; do ls -la $f; cat $f/* $f; done 2>&1 | sha256sum'"
)


class Fleet:
    """Three pristine hosts, their inventory and the options ``govcloud harden`` gets for them."""

    def __init__(self, root: Path, site: Site, names: list[str], key: Path) -> None:
        """Keep the paths; the fixture writes the inventory and the authorisation."""
        self.root, self.site, self.names, self.key = root, site, names, key
        self.inventory = root / "inventories" / f"{STACK}.yml"
        self.reports = root / "reports"

    def argv(self, *extra: str, vars_file: Path = VARS) -> list[str]:
        """``govcloud harden`` for this fleet, as the main job calls it for a stack."""
        common = ["--inventory", str(self.inventory), "--ssh-config", str(self.site.ssh_config)]
        common += ["--private-key", str(self.key), "--vars", str(vars_file), "--reports", str(self.reports)]
        common += ["--authorisation", str(self.root / "authorisation.yaml")]
        return ["harden", STACK, *common, *extra]

    def ssh(self, name: str, command: str) -> subprocess.CompletedProcess[str]:
        """A fresh login as the operator (no connection sharing), running ``command``."""
        argv = ["ssh", "-F", str(self.site.ssh_config), "-i", str(self.key), "-o", "BatchMode=yes"]
        argv += ["-o", "ControlMaster=no", "-o", "ControlPath=none"]
        return subprocess.run(
            [*argv, f"ops@{name}", command], capture_output=True, text=True, check=False, timeout=30
        )

    def digest(self, name: str) -> str:
        """One digest over every file hardening would change on the host."""
        done = self.ssh(name, DIGEST)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def last_run(self) -> Path:
        """The newest run directory (summary.json, job events)."""
        return max((self.reports / "audit" / "harden").iterdir())

    def summary(self) -> dict[str, Any]:
        """The last run's summary.json."""
        document: dict[str, Any] = json.loads((self.last_run() / "summary.json").read_text(encoding="utf-8"))
        return document

    def events(self) -> list[dict[str, Any]]:
        """The last run's job events in the order Ansible emitted them."""
        files = (self.last_run() / "artifacts" / "run" / "job_events").glob("*.json")
        events = [json.loads(path.read_text(encoding="utf-8")) for path in files]
        return sorted(events, key=lambda event: int(event["counter"]))


@pytest.fixture
def fleet_factory(
    hosts_site: Site, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[int], Fleet]]:
    """Make a pristine three-host fleet from a block of addresses; every host is removed after the test."""
    created: list[str] = []

    def make(first: int) -> Fleet:
        root = tmp_path_factory.mktemp("canary-fleet")
        key = root / "id_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", str(key)], check=True)
        public = key.with_suffix(".pub").read_text(encoding="utf-8").strip()
        addresses = {}
        for offset, tier in enumerate(("app", "db", "web")):
            name = f"canary{first}-{tier}-1"
            address = IPv4Interface(
                f"{TEST_CIDR.network.network_address + first + offset}/{TEST_CIDR.network.prefixlen}"
            )
            nic = Nic(TEST_NETWORK, address, IPv4Address(TEST_CIDR.ip))
            spec = HostSpec(
                name=name,
                nics=(nic,),
                authorized_keys=(public,),
                identity_file=str(key),
                ssh_source=BASTION_SOURCE,
            )
            host = hosts_site.create_host(spec)
            created.append(host.name)
            addresses[host.name] = host.address
        fleet = Fleet(root, hosts_site, sorted(addresses), key)
        write_inventory(
            stack_outputs(addresses, system=STACK, request_id=REQUEST, declared={"app": APP_INGRESS}),
            STACK,
            root / "inventories",
        )
        write_authorisation(root / "authorisation.yaml", STACK, REQUEST, ["harden"])
        return fleet

    yield make
    for name in created:
        hosts_site.destroy_host(name)


def _lockout_vars(path: Path) -> Path:
    """The netns environment plus sshd restricted to named auditors, without the login user."""
    settings = {**role_defaults()["govcloud_hardening_sshd_settings"], "allowusers": "auditor1 auditor2"}
    document = {**yaml.safe_load(VARS.read_text("utf-8")), "govcloud_hardening_sshd_settings": settings}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_a_canary_that_locks_logins_out_stops_the_run_with_the_rest_untouched(
    fleet_factory: Callable[[int], Fleet], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = fleet_factory(220)
    canary, *rest = fleet.names
    before = {name: fleet.digest(name) for name in fleet.names}
    assert main(fleet.argv(vars_file=_lockout_vars(tmp_path / "lockout.yml"))) == 1
    out, err = capsys.readouterr()
    assert f"金丝雀 / canary: {canary} (first in sorted order) first; then 2 host(s)" in out
    assert f'金丝雀 / canary {canary}: failed, at "SEC-10 | 8.1.4.1b | Ensure a fresh login' in out
    for name in rest:
        assert f"   {name:24} untouched" in out
    [line, *details] = err.splitlines()
    assert line.startswith(f"govcloud harden: {canary}: 金丝雀主机 {canary} 加固未通过"), err
    assert f"其余 2 台主机未改动：{', '.join(rest)}" in line
    assert (
        f'the canary {canary} failed at "SEC-10 | 8.1.4.1b | Ensure a fresh login and sudo still work' in line
    )
    assert line.endswith(f"2 host(s) left untouched: {', '.join(rest)} [harden-canary-passed]"), line
    assert any("timed out waiting for" in detail for detail in details), err
    assert "Traceback" not in err

    summary = fleet.summary()
    assert summary["canary"]["host"] == canary
    assert summary["canary"]["outcome"] == "failed"
    assert summary["canary"]["failures"][0]["task"].startswith("SEC-10 | 8.1.4.1b | Ensure a fresh login")
    assert summary["untouched"] == rest
    assert summary["batches"] == [[canary], rest]
    assert summary["proved"] == []
    assert sorted(summary["hosts"]) == [canary], "Ansible's stats know only the canary"
    named = {event["event_data"].get("host") for event in fleet.events()}
    assert named - {None} == {canary}, "no job event names another host"

    assert fleet.ssh(canary, "true").returncode != 0, "the canary really is locked out: the proof was right"
    for name in rest:
        assert fleet.digest(name) == before[name], f"{name} was changed"
        assert "permitrootlogin no" not in fleet.ssh(name, "sudo -n cat /etc/ssh/sshd_config").stdout


def test_a_clean_fleet_hardens_the_canary_first_then_the_rest(
    fleet_factory: Callable[[int], Fleet], capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = fleet_factory(225)
    canary, *rest = fleet.names
    serve = "sudo -n sh -c 'setsid nohup python3 -m http.server 8080 >/dev/null 2>&1 < /dev/null &'"
    assert fleet.ssh(canary, serve).returncode == 0, "the app host serves its declared port 8080"
    assert main(fleet.argv()) == 0
    out = capsys.readouterr().out
    assert f"金丝雀 / canary: {canary} (first in sorted order) first; then 2 host(s)" in out
    assert (
        f"金丝雀 / canary {canary}: passed, a fresh login and the tier's listening service ports proved"
        in out
    )

    summary = fleet.summary()
    assert summary["canary"] == {"host": canary, "outcome": "passed", "failures": []}
    assert summary["proved"] == fleet.names, "every host logged in afresh after hardening"
    assert summary["untouched"] == []
    assert all(summary["hosts"][name]["changed"] > 20 for name in fleet.names), summary["hosts"]
    events = [event for event in fleet.events() if event["event_data"].get("host")]
    last_of_canary = max(e["counter"] for e in events if e["event_data"]["host"] == canary)
    first_of_rest = min(e["counter"] for e in events if e["event_data"]["host"] != canary)
    assert last_of_canary < first_of_rest, "the canary's tasks all finished before any other host's began"
    proofs = {
        e["event_data"]["host"]: e["event_data"]["res"]["msg"]
        for e in events
        if e["event"] == "runner_on_ok" and e["event_data"]["task"] == PROOF_TASK
    }
    assert proofs == {
        canary: "still listening: 22/tcp, 8080/tcp",
        **dict.fromkeys(rest, "still listening: 22/tcp"),
    }, "the declared service port that listened before still listens"
    for name in fleet.names:
        assert fleet.ssh(name, "sudo -n true").returncode == 0, f"{name}: the operator still logs in"
