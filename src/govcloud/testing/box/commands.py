"""What `govcloud box up|down|status|env` do; :mod:`govcloud.commands.box` imports this only when one runs.

Exit codes: 0 success; 1 `up`/`down` failed (the message names the step and its log); `status`: 0 all
services up, 3 partly up, 4 down; `env`: 2 when ``--cloud`` names no cloud of the box.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
from govcloud.testing.box import clouds, down, status, up
from govcloud.testing.box.paths import BoxPaths

if TYPE_CHECKING:
    import argparse

EXIT_FAILED = 1


def _say(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - a command's output


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # noqa: T201 - a command's output


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
        report = up.up(box, _say)
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
    left = down.down(BoxPaths.from_env(), _say)
    if left:
        _err(f"govcloud box down: ports still listening: {left}")
        return EXIT_FAILED
    _say(f"box down in {time.monotonic() - start:.1f}s")
    return 0


def handle_status(args: argparse.Namespace) -> int:
    """Print per-service status; exit 0 up, 3 partly up, 4 down."""
    rows = status.collect(BoxPaths.from_env())
    _say(status.as_json(rows) if args.format == "json" else status.table(rows))
    return status.exit_code(rows)


def handle_env(args: argparse.Namespace) -> int:
    """Print the export lines selecting one of the box's clouds (its admin cloud unless ``--cloud``)."""
    cloud = args.cloud or clouds.ADMIN_CLOUD
    if cloud not in clouds.CLOUD_NAMES:
        names = ", ".join(clouds.CLOUD_NAMES)
        raise GovcloudError(
            "box-cloud-known",
            Text(
                f"本地 OpenStack 没有名为 {cloud} 的云（可选：{names}）",
                f"the box has no cloud {cloud} (one of: {names})",
            ),
            where="--cloud",
        )
    for line in clouds.env_lines(BoxPaths.from_env().clouds_yaml, cloud):
        _say(line)
    return 0
