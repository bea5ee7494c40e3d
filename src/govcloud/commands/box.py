"""`govcloud box up|status|down|env`: the local OpenStack control plane (fake hypervisor, 127.0.0.1).

Exit codes: 0 success; 1 `up`/`down` failed (the message names the step and its log);
`status`: 0 all services up, 3 partly up, 4 down.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from govcloud.testing.box import clouds
from govcloud.testing.box import down as box_down
from govcloud.testing.box import status as box_status
from govcloud.testing.box import up as box_up
from govcloud.testing.box.paths import BoxPaths

if TYPE_CHECKING:
    import argparse

EXIT_FAILED = 1


def _say(message: str) -> None:
    print(message, flush=True)


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _need_root() -> int | None:
    if os.geteuid() != 0:
        _err("govcloud box: must run as root (it installs packages and runs daemons)")
        return EXIT_FAILED
    return None


def handle_up(_args: argparse.Namespace) -> int:
    """Install, configure, start and seed the box; print timings."""
    if (failed := _need_root()) is not None:
        return failed
    box = BoxPaths.from_env()
    start = time.monotonic()
    try:
        report = box_up.up(box, _say)
    except Exception as error:  # noqa: BLE001 - openstacksdk/keystoneauth errors: report, don't traceback
        kind = type(error).__name__
        _err(f"govcloud box up: FAILED after {time.monotonic() - start:.1f}s: {kind}: {error}")
        return EXIT_FAILED
    started = ", ".join(report.started) or "nothing (already running)"
    _say(f"started: {started}")
    _say(f"box up in {time.monotonic() - start:.1f}s; clouds.yaml: {box.clouds_yaml}")
    _say(f'use it: eval "$(govcloud box env --cloud {clouds.TENANT_CLOUD})"')
    return 0


def handle_down(_args: argparse.Namespace) -> int:
    """Stop every process `up` started, by recorded PID."""
    if (failed := _need_root()) is not None:
        return failed
    start = time.monotonic()
    left = box_down.down(BoxPaths.from_env(), _say)
    if left:
        _err(f"govcloud box down: ports still listening: {left}")
        return EXIT_FAILED
    _say(f"box down in {time.monotonic() - start:.1f}s")
    return 0


def handle_status(args: argparse.Namespace) -> int:
    """Print per-service status; exit 0 up, 3 partly up, 4 down."""
    rows = box_status.collect(BoxPaths.from_env())
    _say(box_status.as_json(rows) if args.format == "json" else box_status.table(rows))
    return box_status.exit_code(rows)


def handle_env(args: argparse.Namespace) -> int:
    """Print the export lines selecting one of the box's clouds."""
    for line in clouds.env_lines(BoxPaths.from_env().clouds_yaml, args.cloud):
        _say(line)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `box` command group."""
    box = subparsers.add_parser(
        "box",
        help="local OpenStack control plane on 127.0.0.1 (fake hypervisor)",
        description=__doc__,
    )
    actions = box.add_subparsers(dest="box_command", required=True, metavar="ACTION")
    up = actions.add_parser("up", help="install, configure, start and seed the box (idempotent)")
    up.set_defaults(handler=handle_up)
    down = actions.add_parser("down", help="stop every process the box started (idempotent)")
    down.set_defaults(handler=handle_down)
    status = actions.add_parser("status", help="per-service PID, API and memory; exit 0 up, 3 partly, 4 down")
    status.add_argument("--format", choices=("table", "json"), default="table")
    status.set_defaults(handler=handle_status)
    env = actions.add_parser("env", help="print export OS_CLIENT_CONFIG_FILE=... OS_CLOUD=... lines")
    env.add_argument("--cloud", choices=clouds.CLOUD_NAMES, default=clouds.ADMIN_CLOUD)
    env.set_defaults(handler=handle_env)
