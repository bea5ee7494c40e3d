"""Make an overlay into one particular host: hostname, /etc/hosts, own host keys, login user and keys."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.testing.hosts._run import run

if TYPE_CHECKING:
    from govcloud.testing.hosts.spec import HostSpec

HOST_KEY_TYPES = ("ed25519", "ecdsa")  # RSA costs ~0.5 s per host; these two cost ~0.
HOSTKEY_DROPIN = Path("etc/ssh/sshd_config.d/00-govcloud-hostkeys.conf")


def personalise(merged: Path, spec: HostSpec) -> None:
    """Write the per-host files into the overlay before sshd starts."""
    name = spec.effective_hostname
    (merged / "etc/hostname").write_text(f"{name}\n", encoding="utf-8")
    hosts = f"127.0.0.1\tlocalhost\n127.0.1.1\t{name}\n{spec.address}\t{name}\n::1\tlocalhost ip6-localhost\n"
    (merged / "etc/hosts").write_text(hosts, encoding="utf-8")
    _host_keys(merged, name)
    uid, gid, home = _ensure_user(merged, spec.login_user)
    _authorized_keys(merged / home.lstrip("/"), spec.authorized_keys, uid, gid)


def _host_keys(merged: Path, name: str) -> None:
    lines = ["# govcloud.testing.hosts: keys generated for this host at creation (RSA omitted for speed)"]
    for kind in HOST_KEY_TYPES:
        key = merged / f"etc/ssh/ssh_host_{kind}_key"
        key.unlink(missing_ok=True)
        key.with_suffix(".pub").unlink(missing_ok=True)
        run(["ssh-keygen", "-q", "-N", "", "-t", kind, "-C", f"root@{name}", "-f", str(key)])
        lines.append(f"HostKey /etc/ssh/ssh_host_{kind}_key")
    (merged / HOSTKEY_DROPIN).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _passwd_entry(merged: Path, user: str) -> tuple[int, int, str] | None:
    for line in (merged / "etc/passwd").read_text(encoding="utf-8").splitlines():
        fields = line.split(":")
        if fields[0] == user:
            return int(fields[2]), int(fields[3]), fields[5]
    return None


def _ensure_user(merged: Path, user: str) -> tuple[int, int, str]:
    """Return (uid, gid, home) of the login user, creating it with NOPASSWD sudo if the base lacks it."""
    entry = _passwd_entry(merged, user)
    if entry is None:
        run(["chroot", str(merged), "useradd", "-m", "-s", "/bin/bash", "-p", "*", user])
        sudoers = merged / "etc/sudoers.d" / user
        sudoers.write_text(f"{user} ALL=(ALL) NOPASSWD:ALL\n", encoding="utf-8")
        sudoers.chmod(0o440)
        entry = _passwd_entry(merged, user)
    if entry is None:
        msg = f"user {user} missing after useradd"
        raise RuntimeError(msg)
    return entry


def _authorized_keys(home: Path, keys: tuple[str, ...], uid: int, gid: int) -> None:
    ssh = home / ".ssh"
    ssh.mkdir(mode=0o700, exist_ok=True)
    target = ssh / "authorized_keys"
    target.write_text("".join(f"{k}\n" for k in keys), encoding="utf-8")
    target.chmod(0o600)
    for p in (ssh, target):
        os.chown(p, uid, gid)
