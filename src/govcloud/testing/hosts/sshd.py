"""Run a host's sshd: chroot into its overlay inside private mount/pid/uts/ipc namespaces.

The boot script is a constant; paths and names reach it as positional arguments, never spliced into
shell text. /proc/sys is read-only except /proc/sys/net, so a playbook's ``sysctl -p`` can set the
host's own (per-netns) ``net.*`` values but fails loudly on ``kernel.*``, which are global to the real
machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from govcloud.testing.hosts._run import run

BOOT = r"""set -e
root=$1; name=$2; shift 2
hostname "$name"
mount -t proc proc "$root/proc"
mount --bind "$root/proc/sys" "$root/proc/sys"
mount -o remount,bind,ro "$root/proc/sys"
mount --bind "$root/proc/sys/net" "$root/proc/sys/net"
mount -o remount,bind,rw "$root/proc/sys/net"
mount -t sysfs -o ro sysfs "$root/sys"
mount -t tmpfs -o mode=755,size=16m tmpfs "$root/dev"
for d in null zero full random urandom tty; do
  touch "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"
done
mkdir "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
ln -s /proc/self/fd "$root/dev/fd"
mount -t tmpfs -o mode=1777,size=64m tmpfs "$root/dev/shm"
mount -t tmpfs -o mode=755,size=64m tmpfs "$root/run"
mkdir -p "$root/run/sshd" "$root/run/lock"
exec chroot "$root" /usr/sbin/sshd -D -e "$@"
"""
ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}


@dataclass(frozen=True)
class Proc:
    """A process identity that survives PID reuse: pid plus its start time in clock ticks."""

    pid: int
    start: int

    def alive(self) -> bool:
        """Return whether this exact process still runs (a zombie counts as gone)."""
        stat = _stat(self.pid)
        return stat is not None and stat[1] == self.start and stat[0] != "Z"


def _stat(pid: int) -> tuple[str, int] | None:
    """Return (state, starttime) of a pid from /proc, or None if it does not exist."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[19])


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8").split()]
    except OSError:
        return []


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _netns_pids(netns: str) -> list[int]:
    return [int(p) for p in run(["ip", "netns", "pids", netns], check=False).split()]


def start(netns: str, merged: Path, hostname: str, listen: list[str], log: Path) -> tuple[Proc, Proc]:
    """Spawn ``ip netns exec NS unshare ... sshd``; return (unshare, sshd) once sshd has exec'd.

    ``setsid --fork`` detaches the host from the caller: a long-lived caller (the reconciler, run by the
    box's process manager, which stops a service's whole process tree) must not count hosts as its
    children. The orphaned unshare is reaped by init.
    """
    argv = ["setsid", "--fork", "ip", "netns", "exec", netns]
    argv += ["unshare", "--mount", "--pid", "--uts", "--ipc", "--fork"]
    argv += ["--propagation", "private", "/bin/sh", "-c", BOOT, "gc-boot", str(merged), hostname]
    for addr in listen:
        argv += ["-o", f"ListenAddress={addr}"]
    argv += ["-o", "PidFile=none"]
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    launcher = os.posix_spawnp(argv[0], argv, ENV, file_actions=actions)
    os.waitpid(launcher, 0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for pid in _netns_pids(netns):
            stat = _stat(pid)
            if stat is None or _comm(pid) != "unshare":
                continue
            for child in _children(pid):
                child_stat = _stat(child)
                if child_stat is not None and _comm(child) == "sshd":
                    return Proc(pid, stat[1]), Proc(child, child_stat[1])
        time.sleep(0.005)
    msg = f"sshd did not start within 10 s; log {log}: {log.read_text(encoding='utf-8')[-800:]}"
    raise RuntimeError(msg)


def reap(pid: int) -> None:
    """Collect ``pid`` if it is our child (no zombies in long-lived callers); ignore it otherwise."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def stop(unshare: Proc, sshd: Proc, timeout: float = 5.0) -> None:
    """SIGTERM sshd (pid 1 of its pid ns: its death kills the rest); the unshare pid ignores SIGTERM."""
    if sshd.alive():
        with contextlib.suppress(ProcessLookupError):
            os.kill(sshd.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reap(unshare.pid)
        if not unshare.alive() and not sshd.alive():
            return
        time.sleep(0.01)
    for proc in (sshd, unshare):
        if proc.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
    reap(unshare.pid)
