"""pytest fixtures giving other suites (hardening, audit) real SSH hosts in network namespaces.

Any suite gets them through the ``govcloud`` pytest plugin (:mod:`govcloud.testing.plugin`). Hosts live
in a session state dir ``$GOVCLOUD_HOSTS_DIR/pytest-<pid>`` on their own fabric, so they never clash
with the box's stand-ins even when tenant CIDRs overlap. Needs root; if the base rootfs cannot be built
the fixture raises with the reason (a failure, never a skip).
"""

from __future__ import annotations

import itertools
import os
import shutil
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface
from typing import TYPE_CHECKING, Any

import pytest

from govcloud.catalogue.model import load_default
from govcloud.testing.hosts import paths
from govcloud.testing.hosts._run import run
from govcloud.testing.hosts.site import Host, Site
from govcloud.testing.hosts.spec import HostSpec, Nic, bastion_address

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

TEST_NETWORK = "pytest"
TEST_CIDR = IPv4Interface("10.213.0.1/24")  # gateway on the fabric bridge; hosts get .10 upwards
BASTION_SOURCE = bastion_address(load_default().platform.bastion_cidrs)
"""Where a fleet that is hardened is managed from: the host firewall admits SSH from the bastion only."""
_counter = itertools.count()


@dataclass(frozen=True)
class NetnsHost:
    """A live test host and everything a test needs to reach it."""

    host: Host
    private_key: Path
    site: Site = field(repr=False)

    @property
    def name(self) -> str:
        """Inventory name (also an ssh_config alias)."""
        return self.host.name

    @property
    def address(self) -> str:
        """Tenant address, reachable only through the fabric netns."""
        return self.host.address

    @property
    def ssh_config(self) -> Path:
        """ssh_config with just this host: ``ssh -F <it> <name-or-address>``."""
        return self.host.ssh_config

    @property
    def user(self) -> str:
        """Login user (NOPASSWD sudo)."""
        return self.host.spec.login_user

    def ansible_vars(self) -> dict[str, Any]:
        """Host vars for an ansible inventory (SSH through the fabric, become)."""
        return self.host.ansible_vars(self.private_key)

    @property
    def inventory(self) -> dict[str, Any]:
        """An ansible-runner inventory holding only this host."""
        return inventory_for([self])


def inventory_for(hosts: list[NetnsHost]) -> dict[str, Any]:
    """Return an ansible-runner inventory dict for several test hosts."""
    return {"all": {"hosts": {h.name: h.ansible_vars() for h in hosts}}}


def infra_host(h: NetnsHost, *, sudo: bool = True) -> Any:
    """Return a testinfra Host over SSH through the fabric (``sudo`` runs commands as root)."""
    import testinfra  # noqa: PLC0415 - only suites that use testinfra pay for the import

    return testinfra.get_host(f"ssh://{h.user}@{h.address}", ssh_config=str(h.ssh_config), sudo=sudo)


def _keypair(directory: Path) -> Path:
    key = directory / "id_ed25519"
    if not key.exists():
        run(["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-C", "pytest", "-f", str(key)])
    return key


@pytest.fixture(scope="session")
def hosts_site() -> Iterator[Site]:
    """Yield a session-wide state dir for test hosts; everything in it is torn down at the end."""
    if os.geteuid() != 0:
        pytest.fail("netns hosts need root (network namespaces, overlay mounts)")
    site = Site(paths.hosts_dir() / f"pytest-{os.getpid()}")
    try:
        yield site
    finally:
        site.teardown_all()
        shutil.rmtree(site.dir, ignore_errors=True)


@pytest.fixture
def netns_host_factory(
    hosts_site: Site, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., NetnsHost]]:
    """Create hosts on the test network (fresh ed25519 key each); all torn down after the test."""
    created: list[str] = []
    keys = tmp_path_factory.mktemp("keys")

    def make(name: str | None = None, hostname: str = "") -> NetnsHost:
        n = next(_counter)
        (keys / str(n)).mkdir()
        key = _keypair(keys / str(n))
        address = IPv4Interface(f"{TEST_CIDR.ip + 9 + n % 240}/{TEST_CIDR.network.prefixlen}")
        spec = HostSpec(
            name=name or f"t{os.getpid() % 10000}-{n}",
            nics=(Nic(TEST_NETWORK, address, IPv4Address(TEST_CIDR.ip)),),
            hostname=hostname,
            authorized_keys=(key.with_suffix(".pub").read_text(encoding="utf-8").strip(),),
            identity_file=str(key),
        )
        host = hosts_site.create_host(spec)
        created.append(host.name)
        return NetnsHost(host, key, hosts_site)

    yield make
    for name in created:
        hosts_site.destroy_host(name)


@pytest.fixture
def netns_host(netns_host_factory: Callable[..., NetnsHost]) -> NetnsHost:
    """One fresh host (function scope), torn down after the test."""
    return netns_host_factory()
