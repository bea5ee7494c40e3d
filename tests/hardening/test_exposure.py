"""The segmentation test's plan, probe script and verdicts (LC-7, SEC-4), against a simulated network.

The real run, through Neutron's datapath on the box, is in ``tests/engine/test_engine_box.py``.
"""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from govcloud.hardening import exposure
from govcloud.hardening.settings import Target


def _host(name: str, tier: str, address: str, ingress: list[dict[str, Any]]) -> Target:
    settings = {"govcloud_tier": tier, "govcloud_declared_ingress": ingress}
    return Target(name, address, "ops", (f"tier_{tier}",), settings)


SSH = {"port": 22, "protocol": "tcp", "from": "bastion"}
WEB = _host("web-1", "web", "10.0.0.11", [SSH, {"port": 443, "protocol": "tcp", "from": "zone"}])
APP = _host("app-1", "app", "10.0.0.21", [SSH, {"port": 8080, "protocol": "tcp", "from": "web"}])
DB = _host("db-1", "db", "10.0.0.31", [SSH, {"port": 5432, "protocol": "tcp", "from": "app"}])
HOSTS = [WEB, APP, DB]


def test_the_plan_tries_every_other_host_on_declared_and_attacked_ports() -> None:
    probes = exposure.plan(HOSTS)
    assert len(probes) == 3 * 2 * len(set(exposure.ATTACKED_PORTS))  # 443, 8080, 5432 are attacked ports too
    declared = {p.test_id for p in probes if p.declared}
    assert declared == {"web-1->app-1:8080/tcp", "app-1->db-1:5432/tcp"}, (
        "only tier flows; bastion/zone are not hosts"
    )
    assert not any(p.source.name == p.target.name for p in probes)


def test_the_script_quotes_nothing_it_did_not_parse() -> None:
    text = exposure.script(exposure.plan(HOSTS)[:3])
    assert text.count(" &\n") == 3
    assert "probe 10.0.0.21 21 &" in text
    evil = _host("x", "web", "10.0.0.5; rm -rf /", [])
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 address"):
        exposure.script(exposure.plan([evil, APP]))


def test_parse_keeps_only_probe_lines() -> None:
    states = exposure.parse("10.0.0.21 8080 closed\nwarning: something\n10.0.0.31 5432 filtered\n1 2 3\n")
    assert states == {("10.0.0.21", 8080): "closed", ("10.0.0.31", 5432): "filtered"}


def _network(allowed: set[tuple[str, str, int]], listening: set[tuple[str, int]]) -> Any:
    """A runner answering each probe as security groups allowing ``allowed`` (source, target, port) would."""
    by_address = {h.address: h for h in HOSTS}

    def run(source: Target, text: str) -> subprocess.CompletedProcess[str]:
        lines = []
        for line in text.splitlines():
            if line.startswith("probe ") and line.endswith(" &"):
                _probe, address, port, _amp = line.split()
                target = by_address[address]
                if (source.name, target.name, int(port)) not in allowed:
                    state = exposure.FILTERED
                else:
                    state = exposure.OPEN if (target.name, int(port)) in listening else exposure.CLOSED
                lines.append(f"{address} {port} {state}")
        return subprocess.CompletedProcess([], 0, "\n".join(lines) + "\n", "")

    return run


def test_exactly_the_declared_flows_reachable_passes() -> None:
    allowed = {("web-1", "app-1", 8080), ("app-1", "db-1", 5432)}
    rows = exposure.scan(HOSTS, _network(allowed, {("db-1", 5432)}))
    assert {row["result"] for row in rows} == {"passed"}
    db = next(row for row in rows if row["test_id"] == "app-1->db-1:5432/tcp")
    assert (db["state"], db["declared"], db["requirement"]) == ("open", True, "SEC-4")
    app = next(row for row in rows if row["test_id"] == "web-1->app-1:8080/tcp")
    assert app["state"] == "closed", "refused still means the groups let it through"


def test_a_reachable_undeclared_port_and_a_blocked_declared_flow_are_findings() -> None:
    allowed = {("web-1", "app-1", 8080), ("web-1", "db-1", 5432)}  # web reaches the database; app does not
    rows = exposure.scan(HOSTS, _network(allowed, set()))
    failed = {row["test_id"]: row["output"] for row in rows if row["result"] == "failed"}
    assert failed == {
        "web-1->db-1:5432/tcp": "closed: reachable from tier web, which the request does not declare",
        "app-1->db-1:5432/tcp": "filtered: the request declares this flow from tier app",
    }


def test_a_source_host_not_reached_fails_its_probes_with_the_reason() -> None:
    def unreachable(source: Target, text: str) -> subprocess.CompletedProcess[str]:
        del text
        if source.name == "db-1":
            return subprocess.CompletedProcess([], 255, "", "ssh: connect to host: Connection timed out\n")
        return _network(set(), set())(source, exposure.script(exposure.plan(HOSTS)))

    rows = exposure.scan(HOSTS, unreachable)
    from_db = [row for row in rows if row["from"] == "db-1"]
    assert from_db
    assert all(row["result"] == "failed" for row in from_db)
    assert "the probe did not run on db-1: ssh: connect to host: Connection timed out" in from_db[0]["output"]
