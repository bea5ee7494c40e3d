"""Install Debian's OpenStack packages; their maintainer scripts may neither start nor configure anything."""

from __future__ import annotations

import importlib.resources
import os
import subprocess
from pathlib import Path

PACKAGES: tuple[str, ...] = (
    "rabbitmq-server",
    "mariadb-server",
    "python3-pymysql",
    "keystone",
    "placement-api",
    "nova-api",
    "nova-conductor",
    "nova-scheduler",
    "nova-compute",
    # Satisfies nova-compute's hypervisor dependency with no qemu and no libvirt daemon.
    "nova-compute-ironic",
    "neutron-server",
    "glance-api",
    "cinder-api",
    "cinder-scheduler",
    "cinder-volume",
    "uwsgi-plugin-python3",
    # Neutron's own datapath, run in a netns of the box's: the agent that enforces security groups,
    # and the relay that lets it reach RabbitMQ on the machine's loopback.
    "neutron-linuxbridge-agent",
    "socat",
    # Builds the tiny qcow2 uploaded as every catalogue image.
    "qemu-utils",
)

# Packages whose debconf questions would otherwise create DBs, endpoints and rabbit users themselves.
DEBCONF_PACKAGES: tuple[str, ...] = (
    "keystone",
    "placement-common",
    "placement-api",
    "nova-common",
    "nova-api",
    "nova-conductor",
    "nova-scheduler",
    "nova-compute",
    "neutron-common",
    "neutron-api",
    "neutron-server",
    "neutron-rpc-server",
    "glance-common",
    "glance-api",
    "cinder-common",
    "cinder-api",
    "cinder-scheduler",
    "cinder-volume",
)
DEBCONF_QUESTIONS: tuple[str, ...] = (
    "configure_db",
    "dbconfig-install",
    "register-endpoint",
    "configure_rabbit",
    "configure_ksat",
)

POLICY_RC_D = Path("/usr/sbin/policy-rc.d")
# Debian's python3 only looks in /usr/local/lib/python3.11/dist-packages, not the venv.
SYSTEM_SITE = Path("/usr/local/lib/python3.11/dist-packages")
FAKEBIND_MODULE = "govcloud_fakebind"


def debconf_preseed() -> str:
    """Answers that keep every postinst away from databases, keystone and rabbit."""
    lines = [
        f"{package} {package}/{question} boolean false"
        for package in DEBCONF_PACKAGES
        for question in DEBCONF_QUESTIONS
    ]
    lines.append("keystone keystone/create-admin-tenant boolean false")
    return "\n".join(lines) + "\n"


def missing_packages(packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """List the packages dpkg does not report as installed (so a second `up` skips apt entirely)."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\n", *packages],
        capture_output=True,
        text=True,
        check=False,
    )
    installed = {line.split()[0] for line in result.stdout.splitlines() if line.endswith(" installed")}
    return [package for package in packages if package not in installed]


def install_packages(log: Path) -> bool:
    """apt-get install what is missing; return whether anything was installed."""
    missing = missing_packages()
    if not missing:
        return False
    # exit 101 = "action forbidden": postinsts must not start daemons (there is no systemd anyway).
    POLICY_RC_D.write_text("#!/bin/sh\nexit 101\n", encoding="utf-8")
    POLICY_RC_D.chmod(0o755)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with log.open("a", encoding="utf-8") as out:
        subprocess.run(["debconf-set-selections"], input=debconf_preseed(), text=True, check=True, stdout=out)
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "-q"]
        subprocess.run([*apt, "update"], check=True, stdout=out, stderr=subprocess.STDOUT, env=env)
        subprocess.run(
            [*apt, "install", "-y", "--no-install-recommends", *PACKAGES],
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    return True


def install_fakebind(site: Path = SYSTEM_SITE) -> bool:
    """Register our ML2 mechanism driver "fakebind" for Debian's neutron (no pip: a module + entry point)."""
    source = importlib.resources.files("govcloud.testing.box").joinpath("data/govcloud_fakebind.py.txt")
    wanted = {
        site / f"{FAKEBIND_MODULE}.py": source.read_text(encoding="utf-8"),
        site / f"{FAKEBIND_MODULE}-0.1.dist-info" / "METADATA": (
            "Metadata-Version: 2.1\nName: govcloud-fakebind\nVersion: 0.1\n"
        ),
        site / f"{FAKEBIND_MODULE}-0.1.dist-info" / "entry_points.txt": (
            f"[neutron.ml2.mechanism_drivers]\nfakebind = {FAKEBIND_MODULE}:FakeBindMechanismDriver\n"
        ),
    }
    changed = False
    for path, text in wanted.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed = True
    return changed
