"""Neutron's own datapath on the box: the linuxbridge agent in a netns of its own, so security groups bite.

The stand-ins plug into the agent's bridges as ``tap<port>`` devices (``govcloud.testing.hosts.fabric``), and
the agent applies each port's security groups with its iptables firewall driver, in that netns only:
nothing is added to the machine's own namespace and no ``kernel.*`` setting is touched. The agent
speaks to RabbitMQ on the machine's loopback through a Unix socket relay (a netns has a loopback of
its own), so the box still listens on 127.0.0.1 and nowhere else. Nova's fake driver plugs no VIFs;
the stand-in reconciler does what Nova's VIF driver would. The agent's VXLAN runs in unicast mode with
no peer (data/config.yaml): on the netns's loopback a multicast group echoes every flooded frame back
into its bridge, which then sends a host's traffic into the tunnel instead of to its tap.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from govcloud.files import write_atomic
from govcloud.testing.box import paths
from govcloud.testing.box import services as control_plane
from govcloud.testing.box.services import Service
from govcloud.testing.hosts import fabric
from govcloud.testing.hosts._run import ok, run

if TYPE_CHECKING:
    from pathlib import Path

NETNS = "govcloud-dp"
UPLINK = "dp-uplink"
"""A veth pair inside the netns: the agent takes its id from a physical interface's MAC."""
AGENT_CONF = "/etc/neutron/plugins/ml2/linuxbridge_agent.ini"
AGENT_TYPE = "Linux bridge agent"
RELAY, RELAY_NETNS, AGENT = "datapath-rabbit-relay", "datapath-rabbit-netns", "neutron-linuxbridge-agent"
"""The datapath's services, in start order (``down`` stops them in reverse, before OpenStack)."""
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
SHIM_SHEBANG = "#!/usr/bin/python3\n"


def rabbit_socket(box_state: Path) -> Path:
    """The Unix socket the relay listens on (root only)."""
    return box_state / "datapath-rabbit.sock"


def ensure_netns() -> None:
    """Create the agent's netns with loopback and its uplink pair, if missing (idempotent)."""
    if not fabric.netns_exists(NETNS):
        fabric.add_netns(NETNS)
    if not ok(["ip", "-n", NETNS, "link", "show", UPLINK]):
        run(["ip", "-n", NETNS, "link", "add", UPLINK, "type", "veth", "peer", "name", f"{UPLINK}-p"])
    for device in (UPLINK, f"{UPLINK}-p"):
        run(["ip", "-n", NETNS, "link", "set", device, "up"])


def multicast_tunnels() -> list[str]:
    """The netns's VXLAN devices that flood to a multicast group: left by an agent from before unicast mode.

    On the netns's loopback a group echoes every flooded frame back into its own bridge, which then
    learns the sender's MAC on the tunnel port and loses unicast to it (data/config.yaml says more).
    The agent never recreates an existing device, so these must go before it starts again.
    """
    raw = run(["ip", "-n", NETNS, "-d", "-j", "link", "show", "type", "vxlan"], check=False)
    devices: list[dict[str, Any]] = json.loads(raw) if raw.strip() else []
    return sorted(d["ifname"] for d in devices if d.get("linkinfo", {}).get("info_data", {}).get("group"))


def shim_dir(box_state: Path) -> Path:
    """Where the agent's ``ebtables`` shim is: first in the agent's PATH."""
    return box_state / "bin"


def install_ebtables_shim(box_state: Path) -> bool:
    """Write ``ebtables_shim`` as ``<box>/bin/ebtables``; whether it changed (a running agent then restarts).

    The agent deletes a port's among rule each time it sees the port again, which ebtables-nft 1.8.9
    refuses and the agent retries for ever (``govcloud.testing.box.ebtables_shim`` says more).
    """
    source = resources.files("govcloud.testing.box").joinpath("ebtables_shim.py").read_text(encoding="utf-8")
    target = shim_dir(box_state) / "ebtables"
    text = SHIM_SHEBANG + source
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    target.chmod(0o755)
    return True


def reset_for_resync(tunnels: list[str]) -> None:
    """With the agent stopped: delete ``tunnels`` and empty the ebtables nat table, so its resync rebuilds both.

    It makes each VXLAN device again in unicast mode. The nat table holds its per-port MAC and ARP
    spoofing chains: on a resync the agent deletes each port's ``--among-src`` rule before adding it
    again, which ebtables-nft 1.8.9 refuses ("RULE_DELETE failed (Invalid argument)"), and it retries
    that for ever, wiring no port; with the table empty it only adds.
    """
    for name in tunnels:
        run(["ip", "-n", NETNS, "link", "del", name])
    run(["ip", "netns", "exec", NETNS, "ebtables", "-t", "nat", "--init-table"])


def delete_netns() -> None:
    """Remove the netns and every bridge, tap and rule in it (after the agent has stopped)."""
    fabric.delete_netns(NETNS)


def services(box_state: Path) -> tuple[Service, ...]:
    """The relay's two ends and the agent, in start order.

    ``ip netns exec`` execs the command in place, so each recorded PID is the daemon itself.
    """
    socket = rabbit_socket(box_state)
    in_netns = ("ip", "netns", "exec", NETNS)
    return (
        Service(
            RELAY,
            ("socat", f"UNIX-LISTEN:{socket},fork,unlink-early,mode=600", f"TCP:{paths.HOST}:5672"),
            "datapath",
        ),
        Service(
            RELAY_NETNS,
            (
                *in_netns,
                "socat",
                f"TCP-LISTEN:5672,bind={paths.HOST},fork,reuseaddr",
                f"UNIX-CONNECT:{socket}",
            ),
            "datapath",
        ),
        Service(
            AGENT,
            (
                *in_netns,
                "env",  # execs in place too; privsep, which runs the agent's ebtables, inherits the PATH
                f"PATH={shim_dir(box_state)}:{SYSTEM_PATH}",
                "neutron-linuxbridge-agent",
                "--config-file",
                "/etc/neutron/neutron.conf",
                "--config-file",
                AGENT_CONF,
            ),
            "datapath",
        ),
    )


def agent_alive(conn: Any) -> bool:
    """Whether Neutron's API lists our agent as alive on the box's compute host."""
    return any(
        agent.agent_type == AGENT_TYPE and agent.host == paths.NOVA_HOST and agent.is_alive
        for agent in conn.network.agents()
    )


def all_services(state_dir: Path) -> tuple[Service, ...]:
    """Every service of the box in start order (control plane, datapath, stand-ins); `down` walks it backwards."""
    extra = (control_plane.standins_service(state_dir),) if control_plane.standins_available() else ()
    return (
        *control_plane.INFRA,
        control_plane.KEYSTONE,
        *control_plane.OPENSTACK,
        *services(state_dir),
        *extra,
    )
