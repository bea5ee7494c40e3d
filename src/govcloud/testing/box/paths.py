"""Where the box keeps its state, logs and fixed network facts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
REGION = "RegionOne"
NOVA_HOST = "govcloud-box"
KEYSTONE_URL = f"http://{HOST}:5000/v3"

# Every TCP port the box listens on; `down` checks that none is left listening.
BOX_PORTS: tuple[int, ...] = (3306, 4369, 5000, 5672, 8774, 8776, 8778, 9292, 9696, 25672)

DEFAULT_STATE_DIR = Path("/var/lib/govcloud-box")
DEFAULT_LOG_DIR = Path("/var/log/govcloud-box")
STATE_DIR_ENV = "GOVCLOUD_BOX_DIR"


@dataclass(frozen=True)
class BoxPaths:
    """The state and log directories of one box (the state dir holds secrets: 0700)."""

    state: Path
    logs: Path

    @classmethod
    def from_env(cls) -> BoxPaths:
        """Honour GOVCLOUD_BOX_DIR so tests and parallel users can keep separate state."""
        state = Path(os.environ.get(STATE_DIR_ENV, str(DEFAULT_STATE_DIR)))
        return cls(state=state, logs=DEFAULT_LOG_DIR)

    @property
    def pids(self) -> Path:
        """One JSON record per managed process."""
        return self.state / "pids"

    @property
    def secrets(self) -> Path:
        """Generated passwords (0600)."""
        return self.state / "secrets.json"

    @property
    def fixed_key(self) -> Path:
        """The ConfKeyManager key shared by cinder and nova (0600)."""
        return self.state / "fixed_key"

    @property
    def clouds_yaml(self) -> Path:
        """clouds.yaml for the admin and tenant clouds (0600: it holds passwords)."""
        return self.state / "clouds.yaml"

    def marker(self, name: str) -> Path:
        """Return the file whose existence says a one-time step (bootstrap, seed) is done."""
        return self.state / f"{name}.done"

    def ensure(self) -> None:
        """Create the directories with private permissions."""
        self.state.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.state.chmod(0o700)
        self.pids.mkdir(mode=0o700, exist_ok=True)
        self.logs.mkdir(mode=0o750, parents=True, exist_ok=True)
