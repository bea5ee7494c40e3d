"""`govcloud box up`: install, configure, bootstrap, start and seed — each step idempotent."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from govcloud.catalogue.model import load_default
from govcloud.testing.box import (
    bootstrap,
    clouds,
    config,
    credentials,
    datapath,
    install,
    keystone_catalog,
    platform,
    process,
    seed,
    services,
    waiting,
)
from govcloud.testing.hosts.spec import bastion_address

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from govcloud.testing.box.paths import BoxPaths

API_TIMEOUT = 180.0
WORKER_TIMEOUT = 180.0


@dataclass
class UpReport:
    """What `up` did and how long each phase took (bench/box.py prints it)."""

    timings: dict[str, float] = field(default_factory=dict)
    installed: bool = False
    bootstrapped: bool = False
    started: list[str] = field(default_factory=list)
    seed_origin: str = ""
    seeded: dict[str, int] = field(default_factory=dict)


class Phase:
    """Times one phase and prints it when done."""

    def __init__(self, report: UpReport, name: str, say: Callable[[str], None]) -> None:
        """Remember where to record the time."""
        self.report, self.name, self.say = report, name, say
        self.start = 0.0

    def __enter__(self) -> Self:
        """Start the clock."""
        self.say(f"{self.name} ...")
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        """Record the time (also on failure, so the log shows where it stopped)."""
        elapsed = time.monotonic() - self.start
        self.report.timings[self.name] = elapsed
        self.say(f"{self.name}: {elapsed:.1f}s")


def _prepare_runtime_dirs() -> None:
    """Directories the daemons expect but the init scripts would normally create (no systemd here)."""
    run = Path("/run/mysqld")
    run.mkdir(exist_ok=True)
    shutil.chown(run, "mysql", "mysql")


def start_missing(
    box: BoxPaths, wanted: Sequence[services.Service], report: UpReport
) -> list[process.PidRecord]:
    """Start each service whose recorded PID is not alive; return the records of all of them."""
    records = []
    for service in wanted:
        record = process.load_record(box.pids, service.name)
        if record is None or not process.is_alive(record):
            env = service.env or None
            record = process.start(service.name, service.argv, box.pids, box.logs, env=env, user=service.user)
            report.started.append(service.name)
        records.append(record)
    return records


def _alive_or_fail(box: BoxPaths, records: Sequence[process.PidRecord]) -> None:
    for record in records:
        if not process.is_alive(record):
            msg = f"{record.name} (pid {record.pid}) exited; see {box.logs / (record.name + '.out')}"
            raise waiting.BoxError(msg)


def wait_services(box: BoxPaths, wanted: Sequence[services.Service], timeout: float) -> None:
    """Wait until every probe answers; fail fast naming the log if a process dies meanwhile."""
    records = [process.load_record(box.pids, service.name) for service in wanted]
    live = [record for record in records if record is not None]

    def ready() -> bool:
        _alive_or_fail(box, live)
        return all(
            (service.url is None or waiting.http_answers(service.url))
            and (service.port is None or waiting.tcp_open(service.port))
            for service in wanted
        )

    waiting.wait_for(", ".join(service.name for service in wanted), ready, timeout)


def start_infra(box: BoxPaths, report: UpReport) -> None:
    """MariaDB, epmd and RabbitMQ on 127.0.0.1."""
    _prepare_runtime_dirs()
    start_missing(box, services.INFRA, report)
    wait_services(box, services.INFRA, API_TIMEOUT)
    if "rabbitmq" in report.started:
        # The AMQP port opens before the vhost and users are loaded; the CLI (~3 s) waits for both.
        bootstrap.rabbitmqctl(["await_startup", "--timeout", "120"], box.logs / "rabbitmqctl.log")


def _service_up(items: Any, binary: str) -> bool:
    return any(item.binary == binary and item.state == "up" and item.status == "enabled" for item in items)


def wait_workers(box: BoxPaths, conn: Any, say: Callable[[str], None]) -> None:
    """nova-compute and cinder-volume report up; the compute host is mapped into cell1 once."""
    records = [r for r in (process.load_record(box.pids, n) for n in ("nova-compute", "cinder-volume")) if r]

    def compute_up() -> bool:
        _alive_or_fail(box, records)
        return _service_up(conn.compute.services(), "nova-compute")

    def volume_up() -> bool:
        _alive_or_fail(box, records)
        return _service_up(conn.block_storage.services(), "cinder-volume")

    seconds = waiting.wait_for("nova-compute to report up", compute_up, WORKER_TIMEOUT, interval=1.0)
    say(f"  nova-compute up after {seconds:.1f}s")
    if not box.marker("discover_hosts").exists():
        # Host mappings live in the DB: one discovery is enough (the scheduler also runs it every 30 s).
        bootstrap.run_logged(["nova-manage", "cell_v2", "discover_hosts"], box.logs / "nova-manage.log")
        box.marker("discover_hosts").touch()
    waiting.wait_for(
        "the compute host in placement",
        lambda: any(True for _ in conn.placement.resource_providers()),
        WORKER_TIMEOUT,
        interval=1.0,
    )
    seconds = waiting.wait_for("cinder-volume to report up", volume_up, WORKER_TIMEOUT, interval=1.0)
    say(f"  cinder-volume up after {seconds:.1f}s more")


def _seed(box: BoxPaths, tenant_password: str, report: UpReport, say: Callable[[str], None]) -> None:
    """External network, tenant, then the catalogue items."""
    with Phase(report, "seed", say):
        conn = clouds.connect(box.clouds_yaml, clouds.ADMIN_CLOUD)
        platform.seed_base(conn, tenant_password, first=not box.marker("platform").exists())
        box.marker("platform").touch()
        data, report.seed_origin = seed.catalogue_seed()
        say(f"  seed from {report.seed_origin}")
        report.seeded = seed.seed_platform(conn, data, box.state / "images")


def _restart_agent_on_a_new_datapath(box: BoxPaths, say: Callable[[str], None]) -> None:
    """Stop a running agent set up otherwise than now: multicast VXLAN devices, or a new ebtables shim.

    ``configure`` rewrote its configuration, but a running agent keeps the old one and never recreates
    an existing device; the shim is found through the PATH it started with. ``start_missing`` then
    starts it again and its resync rebuilds the devices and every port's rules.
    """
    stale = datapath.multicast_tunnels()
    new_shim = datapath.install_ebtables_shim(box.state)
    record = process.load_record(box.pids, datapath.AGENT)
    if (stale or new_shim) and record is not None and process.is_alive(record):
        reason = (
            f"{len(stale)} multicast VXLAN device(s) from before unicast mode"
            if stale
            else "a new ebtables shim"
        )
        say(f"  {reason}: restarting the agent")
        process.stop_records([record], box.pids)
    if stale:
        datapath.reset_for_resync(stale)


def up(box: BoxPaths, say: Callable[[str], None]) -> UpReport:
    """Bring the box up from any state (nothing installed, stopped, half up, up)."""
    report = UpReport()
    box.ensure()
    with Phase(report, "install", say):
        report.installed = install.install_packages(box.logs / "install.log")
        install.install_fakebind()
    passwords = credentials.load_or_create_passwords(box.secrets)
    fixed_key = credentials.load_or_create_fixed_key(box.fixed_key)
    clouds.write(box.clouds_yaml, passwords)
    with Phase(report, "configure", say):
        changed = config.apply(config.ConfigParams(passwords, fixed_key, str(box.logs)))
        say(f"  {len(changed)} config file(s) changed")
    with Phase(report, "infra (mariadb, rabbitmq)", say):
        start_infra(box, report)
    if not box.marker("bootstrap").exists():
        with Phase(report, "bootstrap (databases, syncs, keystone)", say):
            bootstrap.setup_rabbit(passwords["rabbit"], box.logs / "rabbitmqctl.log")
            bootstrap.setup_databases(passwords["db"], box.logs / "bootstrap.log")
            bootstrap.sync_all(passwords["admin"], box.logs / "bootstrap.log", say)
            box.marker("bootstrap").touch()
            report.bootstrapped = True
    with Phase(report, "keystone", say):
        start_missing(box, [services.KEYSTONE], report)
        wait_services(box, [services.KEYSTONE], API_TIMEOUT)
        if not box.marker("catalog").exists():
            keystone_catalog.ensure_catalog(clouds.connect(box.clouds_yaml, clouds.ADMIN_CLOUD), passwords)
            box.marker("catalog").touch()
    # A fresh connection: the first one's token carries the catalogue as it was before the endpoints.
    admin = clouds.connect(box.clouds_yaml, clouds.ADMIN_CLOUD)
    with Phase(report, "openstack services", say):
        start_missing(box, services.OPENSTACK, report)
        wait_services(box, services.OPENSTACK, API_TIMEOUT)
    with Phase(report, "nova-compute, cinder-volume, host discovery", say):
        wait_workers(box, admin, say)
    _seed(box, passwords["tenant"], report, say)
    with Phase(report, "neutron datapath (linuxbridge agent in its netns)", say):
        datapath.ensure_netns()
        _restart_agent_on_a_new_datapath(box, say)
        start_missing(box, datapath.services(box.state), report)
        waiting.wait_for("the linuxbridge agent", lambda: datapath.agent_alive(admin), API_TIMEOUT)
    if services.standins_available():
        with Phase(report, "VM stand-in reconciler", say):
            bastion = bastion_address(load_default().platform.bastion_cidrs)
            standins = services.standins_service(
                box.state, datapath_netns=datapath.NETNS, bastion_address=str(bastion)
            )
            start_missing(box, [standins], report)
    return report
