"""VM stand-ins: mirror every ACTIVE Nova server as a netns host carrying its fixed IPs and keypair.

Run ``python -m govcloud.testing.hosts.standins --clouds-yaml PATH --cloud NAME --state-dir DIR``. On SIGTERM
the reconciler just exits and hosts persist (they mirror servers that still exist); the box's ``down``
calls :func:`teardown_all` with the same state dir.
"""

from __future__ import annotations

from pathlib import Path

from govcloud.testing.hosts.site import Site


def teardown_all(state_dir: Path | str) -> list[str]:
    """Destroy every stand-in host of ``state_dir``; return their names. Safe to call twice."""
    return Site(Path(state_dir)).teardown_all()
