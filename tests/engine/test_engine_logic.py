"""The engine layer's own logic, without an engine or a cloud: summaries, recovery, observation, keys.

The integration suites run all of this for real; these pin the decisions (which lock is stale, which
pending create matches which cloud object, what counts as a difference from the plan) case by case.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from openstack.exceptions import NotFoundException

from govcloud.catalogue.model import load_default
from govcloud.engine import observed, recovery
from govcloud.engine.language_host import exit_outcome, package_dependencies
from govcloud.engine.provision import Provisioning
from govcloud.engine.runner import summary
from govcloud.loader import load_path
from govcloud.provisioning import settings, tags
from govcloud.provisioning.ops_key import ensure_local_key
from govcloud.provisioning.plan import build_plan

REPO = Path(__file__).resolve().parents[2]
RULE = "openstack:networking/secGroupRule:SecGroupRule"


def test_summary_reads_the_last_summary_event(tmp_path: Path) -> None:
    log = tmp_path / "up.jsonl"
    events = [
        {"sequence": 1, "preludeEvent": {}},
        {
            "sequence": 9,
            "summaryEvent": {"resourceChanges": {"create": 53}, "durationSeconds": 25, "isPreview": False},
        },
    ]
    log.write_text("\n".join(json.dumps(e) for e in events), encoding="utf-8")
    done = summary(log)
    assert done is not None
    assert (done.changes, done.seconds, done.preview) == ({"create": 53}, 25.0, False)
    assert done.describe() == "53 create"
    assert done.count("create", "update") == 53
    assert summary(tmp_path / "none.jsonl") is None


def test_a_lock_of_a_dead_process_on_this_host_is_stale(tmp_path: Path) -> None:
    locks = tmp_path / ".pulumi" / "locks" / "organization" / "govcloud" / "gov-portal"
    locks.mkdir(parents=True)
    dead = subprocess.run(["true"], check=True)
    finished = subprocess.Popen(["true"])
    finished.wait()
    cases = {
        "dead.json": {"pid": finished.pid, "hostname": socket.gethostname()},
        "alive.json": {"pid": os.getpid(), "hostname": socket.gethostname()},
        "elsewhere.json": {"pid": finished.pid, "hostname": "another-machine"},
    }
    for name, owner in cases.items():
        (locks / name).write_text(json.dumps(owner), encoding="utf-8")
    (locks / "garbled.json").write_text("{", encoding="utf-8")
    assert dead.returncode == 0
    found = recovery.lock_files({"PULUMI_BACKEND_URL": tmp_path.as_uri()}, "govcloud", "gov-portal")
    assert {path.name: recovery.stale(path) for path in found} == {
        "alive.json": False,
        "dead.json": True,
        "elsewhere.json": False,
        "garbled.json": False,
    }
    assert recovery.lock_files({"PULUMI_BACKEND_URL": "s3://bucket"}, "govcloud", "gov-portal") == []


@dataclass
class Item:
    """An openstacksdk object: attributes only."""

    id: str
    name: str = ""
    tags: list[str] = field(default_factory=list)
    fixed_ips: list[dict[str, str]] = field(default_factory=list)
    direction: str = "ingress"
    ether_type: str = "IPv4"
    protocol: str | None = "tcp"
    port_range_min: int | None = None
    port_range_max: int | None = None
    remote_ip_prefix: str | None = None
    remote_group_id: str | None = None


class FakeNetwork:
    """The few list calls recovery makes, over fixed objects."""

    def __init__(self, rules: list[Item], ports: list[Item]) -> None:
        """Hold the objects."""
        self.rules, self.port_list = rules, ports

    def security_group_rules(self, security_group_id: str) -> list[Item]:
        """Rules of one group."""
        return self.rules if security_group_id == "sg-1" else []

    def ports(self, **filters: Any) -> list[Item]:
        """Ports by name (and network)."""
        return [p for p in self.port_list if p.name == filters.get("name")]


class FakeConn:
    """Just ``conn.network``."""

    def __init__(self, network: FakeNetwork) -> None:
        """Hold the network proxy."""
        self.network = network


def _pending(urn: str, typ: str, inputs: dict[str, Any]) -> dict[str, Any]:
    return {"type": "creating", "resource": {"urn": urn, "type": typ, "inputs": inputs}}


def test_pending_creates_are_located_by_what_the_engine_sent() -> None:
    rule_inputs = {
        "securityGroupId": "sg-1",
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "portRangeMin": 443.0,
        "portRangeMax": 443.0,
        "remoteIpPrefix": "59.202.0.0/16",
    }
    conn = FakeConn(
        FakeNetwork(
            rules=[
                Item("rule-80", port_range_min=80, port_range_max=80, remote_ip_prefix="59.202.0.0/16"),
                Item("rule-443", port_range_min=443, port_range_max=443, remote_ip_prefix="59.202.0.0/16"),
            ],
            ports=[Item("port-old", name="web-1-port"), Item("port-new", name="web-1-port")],
        )
    )
    deployment = {
        "resources": [{"urn": "urn:old-port", "id": "port-old", "type": "openstack:networking/port:Port"}],
        "pending_operations": [
            _pending("urn:rule", RULE, rule_inputs),
            _pending("urn:port", "openstack:networking/port:Port", {"name": "web-1-port", "networkId": "n"}),
            _pending("urn:gone", RULE, {**rule_inputs, "portRangeMin": 22.0, "portRangeMax": 22.0}),
            _pending("urn:unknown", "openstack:dns/zone:Zone", {"name": "x"}),
            {"type": "updating", "resource": {"urn": "urn:u", "type": RULE, "inputs": {}}},
        ],
    }
    assert [r["urn"] for r in recovery.pending_creates(deployment)] == [
        "urn:rule",
        "urn:port",
        "urn:gone",
        "urn:unknown",
    ]
    found, missing = recovery.locate(conn, deployment)
    assert found == {"urn:rule": "rule-443", "urn:port": "port-new"}  # port-old is already in the state
    assert missing == ["urn:gone", "urn:unknown"]


def test_every_kind_the_stacks_create_can_be_found_and_undone() -> None:
    assert set(recovery.FINDERS) == set(recovery.DELETERS)
    # Dependants are undone before what they depend on.
    order = recovery.ORDER
    assert order.index("openstack:compute/volumeAttach:VolumeAttach") < order.index(
        "openstack:compute/instance:Instance"
    )
    assert order.index("openstack:compute/instance:Instance") < order.index("openstack:networking/port:Port")
    assert order.index("openstack:networking/port:Port") < order.index("openstack:networking/network:Network")


def _plan(stack: str) -> Any:
    return build_plan(load_path(settings.read(REPO, stack).request).data, load_default())


def _as_planned(plan: Any) -> observed.Observed:
    found = observed.Observed()
    for server in plan.servers:
        found.servers[server.name] = observed.ObservedServer(
            server.name,
            "ACTIVE",
            server.flavor,
            server.image,
            observed.keypair_name(plan.system),
            ("10.0.0.5",),
            (),
            tuple(sorted(tags.server_metadata(plan, server).items())),
        )
        for volume in server.volumes:
            found.volumes[volume.name] = observed.ObservedVolume(
                volume.name,
                "in-use",
                volume.size_gib,
                volume.volume_type,
                (server.name,),
                tuple(sorted(tags.volume_metadata(plan, server, volume).items())),
            )
    found.networks, found.subnets, found.routers = (
        [f"{plan.system}-net"],
        [f"{plan.system}-subnet"],
        [f"{plan.system}-router"],
    )
    found.security_groups = {f"{plan.system}-{tier}": 4 for tier in plan.tiers}
    found.rules = observed.planned_signatures(plan)
    found.ports = [f"{s.name}-port" for s in plan.servers]
    found.floating_ips = [f"203.0.113.{i}" for i, s in enumerate(plan.servers) if s.floating_ip]
    found.keypairs = [observed.keypair_name(plan.system)]
    return found


def test_the_cloud_as_planned_has_no_differences() -> None:
    plan = _plan("gov-portal")
    assert observed.differences(_as_planned(plan), plan) == []


def test_metadata_changed_by_hand_is_named() -> None:
    """The level a server says it has, and a ``govcloud.*`` key the stack never set, are differences.

    A tenant's own keys are not: they say nothing about whose the server is or what was approved.
    """
    plan = _plan("gov-portal")
    seen = _as_planned(plan)
    web = plan.servers[0]
    held = dict(seen.servers[web.name].metadata) | {
        tags.LEVEL: "1",
        "govcloud.owner": "someone",
        "backup-agent": "on",
    }
    seen.servers[web.name] = dataclasses.replace(seen.servers[web.name], metadata=tuple(sorted(held.items())))
    volume = web.volumes[0]
    seen.volumes[volume.name] = dataclasses.replace(
        seen.volumes[volume.name],
        metadata=tuple((k, v) for k, v in seen.volumes[volume.name].metadata if k != tags.REQUEST_DIGEST),
    )
    assert observed.differences(seen, plan) == [
        f"server {web.name} has metadata {tags.LEVEL}='1', planned '{plan.level}'",
        f"server {web.name} has metadata govcloud.owner='someone', which the stack never set",
        f"volume {volume.name} has metadata {tags.REQUEST_DIGEST}=None, planned {plan.digest!r}",
    ]


def test_every_kind_of_difference_is_named() -> None:
    plan = _plan("gov-portal")
    seen = _as_planned(plan)
    web = plan.servers[0]
    seen.servers[web.name] = observed.ObservedServer(web.name, "ERROR", "other", web.image, "", (), ())
    del seen.servers[plan.servers[1].name]
    seen.servers["intruder"] = seen.servers[plan.servers[2].name]
    volume = web.volumes[0]
    seen.volumes[volume.name] = observed.ObservedVolume(volume.name, "available", 1, "ssd", ())
    seen.floating_ips = []
    seen.keypairs = []
    db_in = next(r for r in seen.rules if r[0] == "gov-portal-db" and r[1] == "ingress" and r[7])
    seen.rules = (seen.rules - {db_in}) | {
        ("gov-portal-db", "ingress", "IPv4", "tcp", None, None, None, "gov-portal-app")
    }
    problems = observed.differences(seen, plan)
    assert f"servers missing: {plan.servers[1].name}" in problems
    assert "servers not in the plan: intruder" in problems
    assert f"server {web.name} is ERROR, not ACTIVE" in problems
    assert f"server {web.name} has flavour 'other', planned {web.flavor!r}" in problems
    assert f"server {web.name} has key pair ''" in problems
    assert any(p.startswith(f"volume {volume.name} is 1 GiB 'ssd'") for p in problems)
    assert f"volume {volume.name} is available on [], planned on {web.name}" in problems
    assert "0 floating IPs, planned 2" in problems
    assert f"key pair govcloud-{plan.system}-ops is missing" in problems
    assert "security group rule missing: gov-portal-db ingress IPv4 tcp 5432 from gov-portal-app" in problems
    assert (
        "security group rule not in the plan: gov-portal-db ingress IPv4 tcp all ports from gov-portal-app"
        in problems
    )


def test_state_ids_are_the_cloud_objects_only() -> None:
    deployment = {
        "resources": [
            {"type": "pulumi:pulumi:Stack", "urn": "s"},
            {"type": "pulumi:providers:openstack", "id": "prov-uuid"},
            {"type": "govcloud:compute:Server", "urn": "c"},
            {"type": "openstack:compute/instance:Instance", "id": "srv-1"},
            {"type": "openstack:compute/volumeAttach:VolumeAttach", "id": "srv-1/vol-1"},
        ]
    }
    assert observed.state_ids(deployment) == {"srv-1", "srv-1/vol-1"}


def test_the_local_ops_key_is_made_once_and_private(tmp_path: Path) -> None:
    public = tmp_path / ".govcloud" / "ops" / "id_ed25519.pub"
    assert ensure_local_key(public, tmp_path)
    first = public.read_text(encoding="utf-8")
    assert first.startswith("ssh-ed25519 ")
    assert stat.S_IMODE(public.with_suffix("").stat().st_mode) == 0o600
    assert not ensure_local_key(public, tmp_path)
    assert public.read_text(encoding="utf-8") == first
    outside = tmp_path / "elsewhere" / "ops.pub"
    assert not ensure_local_key(outside, tmp_path)
    assert not outside.exists(), "a key outside .govcloud/ is the operator's: never generated"


@pytest.mark.parametrize(
    ("code", "error", "bail"),
    [
        (0, "", False),
        (32, "", True),
        (1, "program exited with non-zero exit code: 1", False),
        (-9, "program exited with signal 9", False),
    ],
)
def test_exit_codes_map_as_upstream(code: int, error: str, *, bail: bool) -> None:
    outcome = exit_outcome(code)
    assert (outcome.error, outcome.bail) == (error, bail)


def test_only_resource_plugins_are_required_packages() -> None:
    report = {
        "plugins": [
            {
                "dist": "pulumi_openstack",
                "version": "5.5.3",
                "json": {"resource": True, "name": "openstack", "version": "5.5.3"},
            },
            {"dist": "pulumi_policy", "version": "1.21.0", "json": {"resource": False}},
            {"dist": "pulumi-random", "version": "4.1.0", "json": {"resource": True}},
        ]
    }
    assert [(p.name, p.kind, p.version) for p in package_dependencies(report)] == [
        ("openstack", "resource", "5.5.3"),
        ("random", "resource", "4.1.0"),
    ]


def test_a_refused_request_stops_before_any_engine_run(tmp_path: Path) -> None:
    """Admission and approval run first: nothing reaches pulumi (there is none in this environment)."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text((REPO / "Pulumi.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    request = tmp_path / "edited.yaml"
    request.write_text(
        (REPO / "requests" / "examples" / "data-exchange.yaml")
        .read_text(encoding="utf-8")
        .replace("v1.0", "v1.1"),
        encoding="utf-8",
    )
    approval = REPO / "requests" / "approvals" / "REQ-2026-0063.yaml"
    (project / "Pulumi.data-exchange.yaml").write_text(
        f"config:\n  govcloud:request: {request}\n  govcloud:approval: {approval}\n", encoding="utf-8"
    )
    run = Provisioning(
        root=project, stack="data-exchange", environ={"PATH": ""}, reports=tmp_path / "reports"
    )
    results: list[Any] = []
    assert not run.run(results.append)
    assert [(r.name, r.ok) for r in results] == [("admission", True), ("approval", False)]
    assert "[approval-digest-matches] (LC-1, LC-8)" in results[1].detail
    assert (tmp_path / "reports" / "admission.md").exists()


