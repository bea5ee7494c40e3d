"""How the controller reaches the hosts: one ssh_config and key for Ansible and testinfra alike.

Tenant hosts are reached through the bastion or, here, the network-namespace fabric, both described by
an ssh_config whose ``Host`` entries match the inventory's addresses; the key is the tenant's ops key.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govcloud.bilingual import Text
from govcloud.hardening.errors import HardeningInputError

PYTHON = "/usr/bin/python3"


@dataclass(frozen=True)
class Connection:
    """ssh_config and private key (each optional: ssh's own defaults apply without them)."""

    ssh_config: Path | None = None
    identity: Path | None = None
    control_dir: Path | None = None
    """Private directory for SSH ControlMaster sockets: one connection per host, reused by every check."""

    def validate(self) -> Connection:
        """Return self, or raise naming the option whose file is missing (exit 2, nothing touched)."""
        for option, path in (("--ssh-config", self.ssh_config), ("--private-key", self.identity)):
            if path is not None and not path.is_file():
                raise HardeningInputError(
                    str(path), option, "SEC-5", Text("文件不存在或不是普通文件", "no such regular file")
                )
        return self

    def ansible_vars(self) -> dict[str, Any]:
        """Extra vars for every host: SSH through the config and the image's python3.

        Not ``ansible_become``: the play becomes root, and as an extra var it would also override the
        one task that must not (the role reads the session's source, which sudo drops).
        """
        out: dict[str, Any] = {"ansible_python_interpreter": PYTHON}
        if self.ssh_config is not None:
            out["ansible_ssh_common_args"] = f"-F {shlex.quote(str(self.ssh_config.resolve()))}"
        if self.identity is not None:
            out["ansible_ssh_private_key_file"] = str(self.identity.resolve())
        return out

    def testinfra_host(self, user: str, address: str) -> Any:
        """A testinfra host over SSH (ControlPersist: one connection per host), commands run with sudo."""
        import testinfra  # noqa: PLC0415 - only the compliance suite pays for the import

        return testinfra.get_host(
            f"ssh://{user}@{address}",
            ssh_config=None if self.ssh_config is None else str(self.ssh_config.resolve()),
            ssh_identity_file=None if self.identity is None else str(self.identity.resolve()),
            sudo=True,
            controlpersist=120,
            controlpath=None if self.control_dir is None else str(self.control_dir / f"{user}@{address}"),
        )

    def close_masters(self) -> None:
        """Stop this run's SSH master connections and remove their sockets (no ssh is left behind)."""
        if self.control_dir is None:
            return
        for socket in self.control_dir.iterdir():
            subprocess.run(
                ["ssh", "-o", f"ControlPath={socket}", "-O", "exit", "master"],
                capture_output=True,
                check=False,
                timeout=10,
            )
        shutil.rmtree(self.control_dir, ignore_errors=True)

    def to_argv(self) -> list[str]:
        """The same connection as command-line options of the compliance suite."""
        argv = []
        if self.ssh_config is not None:
            argv += ["--govcloud-ssh-config", str(self.ssh_config.resolve())]
        if self.identity is not None:
            argv += ["--govcloud-identity", str(self.identity.resolve())]
        return argv


def venv_path(environ_path: str) -> str:
    """PATH with this interpreter's bin first, so ansible-runner finds ansible-playbook (not activated)."""
    return str(Path(sys.executable).parent) + ":" + environ_path
