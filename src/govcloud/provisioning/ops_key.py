"""The local box's operations key pair: created on first use, never committed.

The example stacks name ``.govcloud/ops/id_ed25519.pub`` as the provider's operations public key, so a
fresh clone can preview, provision and then reach the stand-in hosts with the private half. A real
provider sets ``govcloud:sshPublicKey`` (or a key file of its own) instead; only a key file inside the
project's ``.govcloud/`` is ever generated.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

LOCAL_DIR = ".govcloud"
DEFAULT_KEY = Path(LOCAL_DIR) / "ops" / "id_ed25519"
_TIMEOUT_S = 30


def is_local(public_key: Path, project_root: Path) -> bool:
    """Whether ``public_key`` is a ``.pub`` file under the project's own ``.govcloud/``."""
    local = (project_root / LOCAL_DIR).resolve()
    resolved = public_key.resolve()
    return resolved.suffix == ".pub" and resolved.is_relative_to(local)


def ensure_local_key(public_key: Path, project_root: Path) -> bool:
    """Create the key pair behind a missing local ``public_key``; return whether one was created.

    The pair is generated in a private temporary directory beside it and moved into place, private key
    first, so a concurrent or interrupted run never sees half a pair.
    """
    if public_key.exists() or not is_local(public_key, project_root):
        return False
    private = public_key.with_suffix("")
    private.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=private.parent, prefix=".keygen-") as scratch:
        staged = Path(scratch) / private.name
        subprocess.run(
            [
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "govcloud-ops@local-box",
                "-f",
                str(staged),
            ],
            check=True,
            timeout=_TIMEOUT_S,
            capture_output=True,
        )
        if public_key.exists():
            return False
        staged.replace(private)
        staged.with_suffix(".pub").replace(public_key)
    return True
