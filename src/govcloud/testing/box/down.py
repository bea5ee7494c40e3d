"""`govcloud box down`: stop exactly what `up` started, by recorded PID, and check the ports are free."""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.testing.box import bootstrap, datapath, paths, process, services

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from govcloud.testing.box.paths import BoxPaths

LISTEN_STATE = "0A"
PROC_NET = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))
# The recipe waits ~3 s between `rabbitmqctl stop` and `epmd -kill`; we instead wait until beam.smp is
# gone, so a short grace is enough, and epmd (ours) is TERMed by PID if it still refuses.
RABBIT_STOP_GRACE = 0.5


def listening_ports(files: Iterable[Path] = PROC_NET) -> set[int]:
    """TCP ports with a listener on this machine (any address), from /proc/net/tcp{,6}."""
    ports: set[int] = set()
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 3 and fields[3] == LISTEN_STATE:  # noqa: PLR2004 - /proc/net/tcp layout
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def stop_order(known: Iterable[str], recorded: Iterable[str]) -> list[list[str]]:
    """Stages of names to stop together: standins, the datapath, OpenStack, keystone, rabbit, epmd, mariadb.

    Records with names `up` no longer knows (an old version, a removed module) go with the first stage.
    """
    recorded = set(recorded)
    known = list(known)
    openstack = [s.name for s in services.OPENSTACK]
    stages = [
        ["standins", *sorted(recorded - set(known) - {"standins"})],
        [datapath.AGENT, datapath.RELAY_NETNS, datapath.RELAY],
        list(reversed(openstack)),
        ["keystone"],
        ["rabbitmq"],
        ["epmd"],
        ["mariadb"],
    ]
    return [[name for name in stage if name in recorded] for stage in stages]


def _rabbitmqctl_stop(box: BoxPaths, record: process.PidRecord | None) -> None:
    """Let the node flush mnesia and leave the cluster state clean before any signal."""
    if record is not None and process.is_alive(record):
        bootstrap.rabbitmqctl(["stop"], box.logs / "rabbitmqctl.log", check=False)
        process.wait_gone(process.tree_of(record), 30.0)


def _epmd_kill(box: BoxPaths, record: process.PidRecord | None) -> None:
    """Ask our epmd to exit; too early after rabbit it says "Killing not allowed - living nodes"."""
    if record is not None and process.is_alive(record):
        time.sleep(RABBIT_STOP_GRACE)
        bootstrap.run_logged(
            ["/usr/bin/epmd", "-kill"], box.logs / "rabbitmqctl.log", env=services.RABBIT_ENV, check=False
        )


def _teardown_standins(box: BoxPaths, say: Callable[[str], None]) -> None:
    """Remove the stand-in netns hosts (the reconciler leaves them on SIGTERM, by design)."""
    if not services.standins_available():
        return
    module = importlib.import_module(services.STANDINS_MODULE)
    teardown = getattr(module, "teardown_all", None)
    if teardown is None:
        return
    try:
        removed = teardown(box.state / "standins")
    except Exception as error:  # noqa: BLE001 - their failure must not leave our daemons running
        say(f"  stand-in teardown failed: {type(error).__name__}: {error}")
        return
    say(f"  removed {len(removed)} stand-in host(s)")


def down(box: BoxPaths, say: Callable[[str], None], timeout: float = 30.0) -> list[int]:
    """Stop every recorded process (SIGKILL after ``timeout``); return box ports still listening."""
    box.logs.mkdir(parents=True, exist_ok=True)
    records = process.load_records(box.pids)
    known = [service.name for service in datapath.all_services(box.state)]
    for stage in stop_order(known, records):
        if not stage:
            continue
        start = time.monotonic()
        if stage == ["rabbitmq"]:
            _rabbitmqctl_stop(box, records.get("rabbitmq"))
        if stage == ["epmd"]:
            _epmd_kill(box, records.get("epmd"))
        killed = process.stop_records([records[name] for name in stage], box.pids, timeout=timeout)
        forced = {name: count for name, count in killed.items() if count}
        note = f" (SIGKILL: {forced})" if forced else ""
        say(f"  stopped {', '.join(stage)} in {time.monotonic() - start:.1f}s{note}")
        if "standins" in stage:
            _teardown_standins(box, say)
        if datapath.AGENT in stage:
            datapath.delete_netns()
    return sorted(set(paths.BOX_PORTS) & listening_ports())
