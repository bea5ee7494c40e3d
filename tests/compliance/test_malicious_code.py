"""GB/T 22239-2019 8.1.4.5 恶意代码防范 (malicious code): SEC-10, where the request ordered sec.hids."""

from __future__ import annotations

import pytest

from govcloud.hardening.checks import Case, Check, cases, each_host
from govcloud.hardening.settings import PREFIX as P


def _ordered(case: Case) -> None:
    if not case.settings[f"{P}hids_ordered"]:
        pytest.skip("the approved request did not order the host IDS (sec.hids) for this system")


@cases(lambda s: [Check("SEC-10", "8.1.4.5", path) for path in s[f"{P}hids_paths"]])
def test_integrity_watched(case: Case) -> None:
    _ordered(case)
    text = case.probe.text("/etc/aide/aide.conf.d/90_govcloud") or ""
    watched = any(line.split()[:1] == [case.check.item] for line in text.splitlines() if line.strip())
    case.observed = f"{case.check.item}: {'watched' if watched else 'not watched'}"
    assert watched, f"{case.check.item} is not integrity-checked"


@each_host(Check("SEC-10", "8.1.4.5", "daily-check"))
def test_integrity_checked_daily(case: Case) -> None:
    _ordered(case)
    text = case.probe.text("/etc/cron.daily/govcloud-aide") or ""
    case.observed = "daily check present" if "aide --check" in text else "no daily check"
    assert "aide --check" in text, "no daily integrity check"


@each_host(Check("SEC-10", "8.1.4.5", "aide-installed"))
def test_integrity_checker_installed(case: Case) -> None:
    _ordered(case)
    if not case.settings[f"{P}install_packages"]:
        pytest.skip("package installation is off for this host (no repository): aide is not installed")
    installed = "aide" in case.probe.packages()
    case.observed = f"aide installed={installed}"
    assert installed, "aide is not installed"
