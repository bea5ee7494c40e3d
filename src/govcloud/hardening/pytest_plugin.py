"""pytest plugin that turns ``tests/compliance`` into an audit of one inventory's hosts.

``govcloud audit`` runs ``pytest -p govcloud.hardening.pytest_plugin tests/compliance --govcloud-...``.
Each test carries a case generator (:func:`govcloud.hardening.checks.cases`); this plugin
parametrises it with every host's checks, computed from the same merged settings the role applies,
and writes one JSON line per check (outcome, time, what was observed or why it failed or was skipped).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from govcloud.hardening.checks import Case, Probe
from govcloud.hardening.connection import Connection
from govcloud.hardening.settings import load_targets

if TYPE_CHECKING:
    from collections.abc import Generator

_PROBES = pytest.StashKey[list[Probe]]()
_RESULTS = pytest.StashKey[Path]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """The inventory, connection, extra vars and the results file of the audit run."""
    group = parser.getgroup("govcloud", "govcloud compliance audit")
    group.addoption("--govcloud-inventory", help="inventory written by govcloud inventory")
    group.addoption("--govcloud-ssh-config", default=None, help="ssh_config reaching the hosts")
    group.addoption("--govcloud-identity", default=None, help="ops private key")
    group.addoption("--govcloud-extravars", default=None, help="JSON file of the run's extra vars")
    group.addoption("--govcloud-results", default=None, help="where to write one JSON line per check")
    group.addoption("--govcloud-hosts", default=None, help="comma-separated subset of the inventory's hosts")


def pytest_configure(config: pytest.Config) -> None:
    """Load the targets once; fail the whole run (exit 4, usage error) without an inventory."""
    inventory = config.getoption("--govcloud-inventory")
    if not inventory:
        raise pytest.UsageError("--govcloud-inventory is required for the compliance suite")
    extra_path = config.getoption("--govcloud-extravars")
    extravars = json.loads(Path(extra_path).read_text(encoding="utf-8")) if extra_path else {}
    ssh_config, identity = config.getoption("--govcloud-ssh-config"), config.getoption("--govcloud-identity")
    control_dir = Path(tempfile.mkdtemp(prefix="govcloud-audit-ssh-"))
    connection = Connection(
        Path(ssh_config) if ssh_config else None, Path(identity) if identity else None, control_dir
    )
    config.add_cleanup(connection.close_masters)
    subset = config.getoption("--govcloud-hosts")
    wanted = set(subset.split(",")) if subset else None
    targets = [t for t in load_targets(Path(inventory), extravars) if wanted is None or t.name in wanted]
    config.stash[_PROBES] = [Probe(t, connection) for t in targets]
    results = config.getoption("--govcloud-results")
    if results:
        config.stash[_RESULTS] = Path(results)
        Path(results).write_text("", encoding="utf-8")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Append each host's count of cached SSH reads (testinfra's own calls come on top)."""
    if _RESULTS not in session.config.stash or _PROBES not in session.config.stash:
        return
    with session.config.stash[_RESULTS].open("a", encoding="utf-8") as stream:
        for probe in session.config.stash[_PROBES]:
            stream.write(json.dumps({"host": probe.target.name, "round_trips": probe.round_trips}) + "\n")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``case`` with every (host, check) the test's generator yields for that host."""
    generate = getattr(metafunc.function, "govcloud_cases", None)
    if generate is None or "case" not in metafunc.fixturenames:
        return
    bound = [
        Case(probe.target, check, probe)
        for probe in metafunc.config.stash[_PROBES]
        for check in generate(probe.target.settings)
    ]
    metafunc.parametrize("case", bound, ids=[c.test_id() for c in bound])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Record the check's line once its outcome is known (call phase, or a skip/failure in setup)."""
    report: pytest.TestReport = yield
    callspec = getattr(item, "callspec", None)
    case = callspec.params.get("case") if callspec is not None else None
    final = report.when == "call" or (report.when == "setup" and not report.passed)
    if isinstance(case, Case) and final and _RESULTS in item.config.stash:
        _record(item.config.stash[_RESULTS], item, case, report, call)
    return report


def _record(path: Path, item: pytest.Item, case: Case, report: pytest.TestReport, call: Any) -> None:
    if report.skipped:
        outcome, output = "not_applicable", _skip_reason(report)
    elif report.failed:
        outcome, output = "failed", _failure_text(call)
    else:
        outcome, output = "passed", case.observed
    line = {
        "host": case.target.name,
        "check": getattr(item, "originalname", item.name),
        "item": case.check.item,
        "requirement": case.check.req,
        "clause": case.check.clause,
        "test_id": case.test_id(),
        "result": outcome,
        "expected": case.check.expected,
        "output": output[:2000],
        "seconds": round(report.duration, 4),
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    with path.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # noqa: PLR2004 - (path, line, message)
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _failure_text(call: Any) -> str:
    excinfo = call.excinfo
    if excinfo is None:
        return "failed"
    return str(excinfo.value).strip() or excinfo.typename
