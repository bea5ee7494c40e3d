"""A server booted on the box gets a real Linux host in its place, reached at the address OpenStack gave it.

The fake hypervisor boots nothing; the box's stand-in reconciler gives every ACTIVE server a netns
host with its fixed IP and its key pair's public key, and removes it with the server. Ansible and
testinfra reach "the VM" over SSH with the tenant's own key, as the hardening and audit steps will.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from typing import TYPE_CHECKING, Any

import pytest
import testinfra
from polling import wait_until

from govcloud.catalogue.model import load_default
from govcloud.flows import RuleSpec
from govcloud.testing.hosts.site import Site

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from govcloud.testing.box.pytest_fixtures import OpenStackBox

pytestmark = [pytest.mark.box, pytest.mark.root, pytest.mark.slow]

WAIT = 120
CIDR = "10.77.0.0/24"


def _standins(box: OpenStackBox) -> Path:
    return box.paths.state / "standins"


def _stand_in_for(box: OpenStackBox, server_id: str) -> dict[str, Any] | None:
    status = json.loads((_standins(box) / "standins.json").read_text(encoding="utf-8"))
    return next(
        (host for host in status["hosts"] if host["server_id"] == server_id and host["running"]), None
    )


def _wait(condition: Any, what: str, timeout: float = WAIT) -> Any:
    return wait_until(condition, what, timeout)


def _answers(infra: Any) -> bool:
    """Whether one command runs over SSH; testinfra raises on ssh's own failure (exit 255)."""
    try:
        return bool(infra.run("true").rc == 0)
    except RuntimeError:
        return False


@pytest.fixture
def tenant_server(openstack_box: OpenStackBox, tmp_path: Path) -> Iterator[tuple[Any, str, Path]]:
    """An ACTIVE server with a fresh key pair on its own network; everything deleted afterwards."""
    conn = openstack_box.connect()
    key = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    name = f"standin-{uuid.uuid4().hex[:8]}"
    keypair = conn.compute.create_keypair(
        name=name, public_key=key.with_suffix(".pub").read_text(encoding="utf-8")
    )
    network = conn.network.create_network(name=name)
    subnet = conn.network.create_subnet(name=name, network_id=network.id, ip_version=4, cidr=CIDR)
    # Neutron's datapath enforces the group: management reaches the server from the bastion only (SEC-4).
    group = conn.network.create_security_group(name=name)
    ssh_in = RuleSpec("server", "ingress", 22, 22, remote_ip_prefix=load_default().platform.bastion_cidrs[0])
    conn.network.create_security_group_rule(**ssh_in.arguments({"server": group.id}))
    flavor = conn.compute.find_flavor("g.2c4g", ignore_missing=False)
    image = conn.image.find_image("debian-12-hardened", ignore_missing=False)
    server = conn.compute.create_server(
        name=f"Web Front {name}",
        flavor_id=flavor.id,
        image_id=image.id,
        key_name=name,
        networks=[{"uuid": network.id}],
        security_groups=[{"name": group.name}],
    )
    try:
        server = conn.compute.wait_for_server(server, wait=WAIT)
        (address,) = [entry["addr"] for entries in server.addresses.values() for entry in entries]
        yield server, address, key
    finally:
        conn.compute.delete_server(server, ignore_missing=True)
        conn.compute.wait_for_delete(server, wait=WAIT)
        _wait(lambda: _stand_in_for(openstack_box, server.id) is None, "the stand-in to go with the server")
        for port in conn.network.ports(network_id=network.id):
            conn.network.delete_port(port, ignore_missing=True)
        conn.network.delete_subnet(subnet, ignore_missing=True)
        conn.network.delete_network(network, ignore_missing=True)
        conn.network.delete_security_group(group, ignore_missing=True)
        conn.compute.delete_keypair(keypair, ignore_missing=True)


def test_active_server_is_reachable_at_its_openstack_address(
    openstack_box: OpenStackBox,
    tenant_server: tuple[Any, str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ansible_runner  # noqa: PLC0415 - slow import, only here

    server, address, key = tenant_server
    record = _wait(lambda: _stand_in_for(openstack_box, server.id), "a stand-in for the ACTIVE server")
    assert record["addresses"] == [f"{address}/24"]
    host = Site(_standins(openstack_box)).get_host(record["name"])
    assert host is not None
    assert host.address == address

    # testinfra over SSH with the tenant's key (the key pair Nova holds, not one of ours).
    # One master connection for every check, as the audit runs them (govcloud.hardening.connection).
    infra = testinfra.get_host(
        f"ssh://{host.spec.login_user}@{address}",
        ssh_config=str(host.ssh_config),
        ssh_identity_file=str(key),
        sudo=True,
        controlpersist=60,
        controlpath=str(tmp_path / "ssh-master"),
    )
    # The stand-in runs before the agent's filter for its port may pass the first SYN; `govcloud
    # provision` waits for "hosts answer over SSH" the same way before it reports the stack built.
    _wait(lambda: _answers(infra), "the stand-in to answer over SSH", timeout=60)
    assert infra.check_output("hostname") == record["hostname"]
    assert record["hostname"].startswith("web-front-standin-")
    assert address in infra.check_output("ip -4 -o addr show")
    assert infra.check_output("id -u") == "0"

    # Ansible through ansible-runner, as the hardening step will run it.
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))  # noqa: PTH120
    inventory = {"all": {"hosts": {record["name"]: host.ansible_vars(private_key=key)}}}
    runner_dir = tmp_path / "runner"
    runner_dir.mkdir()
    result = ansible_runner.run(
        private_data_dir=str(runner_dir),
        host_pattern="all",
        module="command",
        module_args="cat /etc/hostname",
        inventory=inventory,
        envvars={
            "ANSIBLE_PIPELINING": "True",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_HOST_KEY_CHECKING": "False",
            "ANSIBLE_SSH_RETRIES": "3",  # as govcloud harden: a new connection is dropped now and then
        },
        quiet=True,
    )
    assert (result.status, result.rc) == ("successful", 0), result.stdout.read()
    outputs = [
        event["event_data"]["res"]["stdout"]
        for event in result.events
        if event.get("event") == "runner_on_ok"
    ]
    assert outputs == [record["hostname"]]
