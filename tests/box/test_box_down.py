"""`down` helpers: which ports listen, and the order processes are stopped in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.testing.box import down

if TYPE_CHECKING:
    from pathlib import Path

TCP = """  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 1 1
   1: 0100007F:1388 0100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 2 1
"""
TCP6 = """  sl  local_address                         remote_address                        st
   0: 00000000000000000000000001000000:1111 00000000000000000000000000000000:0000 0A 0
"""


def test_listening_ports(tmp_path: Path) -> None:
    (tmp_path / "tcp").write_text(TCP)
    (tmp_path / "tcp6").write_text(TCP6)
    # 0x0CEA = 3306 listening; 0x1388 = 5000 is an established connection, not a listener.
    assert down.listening_ports([tmp_path / "tcp", tmp_path / "tcp6", tmp_path / "missing"]) == {3306, 4369}


def test_stop_order_reverses_start_order() -> None:
    recorded = ["mariadb", "epmd", "rabbitmq", "keystone", "nova-api", "nova-compute", "standins"]
    known = [*recorded, "placement"]
    stages = down.stop_order(known, recorded)
    flat = [name for stage in stages for name in stage]
    assert flat[0] == "standins"
    assert flat.index("nova-compute") < flat.index("nova-api") < flat.index("keystone")
    assert flat[-3:] == ["rabbitmq", "epmd", "mariadb"]
    assert "placement" not in flat


def test_unknown_records_are_stopped_first() -> None:
    stages = down.stop_order(["mariadb"], ["mariadb", "old-thing"])
    assert stages[0] == ["old-thing"]
