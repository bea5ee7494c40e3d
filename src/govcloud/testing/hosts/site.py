"""Host lifecycle within one state dir (a "site"): create, list, destroy, all idempotent.

Layout of a state dir::

    .lock                  flock serialising changes (CLI, reconciler and tests may race)
    ssh_config             every host of the site
    networks/<hash>.json   one per tenant network with a live fabric netns
    hosts/<name>/          host.json, sshd.log, ssh_config, upper/ work/ merged/ (the overlay)
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud.testing.hosts import fabric, names, paths, sshd
from govcloud.testing.hosts._run import ok, run
from govcloud.testing.hosts.personalise import personalise
from govcloud.testing.hosts.rootfs import ensure_rootfs
from govcloud.testing.hosts.spec import HostSpec
from govcloud.testing.hosts.sshconfig import SshEntry, ansible_ssh_common_args, render

if TYPE_CHECKING:
    from collections.abc import Iterator

READY_TIMEOUT = 10.0
UNSAFE_PATH_CHARS = frozenset(",:\\ \t\n")  # overlay mount options split on ',' and ':'


class HostExistsError(ValueError):
    """A host of that name exists with a different spec; destroy it first."""


@dataclass(frozen=True)
class Host:
    """A created host as recorded in its state file."""

    spec: HostSpec
    netns: str
    fabrics: tuple[str, ...]
    dir: Path
    unshare: sshd.Proc | None
    sshd: sshd.Proc | None

    @property
    def name(self) -> str:
        """The host's key in its site."""
        return self.spec.name

    @property
    def address(self) -> str:
        """The primary address, where ssh connects."""
        return str(self.spec.address)

    @property
    def ssh_config(self) -> Path:
        """ssh_config with just this host (alias = name and address)."""
        return self.dir / "ssh_config"

    @property
    def running(self) -> bool:
        """Whether its sshd still runs."""
        return self.sshd is not None and self.sshd.alive()

    @property
    def ssh_source(self) -> str | None:
        """The address the controller connects from (a bastion address), or None: the fabric's own."""
        return None if self.spec.ssh_source is None else str(self.spec.ssh_source)

    def ssh_entry(self) -> SshEntry:
        """Return this host as an ssh_config entry."""
        return SshEntry(
            self.name,
            self.address,
            self.spec.login_user,
            self.fabrics[0],
            self.spec.identity_file,
            self.ssh_source,
        )

    def ansible_vars(self, private_key: Path | str | None = None) -> dict[str, Any]:
        """Inventory variables reaching this host over SSH through the fabric, with become."""
        key = private_key or self.spec.identity_file
        out: dict[str, Any] = {
            "ansible_host": self.address,
            "ansible_user": self.spec.login_user,
            "ansible_ssh_common_args": ansible_ssh_common_args(self.fabrics[0], self.ssh_source),
            "ansible_become": True,
            "ansible_python_interpreter": "/usr/bin/python3",
        }
        if key:
            out["ansible_ssh_private_key_file"] = str(key)
        return out

    def to_json(self) -> dict[str, Any]:
        """Plain-data form (state file, CLI, reconciler status)."""
        return {
            "spec": self.spec.to_json(),
            "netns": self.netns,
            "fabrics": list(self.fabrics),
            "unshare": None if self.unshare is None else [self.unshare.pid, self.unshare.start],
            "sshd": None if self.sshd is None else [self.sshd.pid, self.sshd.start],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], host_dir: Path) -> Host:
        """Inverse of :meth:`to_json`."""
        un, sd = data.get("unshare"), data.get("sshd")
        return cls(
            spec=HostSpec.from_json(data["spec"]),
            netns=str(data["netns"]),
            fabrics=tuple(data["fabrics"]),
            dir=host_dir,
            unshare=None if un is None else sshd.Proc(int(un[0]), int(un[1])),
            sshd=None if sd is None else sshd.Proc(int(sd[0]), int(sd[1])),
        )


def _mounted(path: Path) -> bool:
    target = str(path)
    with Path("/proc/self/mountinfo").open(encoding="utf-8") as f:
        return any(line.split()[4] == target for line in f)


