"""Status rows, exit codes (0 up, 3 partly, 4 down), PSS parsing and the output formats."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from govcloud.testing.box import status
from govcloud.testing.box.status import ServiceStatus

if TYPE_CHECKING:
    from pathlib import Path


def row(name: str, *, alive: bool, answering: bool | None = None, pss: int = 0) -> ServiceStatus:
    return ServiceStatus(name, 10 if alive else None, alive, answering, 1 if alive else 0, pss)


def test_all_healthy_is_0() -> None:
    rows = [row("keystone", alive=True, answering=True), row("nova-compute", alive=True)]
    assert status.exit_code(rows) == status.EXIT_UP == 0


def test_nothing_alive_is_4() -> None:
    rows = [row("keystone", alive=False, answering=False), row("nova-compute", alive=False)]
    assert status.exit_code(rows) == status.EXIT_DOWN == 4


def test_some_alive_is_3() -> None:
    rows = [row("keystone", alive=True, answering=True), row("nova-compute", alive=False)]
    assert status.exit_code(rows) == status.EXIT_PARTIAL == 3


def test_alive_but_api_silent_is_3() -> None:
    rows = [row("keystone", alive=True, answering=False), row("nova-compute", alive=True)]
    assert status.exit_code(rows) == 3


def test_foreign_listener_without_our_process_is_still_down() -> None:
    # Someone else's MariaDB answering on 3306 does not make our box up.
    assert status.exit_code([row("mariadb", alive=False, answering=True)]) == 4


def test_pss_from_smaps_rollup(tmp_path: Path) -> None:
    (tmp_path / "77").mkdir()
    (tmp_path / "77" / "smaps_rollup").write_text("Rss:  2048 kB\nPss:  1536 kB\nPss_Anon: 10 kB\n")
    assert status.pss_kib(77, tmp_path) == 1536
    assert status.pss_kib(78, tmp_path) == 0


def test_table_and_json() -> None:
    rows = [row("keystone", alive=True, answering=True, pss=2048), row("nova-compute", alive=False)]
    text = status.table(rows)
    assert "keystone" in text
    assert "TOTAL" in text
    assert "2.0" in text
    doc = json.loads(status.as_json(rows))
    assert doc["exit_code"] == 3
    assert doc["total_pss_kib"] == 2048
    assert [s["healthy"] for s in doc["services"]] == [True, False]
