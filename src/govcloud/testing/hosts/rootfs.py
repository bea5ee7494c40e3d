"""Build the shared base rootfs once (debootstrap bookworm), atomically, then only ever read it.

Every host is an overlay on this tree, so anything a hardening playbook needs must be in it: the hosts
have no network to install packages from.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from pathlib import Path

from govcloud.testing.hosts import paths
from govcloud.testing.hosts._run import run

SUITE = "bookworm"
LOGIN_USER = "ops"
STAMP = Path("etc/govcloud-rootfs.json")
SOURCES = Path("/etc/apt/sources.list.d/debian.sources")
FALLBACK_MIRROR = "http://deb.debian.org/debian"
# python3: every Ansible module but raw; python3-apt: the apt module (cannot self-install offline);
# openssh-server + sudo: the transport and become; procps/iproute2: sysctl, ps, ip facts;
# libpam-pwquality: password-complexity controls (SEC-10); nftables: host firewall controls.
PACKAGES = (
    "python3",
    "python3-apt",
    "openssh-server",
    "sudo",
    "procps",
    "iproute2",
    "libpam-pwquality",
    "nftables",
)


class RootfsError(RuntimeError):
    """The base rootfs could not be built; the message says why."""


def mirror_from_sources(sources: Path = SOURCES) -> str:
    """Return the main Debian mirror URI of the machine's deb822 sources (not the security one)."""
    if not sources.exists():
        return FALLBACK_MIRROR
    for stanza in sources.read_text(encoding="utf-8").split("\n\n"):
        fields = dict(
            line.split(":", 1) for line in stanza.splitlines() if ":" in line and not line.startswith("#")
        )
        suites = fields.get("Suites", "").split()
        uris = fields.get("URIs", "").split()
        if SUITE in suites and uris:
            return uris[0].strip()
    return FALLBACK_MIRROR


def is_built(root: Path) -> bool:
    """Return whether ``root`` is a finished base rootfs (the stamp is written last, before the rename)."""
    return (root / STAMP).is_file()


def ensure_rootfs(root: Path | None = None) -> Path:
    """Return the base rootfs path, building it first if needed (serialised by a lock file)."""
    root = root or paths.rootfs_dir()
    ensure_tools()
    if is_built(root):
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    with (root.parent / f".{root.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_built(root):
            _build(root)
    return root


def ensure_tools(tools: dict[str, str] | None = None) -> None:
    """Install missing controller tools via apt: debootstrap, and nc for the ssh ProxyCommand."""
    wanted = tools if tools is not None else {"debootstrap": "debootstrap", "nc": "netcat-openbsd"}
    missing = sorted({pkg for tool, pkg in wanted.items() if not shutil.which(tool)})
    if not missing:
        return
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600"]
    run([*apt, "update", "-q"])
    run([*apt, "install", "-y", "-q", "--no-install-recommends", *missing])


def _build(root: Path) -> None:
    if root.exists():
        msg = f"{root} exists but has no {STAMP}: a half-built rootfs? remove it and retry"
        raise RootfsError(msg)
    ensure_tools()
    tmp = root.parent / f".{root.name}.build-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.monotonic()
    mirror = mirror_from_sources()
    try:
        run(
            [
                "debootstrap",
                "--variant=minbase",
                f"--include={','.join(PACKAGES)}",
                SUITE,
                str(tmp),
                mirror,
            ]
        )
        _customise(tmp)
        stamp = {
            "suite": SUITE,
            "mirror": mirror,
            "packages": list(PACKAGES),
            "login_user": LOGIN_USER,
            "build_seconds": round(time.monotonic() - started, 1),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        (tmp / STAMP).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
        tmp.rename(root)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        msg = f"building the base rootfs {root} failed: {exc}"
        raise RootfsError(msg) from exc


def _customise(tmp: Path) -> None:
    """Add the login user and sudo rule; drop host keys so each host generates its own."""
    run(["chroot", str(tmp), "useradd", "-m", "-s", "/bin/bash", "-p", "*", LOGIN_USER])
    sudoers = tmp / "etc/sudoers.d" / LOGIN_USER
    sudoers.write_text(f"{LOGIN_USER} ALL=(ALL) NOPASSWD:ALL\n", encoding="utf-8")
    sudoers.chmod(0o440)
    (tmp / "etc/hosts").write_text("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n", encoding="utf-8")
    for key in (tmp / "etc/ssh").glob("ssh_host_*"):
        key.unlink()
    if SOURCES.exists():
        (tmp / "etc/apt/sources.list.d").mkdir(parents=True, exist_ok=True)
        shutil.copy2(SOURCES, tmp / "etc/apt/sources.list.d/debian.sources")
        (tmp / "etc/apt/sources.list").unlink(missing_ok=True)
    for deb in (tmp / "var/cache/apt/archives").glob("*.deb"):
        deb.unlink()
    (tmp / "run/sshd").mkdir(parents=True, exist_ok=True)


def size_bytes(root: Path) -> int:
    """Return the apparent size of the rootfs (files only, symlinks not followed), for the benchmark."""
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            if not p.is_symlink():
                total += p.stat().st_size
    return total