class Site:
    """A set of hosts sharing a state dir; kernel object names are scoped by the dir's real path."""

    def __init__(self, state_dir: Path | str | None = None) -> None:
        """Use ``state_dir`` (default: ``GOVCLOUD_HOSTS_DIR`` or /var/lib/govcloud-hosts)."""
        self.dir = Path(state_dir or paths.hosts_dir()).absolute()
        if UNSAFE_PATH_CHARS & set(str(self.dir)):
            msg = f"state dir {self.dir} must not contain whitespace, ',', ':' or '\\'"
            raise ValueError(msg)
        self.site_id = str(self.dir)

    @property
    def ssh_config(self) -> Path:
        """ssh_config covering every host of the site."""
        return self.dir / "ssh_config"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True)
        with (self.dir / ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _host_dir(self, name: str) -> Path:
        return self.dir / "hosts" / names.validate_name(name)

    def _record(self, host: Host) -> None:
        tmp = host.dir / "host.json.tmp"
        tmp.write_text(json.dumps(host.to_json(), indent=2) + "\n", encoding="utf-8")
        tmp.replace(host.dir / "host.json")

    def get_host(self, name: str) -> Host | None:
        """Return the recorded host ``name`` or None."""
        host_dir = self._host_dir(name)
        try:
            data = json.loads((host_dir / "host.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return Host.from_json(data, host_dir)

    def list_hosts(self) -> list[Host]:
        """Every recorded host, sorted by name (check ``running`` for liveness)."""
        root = self.dir / "hosts"
        found = [self.get_host(p.name) for p in sorted(root.iterdir())] if root.is_dir() else []
        return [h for h in found if h is not None]

    def create_host(self, spec: HostSpec, rootfs: Path | None = None) -> Host:
        """Create and start a host; return it once its sshd accepts TCP through the fabric."""
        spec.validate()
        base = ensure_rootfs(rootfs)
        with self._locked():
            existing = self.get_host(spec.name)
            if existing is not None:
                if existing.spec == spec and existing.running:
                    return existing
                if existing.spec != spec:
                    msg = f"host {spec.name} exists with another spec; destroy it first"
                    raise HostExistsError(msg)
                self._teardown(existing.dir)
            host = Host(
                spec=spec,
                netns=names.host_netns(self.site_id, spec.name),
                fabrics=tuple(names.fabric_netns(self.site_id, nic.network) for nic in spec.nics),
                dir=self._host_dir(spec.name),
                unshare=None,
                sshd=None,
            )
            try:
                host = self._bring_up(host, base)
            except BaseException:
                self._teardown(host.dir)
                self._write_site_ssh_config()
                raise
            self._write_site_ssh_config()
            return host

    def _bring_up(self, host: Host, base: Path) -> Host:
        for sub in ("upper", "work", "merged"):
            (host.dir / sub).mkdir(parents=True, exist_ok=True)
        self._record(host)
        merged = host.dir / "merged"
        opts = f"lowerdir={base},upperdir={host.dir / 'upper'},workdir={host.dir / 'work'}"
        run(["mount", "-t", "overlay", "overlay", "-o", opts, str(merged)])
        personalise(merged, host.spec)
        fabric.delete_netns(host.netns)
        fabric.add_netns(host.netns)
        datapath = host.spec.datapath
        for index, (nic, fab) in enumerate(zip(host.spec.nics, host.fabrics, strict=True)):
            record = self.dir / "networks" / f"{fab}.json"
            fabric.ensure_fabric(fab, nic, record)
            if datapath is not None and nic.port is not None:
                fabric.link_datapath(fab, datapath, nic.port, names.datapath_veth(self.site_id, nic.network))
                fabric.attach_port(datapath, host.netns, f"eth{index}", nic, default_route=index == 0)
                continue
            veth = names.fabric_veth(self.site_id, host.name, index)
            fabric.attach(fab, veth, host.netns, f"eth{index}", nic, default_route=index == 0)
        if host.spec.ssh_source is not None:
            fabric.carry_source(host.fabrics[0], host.spec.ssh_source)
        listen = [str(nic.address.ip) for nic in host.spec.nics]
        unshare, daemon = sshd.start(
            host.netns, merged, host.spec.effective_hostname, listen, host.dir / "sshd.log"
        )
        host = Host(host.spec, host.netns, host.fabrics, host.dir, unshare, daemon)
        self._record(host)
        host.ssh_config.write_text(render([host.ssh_entry()]), encoding="utf-8")
        deadline = time.monotonic() + READY_TIMEOUT
        while not fabric.tcp_open(host.fabrics[0], host.address, source=host.ssh_source):
            if time.monotonic() > deadline or not daemon.alive():
                log = (host.dir / "sshd.log").read_text(encoding="utf-8")[-800:]
                msg = (
                    f"host {host.name}: sshd not reachable on {host.address}:22 via {host.fabrics[0]}: {log}"
                )
                raise RuntimeError(msg)
            time.sleep(0.02)
        return host

    def destroy_host(self, name: str) -> bool:
        """Stop and remove host ``name``; return whether there was anything to remove. Idempotent."""
        with self._locked():
            host_dir = self._host_dir(name)
            existed = host_dir.exists()
            self._teardown(host_dir)
            self._write_site_ssh_config()
            return existed

    def teardown_all(self) -> list[str]:
        """Destroy every host of the site (box shutdown, end of a test session); return their names."""
        with self._locked():
            root = self.dir / "hosts"
            gone = sorted(p.name for p in root.iterdir()) if root.is_dir() else []
            for name in gone:
                self._teardown(root / name)
            for record in sorted((self.dir / "networks").glob("*.json")):
                fabric.delete_netns(record.stem)
                record.unlink()
            self._write_site_ssh_config()
            return gone

    def _teardown(self, host_dir: Path) -> None:
        """Kill sshd, delete netns (veths go with it), unmount, remove state; drop unused fabrics."""
        try:
            host: Host | None = Host.from_json(
                json.loads((host_dir / "host.json").read_text(encoding="utf-8")), host_dir
            )
        except FileNotFoundError:
            host = None
        if host is not None:
            if host.unshare is not None and host.sshd is not None:
                sshd.stop(host.unshare, host.sshd)
            fabric.delete_netns(host.netns)
        merged = host_dir / "merged"
        for _ in range(50):
            if not _mounted(merged) or ok(["umount", str(merged)]):
                break
            time.sleep(0.1)
        else:
            ok(["umount", "--lazy", str(merged)])
        shutil.rmtree(host_dir, ignore_errors=True)
        if host is not None:
            self._drop_unused_fabrics(host.fabrics)

    def _drop_unused_fabrics(self, candidates: tuple[str, ...]) -> None:
        in_use = {fab for h in self.list_hosts() for fab in h.fabrics}
        for fab in candidates:
            if fab not in in_use:
                fabric.delete_netns(fab)
                (self.dir / "networks" / f"{fab}.json").unlink(missing_ok=True)

    def _write_site_ssh_config(self) -> None:
        tmp = self.dir / "ssh_config.tmp"
        tmp.write_text(render(h.ssh_entry() for h in self.list_hosts()), encoding="utf-8")
        tmp.replace(self.ssh_config)
