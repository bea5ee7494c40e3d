"""GB/T 22239-2019 8.1.4.3 安全审计 (security audit): SEC-7."""

from __future__ import annotations

import re

import pytest

from govcloud.hardening.checks import Case, Check, cases, each_host
from govcloud.hardening.settings import PREFIX as P

PERIOD_DAYS = {"daily": 1, "weekly": 7, "monthly": 30, "yearly": 365}


def _rules(case: Case) -> list[str]:
    _, out = case.probe.run("cat /etc/audit/rules.d/*.rules 2>/dev/null")
    return [re.sub(r"\s+", " ", line.strip()) for line in out.splitlines() if line.strip()]


@cases(lambda s: [Check("SEC-7", "8.1.4.3a", w["path"], w["key"]) for w in s[f"{P}audit_watches"]])
def test_audit_watch(case: Case) -> None:
    wanted = f"-w {case.check.item} -p wa -k {case.check.expected}"
    case.observed = wanted if wanted in _rules(case) else "no such rule"
    assert wanted in _rules(case), f"changes to {case.check.item} are not audited"


@cases(lambda s: [Check("SEC-7", "8.1.4.3a", c) for c in s[f"{P}audit_privileged_commands"]])
def test_audit_privileged_command(case: Case) -> None:
    found = [r for r in _rules(case) if f"-F path={case.check.item} " in r and "-F perm=x" in r]
    case.observed = found[0] if found else "no such rule"
    assert found, f"executions of {case.check.item} are not audited"


@cases(lambda s: [Check("SEC-7", "8.1.4.3a", sc) for sc in s[f"{P}audit_time_syscalls"]])
def test_audit_time_change(case: Case) -> None:
    found = [r for r in _rules(case) if "arch=b64" in r and re.search(rf"-S \S*\b{case.check.item}\b", r)]
    case.observed = found[0] if found else "no such rule"
    assert found, f"the {case.check.item} system call is not audited"


@cases(lambda s: [Check("SEC-7", "8.1.4.3d", "immutable-rules", s[f"{P}audit_immutable"])])
def test_audit_rules_immutable(case: Case) -> None:
    if not case.check.expected:
        pytest.skip("govcloud_hardening_audit_immutable is false for this host")
    rules = _rules(case)
    case.observed = rules[-1] if rules else "no rules"
    assert rules, "no audit rules at all"
    assert rules[-1] == "-e 2", "audit rules are not locked (-e 2): root can switch auditing off"


def _auditd(s: dict[str, object]) -> list[Check]:
    groups = s[f"{P}admin_groups"]
    assert isinstance(groups, dict)
    return [
        Check("SEC-7", "8.1.4.3c", "max_log_file_action", "keep_logs"),
        Check("SEC-7", "8.1.4.3c", "log_group", groups["auditadmin"]),
    ]


@cases(_auditd)
def test_auditd_setting(case: Case) -> None:
    text = case.probe.text("/etc/audit/auditd.conf") or ""
    match = re.search(rf"^\s*{case.check.item}\s*=\s*(\S+)", text, re.MULTILINE)
    case.observed = match.group(0) if match else f"{case.check.item} not set"
    assert match, f"auditd.conf sets no {case.check.item}"
    assert match.group(1).lower() == str(case.check.expected).lower()


@cases(lambda s: [Check("SEC-7", "8.1.4.3c", "/var/log/audit", s[f"{P}admin_groups"]["auditadmin"])])
def test_audit_log_directory_protected(case: Case) -> None:
    rc, out = case.probe.run("stat -c '%a %U %G' /var/log/audit")
    case.observed = out.strip() or "missing"
    assert rc == 0, "/var/log/audit does not exist"
    mode, owner, group = out.split()
    assert int(mode, 8) & 0o027 == 0, (
        f"/var/log/audit is mode {mode}: writable by its group or open to others"
    )
    assert (owner, group) == ("root", case.check.expected)


@cases(lambda s: [Check("SEC-7", "8.1.4.3c", "forwarding", (s[f"{P}log_server"], s[f"{P}log_server_port"]))])
def test_logs_forwarded(case: Case) -> None:
    server, port = case.check.expected
    assert server, "no central log server is configured for this host (govcloud_hardening_log_server)"
    text = case.probe.text("/etc/rsyslog.d/60-govcloud-forward.conf") or ""
    ok = f'target="{server}"' in text and f'port="{port}"' in text
    case.observed = f"forwarding to {server}:{port}: {'configured' if ok else 'not configured'}"
    assert ok, f"logs are not forwarded to {server}:{port}"


@cases(lambda s: [Check("SEC-7", "8.1.4.3c", "retention-days", s[f"{P}log_retention_days"])])
def test_log_retention(case: Case) -> None:
    text = case.probe.text("/etc/logrotate.d/govcloud-retention") or ""
    period = next(
        (PERIOD_DAYS[w] for w in re.findall(r"^\s*(daily|weekly|monthly|yearly)", text, re.MULTILINE)), 0
    )
    rotate = re.search(r"^\s*rotate\s+(\d+)", text, re.MULTILINE)
    days = period * int(rotate.group(1)) if rotate else 0
    case.observed = f"logs kept {days} days"
    assert days >= int(case.check.expected), f"logs kept {days} days, fewer than {case.check.expected}"


@each_host(Check("SEC-7", "8.1.4.3d", "auditd-running"))
def test_auditd_running(case: Case) -> None:
    if not case.settings[f"{P}install_packages"]:
        pytest.skip("package installation is off for this host (no repository): auditd is not installed")
    if not case.probe.has_command("systemctl"):
        pytest.skip("no init system on this host: the daemon cannot be started as a service")
    service = case.probe.host.service("auditd")
    case.observed = f"auditd running={service.is_running} enabled={service.is_enabled}"
    assert service.is_running, "auditd is not running"
    assert service.is_enabled, "auditd does not start at boot"
