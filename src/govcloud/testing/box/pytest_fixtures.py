"""pytest fixture giving any suite a running OpenStack box (``govcloud box up``, idempotent).

Any suite gets it through the ``govcloud`` pytest plugin (:mod:`govcloud.testing.plugin`). The fixture
is session-scoped, brings the box up if needed (about 70 s warm, 2-3 min fresh plus the apt install)
and leaves it running for the next session; ``govcloud box down`` stops it. Needs root. If the box
cannot come up the fixture FAILS with the reason and the log dir — never a skip.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from govcloud.testing.box import clouds
from govcloud.testing.box.paths import BoxPaths
from govcloud.testing.box.up import UpReport, up

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class OpenStackBox:
    """A running box: where its clouds.yaml is and how to get an openstacksdk connection."""

    paths: BoxPaths
    report: UpReport
    admin_cloud: str = clouds.ADMIN_CLOUD
    tenant_cloud: str = clouds.TENANT_CLOUD

    @property
    def clouds_yaml(self) -> Path:
        """Point OS_CLIENT_CONFIG_FILE (or Pulumi's provider) here."""
        return self.paths.clouds_yaml

    def env(self, cloud: str = clouds.TENANT_CLOUD) -> dict[str, str]:
        """Environment selecting one cloud, for subprocesses (Pulumi, openstack CLI)."""
        return {"OS_CLIENT_CONFIG_FILE": str(self.clouds_yaml), "OS_CLOUD": cloud}

    def connect(self, cloud: str = clouds.TENANT_CLOUD) -> Any:
        """Open a fresh openstacksdk connection (tenant by default; pass ``admin_cloud`` for admin)."""
        return clouds.connect(self.clouds_yaml, cloud)


def bring_up() -> OpenStackBox:
    """Run `up` with progress in the box log; raise with the reason if it fails."""
    box = BoxPaths.from_env()
    box.ensure()
    log = box.logs / "pytest-up.log"
    with log.open("a", encoding="utf-8") as out:

        def say(message: str) -> None:
            out.write(message + "\n")
            out.flush()

        report = up(box, say)
    return OpenStackBox(paths=box, report=report)


@pytest.fixture(scope="session")
def openstack_box() -> OpenStackBox:
    """Session-wide running box; fails (never skips) when it cannot come up."""
    if os.geteuid() != 0:
        pytest.fail("openstack_box needs root (apt, daemons, /var/lib/govcloud-box)")
    try:
        return bring_up()
    except Exception as error:  # noqa: BLE001 - any reason the box is not usable fails the suite
        pytest.fail(f"govcloud box up failed: {type(error).__name__}: {error} (logs: /var/log/govcloud-box/)")
