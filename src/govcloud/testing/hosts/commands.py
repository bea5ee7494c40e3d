"""What ``govcloud hosts up|list|down|ssh-config`` do; :mod:`govcloud.commands.hosts` imports this only when one runs.

The rig raises plain exceptions (its pytest fixtures want them as they are); this is where they reach a
person, so here they become ``GovcloudError``: a bad spec, name or state folder is unusable input (exit
2), a name taken by another spec a refusal and a step of the machine that failed (root file system,
netns, sshd) a failed action (exit 1).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.errors import ActionFailedError, GovcloudError, RefusalError
from govcloud.testing.hosts import HostSpec, Nic, Site
from govcloud.testing.hosts.site import HostExistsError

if TYPE_CHECKING:
    import argparse
    from pathlib import Path


def _unusable(code: str, exc: ValueError, where: str) -> GovcloudError:
    return GovcloudError(code, Text(f"不可用：{exc}", f"unusable: {exc}"), where=where)


def _site(args: argparse.Namespace) -> Site:
    try:
        return Site(args.state_dir)
    except ValueError as exc:  # a state folder whose path cannot name kernel objects
        raise _unusable("hosts-state-dir-usable", exc, "--state-dir") from exc


def _authorized_keys(files: list[Path]) -> list[str]:
    keys = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            message = Text(
                f"公钥文件无法读取（{exc.strerror}）", f"the public key file cannot be read ({exc.strerror})"
            )
            raise GovcloudError("host-pubkey-readable", message, where=str(path)) from exc
        keys += [line.strip() for line in text.splitlines() if line.strip()]
    return keys


def handle_up(args: argparse.Namespace) -> int:
    """Create and start one host from the options; print how to reach it."""
    keys = _authorized_keys(args.pubkey)
    identity = next(
        (str(p.with_suffix("")) for p in args.pubkey if p.suffix == ".pub" and p.with_suffix("").exists()),
        None,
    )
    spec = HostSpec(
        name=args.name,
        nics=(Nic(args.network, args.ip, args.gateway),),
        hostname=args.hostname,
        login_user=args.user,
        authorized_keys=tuple(keys),
        identity_file=identity,
        ssh_source=args.ssh_source,
    )
    site = _site(args)
    try:
        host = site.create_host(spec)
    except HostExistsError as exc:  # a ValueError too: caught first
        text = Text(
            f"该主机已以另一规格存在，请先销毁：{exc}",
            f"the host exists with another spec, destroy it first: {exc}",
        )
        raise RefusalError("host-name-free", text, where=spec.name) from exc
    except ValueError as exc:  # the spec or a name: nothing was made
        raise _unusable("host-spec-valid", exc, spec.name) from exc
    except RuntimeError as exc:  # root file system, netns, sshd: create_host took down what it had made
        text = Text(f"主机未能启动：{exc}", f"the host did not start: {exc}")
        raise ActionFailedError("host-started", text, where=spec.name) from exc
    sys.stdout.write(f"{host.name} {host.address} up; ssh -F {host.ssh_config} {host.name}\n")
    return 0


def handle_list(args: argparse.Namespace) -> int:
    """List the set's hosts as a table or JSON (with whether each still runs)."""
    hosts = _site(args).list_hosts()
    if args.json:
        doc = [{**h.to_json(), "running": h.running, "ssh_config": str(h.ssh_config)} for h in hosts]
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return 0
    for h in hosts:
        state = "running" if h.running else "DEAD"
        sys.stdout.write(f"{h.name:42} {h.address:16} {h.spec.effective_hostname:40} {state}\n")
    return 0


def handle_down(args: argparse.Namespace) -> int:
    """Destroy one host, or every host of the set with ``--all``."""
    site = _site(args)
    if args.all == bool(args.name):
        text = Text("须给出 NAME 或 --all（二者取一）", "give a NAME or --all (one of them)")
        raise GovcloudError("hosts-down-target", text, where="NAME, --all")
    if args.all:
        for name in site.teardown_all():
            sys.stdout.write(f"{name} down\n")
        return 0
    try:
        existed = site.destroy_host(args.name)
    except ValueError as exc:  # not a host name: nothing was looked up
        raise _unusable("host-name-valid", exc, args.name) from exc
    sys.stdout.write(f"{args.name} {'down' if existed else 'was not there'}\n")
    return 0


def handle_ssh_config(args: argparse.Namespace) -> int:
    """Print the ssh_config reaching every host, or its path."""
    site = _site(args)
    if args.path:
        sys.stdout.write(f"{site.ssh_config}\n")
    elif site.ssh_config.exists():
        sys.stdout.write(site.ssh_config.read_text(encoding="utf-8"))
    return 0
