"""The engine suites' fixtures and helpers: the built engine, a tenant of its own on the box.

Nothing here is skipped: a missing build or a box that cannot come up fails the suite and says why.
A module of its own (not conftest) so test modules can import the helpers by a unique name.
"""

from __future__ import annotations

import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from govcloud import engine
from govcloud.provisioning import tags
from govcloud.testing.box import tenants

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.testing.box.pytest_fixtures import OpenStackBox

__all__ = ["engine_cloud", "engine_repo"]

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_SYSTEMS = frozenset({"gov-portal", "approval", "data-exchange"})
PREFIX = "engine-tests"


@pytest.fixture(scope="session")
def engine_repo() -> Path:
    """The checkout, once ``bin/`` holds every engine program; fails and says how otherwise."""
    missing = engine.find_engine(REPO, {"PATH": ""}).missing
    if missing:
        pytest.fail(f"{REPO}/bin lacks {', '.join(missing)}: run tools/engine/build.sh first")
    return REPO


@dataclass(frozen=True)
class EngineCloud:
    """A tenant of the suites' own on the box, so they never meet the main job's resources."""

    tenant: tenants.Tenant
    box: OpenStackBox

    @property
    def password(self) -> str:
        """The tenant user's, which must never reach state or logs."""
        return self.tenant.password

    def env(self) -> dict[str, str]:
        """What the provider and openstacksdk read to act as this tenant."""
        return {"OS_CLIENT_CONFIG_FILE": str(self.tenant.clouds_yaml), "OS_CLOUD": self.tenant.name}

    def connect(self) -> Any:
        """A fresh openstacksdk connection as the tenant."""
        return self.tenant.connect()

    @property
    def standins_ssh_config(self) -> Path:
        """How the stand-in hosts of ACTIVE servers are reached."""
        return self.box.paths.state / "standins" / "ssh_config"


@pytest.fixture(scope="session")
def engine_cloud(
    openstack_box: OpenStackBox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EngineCloud]:
    """A fresh project (generous quotas, role ``member`` only) for this session; removed at the end.

    The examples' subnets derive from their system codes, so the same system deployed in another
    project (the main job's stacks) would give two stand-in hosts one address, and SSH could not tell
    them apart: the suite says so and stops instead of failing somewhere later.
    """
    admin = openstack_box.connect(openstack_box.admin_cloud)
    tenants.clear_orphans(admin)  # what an interrupted session left in a project since deleted
    tenants.clear_leftovers(admin, PREFIX)  # and the project a killed session never deleted
    deployed = sorted(
        {
            str((server.metadata or {}).get(tags.SYSTEM))
            for server in admin.compute.servers(all_projects=True)
            if (server.metadata or {}).get(tags.SYSTEM) in EXAMPLE_SYSTEMS
        }
    )
    if deployed:
        pytest.fail(
            f"the box already runs {', '.join(deployed)} (the main job's stacks?), whose addresses the engine "
            'suites would reuse: eval "$(govcloud box env --cloud govcloud-tenant)"; '
            f'govcloud teardown {" ".join(deployed)} --no-record "main job\'s examples"'
        )
    folder = tmp_path_factory.mktemp("engine-cloud")
    with tenants.own_tenant(admin, folder, PREFIX, "govcloud engine test tenant") as tenant:
        yield EngineCloud(tenant, openstack_box)


def isolated_environ(repo: Path, cloud: EngineCloud, base: Path) -> dict[str, str]:
    """The engine environment with a backend and passphrase of the test's own, acting as ``cloud``."""
    state = base / "state"
    state.mkdir(parents=True, exist_ok=True)
    passphrase = {"PULUMI_CONFIG_PASSPHRASE": secrets.token_urlsafe(16)}
    return engine.engine_environ(repo, passphrase) | {"PULUMI_BACKEND_URL": state.as_uri()} | cloud.env()


def pulumi_cli(
    project: Path, env: dict[str, str], *argv: str, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """``pulumi <argv> --non-interactive`` in ``project``, output captured, never raising on failure."""
    return subprocess.run(
        ["pulumi", *argv, "--non-interactive"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
