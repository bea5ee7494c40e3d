"""``python -m govcloud.testing.hosts.standins``: the box runs this as a managed process."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import warnings
from ipaddress import IPv4Address
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.testing.hosts.site import Site
from govcloud.testing.hosts.spec import Datapath
from govcloud.testing.hosts.standins.reconciler import run_loop

if TYPE_CHECKING:
    from types import FrameType


def connect(clouds_yaml: Path, cloud: str) -> object:
    """Open an openstacksdk connection to one cloud of one clouds.yaml (no other config files read)."""
    import openstack.config  # noqa: PLC0415 - heavy import, only when really connecting
    import openstack.connection  # noqa: PLC0415
    import openstack.warnings  # noqa: PLC0415

    cfg = openstack.config.OpenStackConfig(config_files=[str(clouds_yaml)], vendor_files=[])
    with warnings.catch_warnings():
        # openstacksdk 4.x warns about its optional InfluxDB metrics on every get_one(); not ours to fix.
        warnings.simplefilter("ignore", openstack.warnings.RemovedInSDK60Warning)
        region = cfg.get_one(cloud=cloud)
    return openstack.connection.Connection(config=region)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, connect, loop until SIGTERM/SIGINT; hosts are left running on exit."""
    parser = argparse.ArgumentParser(prog="python -m govcloud.testing.hosts.standins", description=__doc__)
    parser.add_argument("--clouds-yaml", type=Path, required=True)
    parser.add_argument("--cloud", required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--login-user", default="ops")
    parser.add_argument("--once", action="store_true", help="one pass, then exit (debugging)")
    parser.add_argument(
        "--datapath-netns", help="netns of Neutron's linuxbridge agent: wire hosts through it (SGs bite)"
    )
    parser.add_argument(
        "--bastion-address", type=IPv4Address, help="where management connects from (with --datapath-netns)"
    )
    args = parser.parse_args(argv)
    if (args.datapath_netns is None) != (args.bastion_address is None):
        parser.error("--datapath-netns and --bastion-address go together")
    datapath = Datapath(args.datapath_netns) if args.datapath_netns else None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    stopping: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    conn = connect(args.clouds_yaml, args.cloud)
    run_loop(
        conn,
        Site(args.state_dir),
        interval=args.interval,
        login_user=args.login_user,
        stop=lambda: bool(stopping),
        once=args.once,
        datapath=datapath,
        ssh_source=args.bastion_address,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
