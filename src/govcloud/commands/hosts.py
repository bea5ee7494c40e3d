"""``govcloud hosts``: create, list and destroy netns hosts (real SSH hosts standing in for VMs).

Example:
    govcloud hosts up web1 --ip 10.20.0.10/24 --gateway 10.20.0.1 --pubkey ~/.ssh/id_ed25519.pub
    ssh -F "$(govcloud hosts ssh-config --path)" web1 sudo -n id -u

"""

from __future__ import annotations

import json
import sys
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.testing.hosts import HostSpec, Nic, Site
from govcloud.testing.hosts.rootfs import RootfsError

if TYPE_CHECKING:
    import argparse

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]  # noqa: SLF001 - argparse exposes no public name


def register(subparsers: SubParsers) -> None:
    """Add ``hosts up``, ``hosts list``, ``hosts down`` and ``hosts ssh-config``."""
    parser = subparsers.add_parser("hosts", help="real Linux hosts in network namespaces (needs root)")
    parser.add_argument(
        "--state-dir", type=Path, default=None, help="host set (default: $GOVCLOUD_HOSTS_DIR)"
    )
    actions = parser.add_subparsers(dest="hosts_command", required=True, metavar="ACTION")

    up = actions.add_parser("up", help="create and start a host")
    up.add_argument("name", help="1-40 of [a-z0-9-]")
    up.add_argument("--ip", type=IPv4Interface, required=True, help="address/prefix, e.g. 10.20.0.10/24")
    up.add_argument("--gateway", type=IPv4Address, default=None, help="default: no default route")
    up.add_argument("--network", default="default", help="tenant network name (hosts on it share L2)")
    up.add_argument("--hostname", default="", help="default: NAME")
    up.add_argument("--user", default="ops", help="login user with NOPASSWD sudo")
    up.add_argument(
        "--pubkey", type=Path, action="append", default=[], help="authorized key file (repeatable)"
    )
    up.set_defaults(handler=_up)

    listing = actions.add_parser("list", help="list hosts of the set")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    down = actions.add_parser("down", help="destroy a host, or --all")
    down.add_argument("name", nargs="?")
    down.add_argument("--all", action="store_true")
    down.set_defaults(handler=_down)

    cfg = actions.add_parser("ssh-config", help="print the ssh_config reaching every host")
    cfg.add_argument("--path", action="store_true", help="print the file's path instead")
    cfg.set_defaults(handler=_ssh_config)


def _fail(msg: str) -> int:
    sys.stderr.write(f"govcloud hosts: {msg}\n")
    return 1


def _up(args: argparse.Namespace) -> int:
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


def _list(args: argparse.Namespace) -> int:
    hosts = Site(args.state_dir).list_hosts()
    if args.json:
        doc = [{**h.to_json(), "running": h.running, "ssh_config": str(h.ssh_config)} for h in hosts]
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return 0
    for h in hosts:
        state = "running" if h.running else "DEAD"
        sys.stdout.write(f"{h.name:42} {h.address:16} {h.spec.effective_hostname:40} {state}\n")
    return 0


def _down(args: argparse.Namespace) -> int:
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


def _ssh_config(args: argparse.Namespace) -> int:
    site = Site(args.state_dir)
    if args.path:
        sys.stdout.write(f"{site.ssh_config}\n")
    elif site.ssh_config.exists():
        sys.stdout.write(site.ssh_config.read_text(encoding="utf-8"))
    return 0
