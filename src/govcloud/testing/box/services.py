"""The box's processes: how each is started, checked and ordered."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from govcloud.testing.box import paths

if TYPE_CHECKING:
    from pathlib import Path

H = paths.HOST

# Fix 2: uwsgi's --http-socket drops keep-alive connections that python-requests then reuses
# (ECONNRESET); "Connection: close" makes every client open a fresh one.
UWSGI: tuple[str, ...] = (
    "uwsgi_python3",
    "--master",
    "--processes",
    "1",
    "--threads",
    "4",
    "--enable-threads",
    "--lazy-apps",
    "--die-on-term",
    "--buffer-size",
    "65535",
    "--add-header",
    "Connection: close",
)

RABBIT_ENV: dict[str, str] = {
    "RABBITMQ_NODENAME": "rabbit@localhost",
    "RABBITMQ_NODE_IP_ADDRESS": H,
    "RABBITMQ_NODE_PORT": "5672",
    "RABBITMQ_DIST_PORT": "25672",
    "ERL_EPMD_ADDRESS": H,
    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
    "RABBITMQ_CTL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
    "HOME": "/var/lib/rabbitmq",
    "RABBITMQ_LOG_BASE": "/var/log/rabbitmq",
    "PATH": "/usr/lib/rabbitmq/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
}


@dataclass(frozen=True)
class Service:
    """One managed process.

    ``url``: the API answers here (any HTTP status counts: it is up). ``port``: a TCP listener to probe
    when there is no HTTP API. ``group``: start phase (infra, keystone, openstack, standins).
    """

    name: str
    argv: tuple[str, ...]
    group: str
    url: str | None = None
    port: int | None = None
    user: str | None = None
    env: dict[str, str] = field(default_factory=dict)


def _uwsgi(port: int, wsgi_file: str, *extra: str) -> tuple[str, ...]:
    return (*UWSGI, *extra, "--http-socket", f"{H}:{port}", "--wsgi-file", wsgi_file)


def _oslo(binary: str, *configs: str) -> tuple[str, ...]:
    return (binary, *(arg for config in configs for arg in ("--config-file", config)))


NOVA_CONF = "/etc/nova/nova.conf"
CINDER_CONF = "/etc/cinder/cinder.conf"

INFRA: tuple[Service, ...] = (
    Service(
        "mariadb",
        (
            "/usr/sbin/mariadbd",
            "--user=mysql",
            f"--bind-address={H}",
            "--port=3306",
            "--socket=/run/mysqld/mysqld.sock",
            "--pid-file=/run/mysqld/mysqld.pid",
            "--innodb-buffer-pool-size=64M",
            "--max-connections=500",
        ),
        "infra",
        port=3306,
    ),
    # Our own epmd (foreground, loopback) instead of the one rabbit would daemonise out of our sight.
    Service("epmd", ("/usr/bin/epmd", "-address", H), "infra", port=4369, user="rabbitmq", env=RABBIT_ENV),
    Service(
        "rabbitmq",
        ("/usr/lib/rabbitmq/bin/rabbitmq-server",),
        "infra",
        port=5672,
        user="rabbitmq",
        env=RABBIT_ENV,
    ),
)

KEYSTONE = Service(
    "keystone", _uwsgi(5000, "/usr/bin/keystone-wsgi-public"), "keystone", url=f"http://{H}:5000/v3"
)

OPENSTACK: tuple[Service, ...] = (
    Service("placement", _uwsgi(8778, "/usr/bin/placement-api"), "openstack", url=f"http://{H}:8778/"),
    # Fix 6: nova-api is eventlet-patched; uwsgi threads > 1 leave RPC replies unread (MessagingTimeout).
    Service(
        "nova-api",
        _uwsgi(8774, "/usr/bin/nova-api-wsgi", "--threads", "1", "--processes", "2"),
        "openstack",
        url=f"http://{H}:8774/",
    ),
    Service(
        "glance-api", _oslo("glance-api", "/etc/glance/glance-api.conf"), "openstack", url=f"http://{H}:9292/"
    ),
    Service(
        "neutron-server",
        _oslo("neutron-server", "/etc/neutron/neutron.conf", "/etc/neutron/plugins/ml2/ml2_conf.ini"),
        "openstack",
        url=f"http://{H}:9696/",
    ),
    Service("cinder-api", _oslo("cinder-api", CINDER_CONF), "openstack", url=f"http://{H}:8776/"),
    Service("nova-conductor", _oslo("nova-conductor", NOVA_CONF), "openstack"),
    Service("nova-scheduler", _oslo("nova-scheduler", NOVA_CONF), "openstack"),
    Service("nova-compute", _oslo("nova-compute", NOVA_CONF), "openstack"),
    Service("cinder-scheduler", _oslo("cinder-scheduler", CINDER_CONF), "openstack"),
    Service("cinder-volume", _oslo("cinder-volume", CINDER_CONF), "openstack"),
)

STANDINS_MODULE = "govcloud.testing.hosts.standins"


def standins_available() -> bool:
    """Tell whether govcloud.testing.hosts ships the (optional) VM stand-in reconciler."""
    try:
        return importlib.util.find_spec(STANDINS_MODULE) is not None
    except ModuleNotFoundError:
        return False


def standins_service(
    state_dir: Path, *, datapath_netns: str | None = None, bastion_address: str | None = None
) -> Service:
    """Describe the reconciler that mirrors ACTIVE servers as network-namespace hosts.

    ``up`` wires the hosts through Neutron's datapath in ``datapath_netns`` and manages them from
    ``bastion_address``, so the tenants' security groups decide what reaches them; ``down`` and
    ``status`` only need the service's name.
    """
    wiring = (
        ("--datapath-netns", datapath_netns, "--bastion-address", bastion_address)
        if datapath_netns and bastion_address
        else ()
    )
    argv = (
        sys.executable,
        "-m",
        STANDINS_MODULE,
        "--clouds-yaml",
        str(state_dir / "clouds.yaml"),
        "--cloud",
        "govcloud-admin",
        "--state-dir",
        str(state_dir / "standins"),
        *wiring,
    )
    return Service("standins", argv, "standins")
