"""First-run steps: rabbit user, databases, schema syncs, keystone fernet keys and bootstrap.

Every step is idempotent (IF NOT EXISTS, syncs, bootstrap updates the admin password), so a lost
marker only costs time. Passwords go through stdin or the environment, never argv or logs.
"""

from __future__ import annotations

import os
import subprocess
import time
from typing import TYPE_CHECKING

from govcloud.testing.box import paths
from govcloud.testing.box.services import RABBIT_ENV

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

DATABASES: tuple[str, ...] = (
    "keystone",
    "placement",
    "glance",
    "nova_api",
    "nova",
    "nova_cell0",
    "neutron",
    "cinder",
)
DB_USER = "govcloud"
RABBIT_USER = "openstack"
NEUTRON_CONFS = (
    "--config-file",
    "/etc/neutron/neutron.conf",
    "--config-file",
    "/etc/neutron/plugins/ml2/ml2_conf.ini",
)


def run_logged(  # noqa: PLR0913 - keyword-only knobs of subprocess.run
    argv: Sequence[str],
    log: Path,
    *,
    stdin: str | None = None,
    env: Mapping[str, str] | None = None,
    user: str | None = None,
    check: bool = True,
) -> int:
    """Run a tool with output appended to the box log; raise with the log path on failure."""
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(argv)}\n")
        out.flush()
        result = subprocess.run(
            list(argv),
            input=stdin,
            text=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=None if env is None else dict(env),
            user=user,
            check=False,
        )
    if check and result.returncode != 0:
        msg = f"{argv[0]} failed with exit {result.returncode}; see {log}"
        raise RuntimeError(msg)
    return result.returncode


def rabbitmqctl(args: Sequence[str], log: Path, *, stdin: str | None = None, check: bool = True) -> int:
    """Rabbitmqctl as the rabbitmq user with the box's node name and loopback distribution."""
    return run_logged(
        ["/usr/lib/rabbitmq/bin/rabbitmqctl", *args],
        log,
        stdin=stdin,
        env=RABBIT_ENV,
        user="rabbitmq",
        check=check,
    )


def database_sql(password: str) -> str:
    """Return SQL creating the databases and one loopback-only user with rights on exactly those."""
    quoted = password.replace("\\", "\\\\").replace("'", "\\'")
    lines = [f"CREATE DATABASE IF NOT EXISTS `{name}`;" for name in DATABASES]
    for host in (paths.HOST, "localhost"):
        lines.append(f"CREATE USER IF NOT EXISTS '{DB_USER}'@'{host}' IDENTIFIED BY '{quoted}';")
        lines.append(f"ALTER USER '{DB_USER}'@'{host}' IDENTIFIED BY '{quoted}';")
        lines.extend(f"GRANT ALL ON `{name}`.* TO '{DB_USER}'@'{host}';" for name in DATABASES)
    lines.append("FLUSH PRIVILEGES;")
    return "\n".join(lines) + "\n"


def setup_rabbit(password: str, log: Path) -> None:
    """One rabbit user for all services (password via stdin), and no guest account."""
    if rabbitmqctl(["add_user", RABBIT_USER], log, stdin=password + "\n", check=False) != 0:
        rabbitmqctl(["change_password", RABBIT_USER], log, stdin=password + "\n")
    rabbitmqctl(["set_permissions", RABBIT_USER, ".*", ".*", ".*"], log)
    rabbitmqctl(["delete_user", "guest"], log, check=False)


def setup_databases(password: str, log: Path) -> None:
    """Create the schemas' databases through the root unix socket (no root password exists)."""
    run_logged(["mysql", "--protocol=socket", "-uroot"], log, stdin=database_sql(password))


def sync_steps(admin_password: str) -> list[tuple[list[str], dict[str, str] | None]]:
    """List the schema syncs and keystone setup, in order (argv, extra env)."""
    keystone_url = f"http://{paths.HOST}:5000/v3/"
    owner = ["--keystone-user", "root", "--keystone-group", "root"]
    return [
        (["keystone-manage", "db_sync"], None),
        (["keystone-manage", "fernet_setup", *owner], None),
        (["keystone-manage", "credential_setup", *owner], None),
        (
            [
                "keystone-manage",
                "bootstrap",
                "--bootstrap-admin-url",
                keystone_url,
                "--bootstrap-internal-url",
                keystone_url,
                "--bootstrap-public-url",
                keystone_url,
                "--bootstrap-region-id",
                paths.REGION,
            ],
            {"OS_BOOTSTRAP_PASSWORD": admin_password},
        ),
        (["placement-manage", "db", "sync"], None),
        (["glance-manage", "db_sync"], None),
        (["nova-manage", "api_db", "sync"], None),
        (["nova-manage", "cell_v2", "map_cell0"], None),
        (["nova-manage", "cell_v2", "create_cell", "--name=cell1"], None),
        (["nova-manage", "db", "sync"], None),
        (["neutron-db-manage", *NEUTRON_CONFS, "upgrade", "heads"], None),
        (["cinder-manage", "db", "sync"], None),
    ]


def sync_all(admin_password: str, log: Path, progress: Callable[[str], None]) -> None:
    """Run every sync; create_cell exits 2 when cell1 already exists, which is fine."""
    for argv, extra in sync_steps(admin_password):
        start = time.monotonic()
        env = {**os.environ, **extra} if extra else None
        code = run_logged(argv, log, env=env, check=False)
        if code != 0 and not (argv[1:3] == ["cell_v2", "create_cell"] and code == 2):  # noqa: PLR2004
            msg = f"{' '.join(argv[:3])} failed with exit {code}; see {log}"
            raise RuntimeError(msg)
        progress(f"  {' '.join(argv[:3])}: {time.monotonic() - start:.1f}s")
