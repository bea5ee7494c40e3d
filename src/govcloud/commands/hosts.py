"""``govcloud hosts``: create, list and destroy netns hosts (real SSH hosts standing in for VMs).

The hosts are a test rig: their handlers are in :mod:`govcloud.testing.hosts.commands`, loaded only
when one of these runs.

Example:
    govcloud hosts up web1 --ip 10.20.0.10/24 --gateway 10.20.0.1 --pubkey ~/.ssh/id_ed25519.pub
    ssh -F "$(govcloud hosts ssh-config --path)" web1 sudo -n id -u

"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.commands.rigs import rig_handler

if TYPE_CHECKING:
    from govcloud.commands import SubParsers


HANDLERS = "govcloud.testing.hosts.commands"


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
    up.add_argument(
        "--ssh-source",
        type=IPv4Address,
        default=None,
        help="where management connects from, as from a bastion (needs --gateway); default: the fabric's address",
    )
    up.add_argument("--hostname", default="", help="default: NAME")
    up.add_argument("--user", default="ops", help="login user with NOPASSWD sudo")
    up.add_argument(
        "--pubkey", type=Path, action="append", default=[], help="authorized key file (repeatable)"
    )
    up.set_defaults(handler=rig_handler(HANDLERS, "handle_up"))

    listing = actions.add_parser("list", help="list hosts of the set")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=rig_handler(HANDLERS, "handle_list"))

    down = actions.add_parser("down", help="destroy a host, or --all")
    down.add_argument("name", nargs="?")
    down.add_argument("--all", action="store_true")
    down.set_defaults(handler=rig_handler(HANDLERS, "handle_down"))

    cfg = actions.add_parser("ssh-config", help="print the ssh_config reaching every host")
    cfg.add_argument("--path", action="store_true", help="print the file's path instead")
    cfg.set_defaults(handler=rig_handler(HANDLERS, "handle_ssh_config"))