@pytest.mark.parametrize("command", ["provision", "teardown"])
def test_unknown_or_tricky_stack_names_are_unusable_input(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from govcloud.cli import main  # noqa: PLC0415

    assert main([command, "../../etc/passwd", "gov portal", "no-such-stack"]) == 2
    assert capsys.readouterr().err == (
        f"govcloud {command}: stack: 没有名为 '../../etc/passwd'、'gov portal'、'no-such-stack' 的栈"
        "（需要 Pulumi.<栈>.yaml） / no stack '../../etc/passwd', 'gov portal', 'no-such-stack': "
        f"a stack is a plain name with a Pulumi.<stack>.yaml in {REPO} [stack-known]\n"
    )


def test_previews_skip_checkpoints_and_updates_keep_them(tmp_path: Path) -> None:
    """Updates need their checkpoints (recovery reads the pending creates); previews persist nothing."""
    from govcloud.engine.runner import StackRunner  # noqa: PLC0415

    fake = tmp_path / "bin" / "pulumi"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\necho "$1 ${PULUMI_SKIP_CHECKPOINTS:-unset}" >> "$RECORD"\n', encoding="utf-8")
    fake.chmod(0o755)
    record = tmp_path / "record"
    environ = {"PATH": f"{fake.parent}:/usr/bin:/bin", "RECORD": str(record)}
    runner = StackRunner(tmp_path, "gov-portal", environ, config_dir=tmp_path / "stacks")
    runner.operation("preview")
    runner.operation("up")
    assert record.read_text(encoding="utf-8").splitlines() == ["preview true", "up unset"]


def test_ensure_lists_the_backend_only_when_the_caller_has_not(tmp_path: Path) -> None:
    """``govcloud drift`` has asked ``exists()`` already: writing the config file lists nothing again."""
    from govcloud.engine.runner import StackRunner  # noqa: PLC0415

    fake = tmp_path / "bin" / "pulumi"
    fake.parent.mkdir()
    fake.write_text(
        '#!/bin/sh\necho "$*" >> "$RECORD"\necho "[{\\"name\\": \\"gov-portal\\"}]"\n', encoding="utf-8"
    )
    fake.chmod(0o755)
    record = tmp_path / "record"
    (tmp_path / "Pulumi.gov-portal.yaml").write_text("config: {}\n", encoding="utf-8")
    environ = {"PATH": f"{fake.parent}:/usr/bin:/bin", "RECORD": str(record)}
    runner = StackRunner(tmp_path, "gov-portal", environ, config_dir=tmp_path / "stacks")
    runner.ensure(exists=True)
    assert not record.exists(), "no pulumi call at all"
    assert runner.config_file.exists()
    runner.ensure()
    assert record.read_text(encoding="utf-8").splitlines() == ["stack ls --json --non-interactive"]


class _Vanishing:
    """A compute or block-storage proxy whose delete is done at once: reading the id back after it is a 404."""

    def __init__(self, ids: set[str]) -> None:
        """Hold what exists."""
        self.ids, self.waited = ids, []

    def _find(self, cloud_id: str, *, ignore_missing: bool = True) -> Item | None:
        assert ignore_missing
        return Item(cloud_id) if cloud_id in self.ids else None

    def _get(self, cloud_id: str) -> Item:
        if cloud_id not in self.ids:
            message = f"No resource found for {cloud_id}"
            raise NotFoundException(message)
        return Item(cloud_id)

    def _delete(self, item: Item | str, *, ignore_missing: bool = True) -> None:
        assert ignore_missing
        self.ids.discard(item if isinstance(item, str) else item.id)

    def wait_for_delete(self, item: Item, *, wait: int) -> Item:
        """Polls ``item`` until a read says 404: done at once here."""
        assert wait > 0
        self.waited.append(item.id)
        return item

    find_server = find_volume = _find
    get_server = get_volume = _get
    delete_server = delete_volume = _delete


@pytest.mark.parametrize(
    ("kind", "proxy"),
    [
        ("openstack:compute/instance:Instance", "compute"),
        ("openstack:blockstorage/volume:Volume", "block_storage"),
    ],
)
def test_an_orphan_deleted_at_once_is_done_and_one_already_gone_is_skipped(kind: str, proxy: str) -> None:
    """A server or volume Cinder/Nova deletes before the wait begins is not an error (a CI run hit it)."""
    cloud = _Vanishing({"orphan-1"})
    conn = type("Conn", (), {proxy: cloud})()
    recovery.DELETERS[kind](conn, "orphan-1")
    assert (cloud.ids, cloud.waited) == (set(), ["orphan-1"])
    recovery.DELETERS[kind](conn, "orphan-1")
    assert cloud.waited == ["orphan-1"], "nothing to delete or wait for the second time"
