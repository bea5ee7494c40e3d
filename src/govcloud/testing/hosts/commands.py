"""What ``govcloud hosts up|list|down|ssh-config`` do; :mod:`govcloud.commands.hosts` imports this only when one runs."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from govcloud.testing.hosts import HostSpec, Nic, Site
from govcloud.testing.hosts.rootfs import RootfsError

if TYPE_CHECKING:
    import argparse


def _fail(msg: str) -> int:
    sys.stderr.write(f"govcloud hosts: {msg}\n")
    return 1


def handle_up(args: argparse.Namespace) -> int:
    """Create and start one host from the options; print how to reach it."""
    keys = []
    try:
        for path in args.pubkey:
            keys += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as exc:
        return _fail(str(exc))
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
    )
    try:
        host = Site(args.state_dir).create_host(spec)
    except (ValueError, RuntimeError, RootfsError) as exc:
        return _fail(str(exc))
    sys.stdout.write(f"{host.name} {host.address} up; ssh -F {host.ssh_config} {host.name}\n")
    return 0


def handle_list(args: argparse.Namespace) -> int:
    """List the set's hosts as a table or JSON (with whether each still runs)."""
    hosts = Site(args.state_dir).list_hosts()
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
    site = Site(args.state_dir)
    if args.all == bool(args.name):
        return _fail("give a NAME or --all")
    if args.all:
        for name in site.teardown_all():
            sys.stdout.write(f"{name} down\n")
        return 0
    try:
        existed = site.destroy_host(args.name)
    except ValueError as exc:
        return _fail(str(exc))
    sys.stdout.write(f"{args.name} {'down' if existed else 'was not there'}\n")
    return 0


def handle_ssh_config(args: argparse.Namespace) -> int:
    """Print the ssh_config reaching every host, or its path."""
    site = Site(args.state_dir)
    if args.path:
        sys.stdout.write(f"{site.ssh_config}\n")
    elif site.ssh_config.exists():
        sys.stdout.write(site.ssh_config.read_text(encoding="utf-8"))
    return 0
