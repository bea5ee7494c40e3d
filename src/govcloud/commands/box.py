"""`govcloud box up|status|down|env`: the local OpenStack control plane (fake hypervisor, 127.0.0.1).

The box is a test rig: its handlers are in :mod:`govcloud.testing.box.commands`, loaded only when one
of these runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.commands.rigs import rig_handler

if TYPE_CHECKING:
    from govcloud.commands import SubParsers

HANDLERS = "govcloud.testing.box.commands"


def register(subparsers: SubParsers) -> None:
    """Add the `box` command group."""
    box = subparsers.add_parser(
        "box",
        help="local OpenStack control plane on 127.0.0.1 (fake hypervisor)",
        description=__doc__,
    )
    actions = box.add_subparsers(dest="box_command", required=True, metavar="ACTION")
    up = actions.add_parser("up", help="install, configure, start and seed the box (idempotent)")
    up.set_defaults(handler=rig_handler(HANDLERS, "handle_up"))
    down = actions.add_parser("down", help="stop every process the box started (idempotent)")
    down.set_defaults(handler=rig_handler(HANDLERS, "handle_down"))
    status = actions.add_parser("status", help="per-service PID, API and memory; exit 0 up, 3 partly, 4 down")
    status.add_argument("--format", choices=("table", "json"), default="table")
    status.set_defaults(handler=rig_handler(HANDLERS, "handle_status"))
    env = actions.add_parser("env", help="print export OS_CLIENT_CONFIG_FILE=... OS_CLOUD=... lines")
    env.add_argument(
        "--cloud", default=None, help="a cloud of the box's clouds.yaml (default: its admin cloud)"
    )
    env.set_defaults(handler=rig_handler(HANDLERS, "handle_env"))
