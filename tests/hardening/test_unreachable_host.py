"""A host that cannot be reached fails every check with that reason, not with made-up findings (SEC-7).

The host's ssh_config entry proxies through ``/bin/false``: ssh fails at once, no packet is sent.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main
from govcloud.testing.documents import write_authorisation

if TYPE_CHECKING:
    from pathlib import Path

GHOST = """Host ghost-1 10.99.7.77
    HostName 10.99.7.77
    User ops
    ProxyCommand /bin/false
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    LogLevel ERROR
"""


@pytest.mark.slow
def test_every_check_of_an_unreachable_host_fails_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "ssh_config").write_text(GHOST, encoding="utf-8")
    (tmp_path / "inv.yml").write_text(
        "all:\n  vars: {govcloud_system: ghost, govcloud_request_id: REQ-2026-0777}\n"
        "  hosts:\n    ghost-1: {ansible_host: 10.99.7.77, ansible_user: ops}\n",
        encoding="utf-8",
    )
    authorisation = write_authorisation(tmp_path / "auth.yaml", "ghost", "REQ-2026-0777", ["audit"])
    argv = [
        "audit",
        "ghost",
        "--inventory",
        str(tmp_path / "inv.yml"),
        "--ssh-config",
        str(tmp_path / "ssh_config"),
        "--authorisation",
        str(authorisation),
    ]
    assert main([*argv, "--reports", str(tmp_path / "reports")]) == 1
    document = json.loads((tmp_path / "reports" / "audit" / "evidence.json").read_text(encoding="utf-8"))
    failed = [r for r in document["results"] if r["result"] == "failed"]
    assert len(failed) > 100
    assert {r["output"].split(":")[0] for r in failed} == {"ghost-1 (10.99.7.77) is not reachable over SSH"}
    assert document["summary"]["total"]["passed"] == 0
    assert document["cached_reads"] == 1, "the first failed read marks the host; no check retries it"
