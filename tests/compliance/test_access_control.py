"""GB/T 22239-2019 8.1.4.2 访问控制 (access control): SEC-10 (accounts), SEC-4 (least privilege, 三员)."""

from __future__ import annotations

import re

from govcloud.hardening.checks import Case, Check, cases, each_host
from govcloud.hardening.profiles import login_system_accounts
from govcloud.hardening.settings import PREFIX as P

ROLE_RULE = {
    "sysadmin": r"ALL=\(ALL(:ALL)?\)\s+NOPASSWD:\s*ALL",
    "secadmin": r"ALL=\(root\)\s+NOPASSWD:",
    "auditadmin": r"ALL=\(root\)\s+NOPASSWD:",
}


def _passwd(case: Case) -> dict[str, list[str]]:
    _, out = case.probe.run("getent passwd")
    return {line.split(":")[0]: line.split(":")[1:] for line in out.splitlines() if line.count(":") == 6}


def _sudoers(case: Case) -> str:
    _, out = case.probe.run("cat /etc/sudoers /etc/sudoers.d/* 2>/dev/null")
    return out


@cases(lambda s: [Check("SEC-10", "8.1.4.2b", name) for name in s[f"{P}default_accounts_absent"]])
def test_default_account_absent(case: Case) -> None:
    present = case.check.item in _passwd(case)
    case.observed = f"{case.check.item}: {'present' if present else 'absent'}"
    assert not present, f"default account {case.check.item} still exists"


@cases(lambda s: [Check("SEC-10", "8.1.4.2c", "system-accounts-nologin", s[f"{P}system_uid_max"])])
def test_system_accounts_have_no_shell(case: Case) -> None:
    s = case.settings
    open_shells = login_system_accounts(
        _passwd(case), int(case.check.expected), s[f"{P}shell_accounts"], case.probe.os()["no_shells"]
    )
    case.observed = f"system accounts with a login shell: {open_shells or 'none'}"
    assert not open_shells, f"system accounts with a login shell: {', '.join(open_shells)}"


@each_host(Check("SEC-10", "8.1.4.2c", "only-root-uid-0"))
def test_only_root_has_uid_0(case: Case) -> None:
    zero = sorted(name for name, fields in _passwd(case).items() if fields[1] == "0")
    case.observed = f"UID 0: {zero}"
    assert zero == ["root"], f"accounts with UID 0: {zero}"


@cases(lambda s: [Check("SEC-4", "8.1.4.2d", role, group) for role, group in s[f"{P}admin_groups"].items()])
def test_admin_group_exists(case: Case) -> None:
    rc, out = case.probe.run(f"getent group {case.check.expected}")
    case.observed = out.strip() or f"no group {case.check.expected}"
    assert rc == 0, f"no {case.check.item} group {case.check.expected} (三员 separation)"


@cases(lambda s: [Check("SEC-4", "8.1.4.2d", "login-user-sysadmin", s[f"{P}admin_groups"]["sysadmin"])])
def test_login_user_is_sysadmin(case: Case) -> None:
    _, out = case.probe.run(f"id -nG {case.target.user}")
    case.observed = f"{case.target.user}: {out.strip()}"
    assert case.check.expected in out.split(), f"{case.target.user} is not in {case.check.expected}"


@each_host(Check("SEC-4", "8.1.4.2d", "no-per-user-sudo"))
def test_no_sudo_rule_names_a_user(case: Case) -> None:
    rules = [
        line.strip()
        for line in _sudoers(case).splitlines()
        if line.strip() and not re.match(r"^\s*(#|@|Defaults|%|[A-Z_]+_Alias|root\s)", line)
    ]
    case.observed = f"per-user rules: {rules or 'none'}"
    assert not rules, f"sudo rules granted to individual users: {rules}"


@cases(lambda s: [Check("SEC-4", "8.1.4.2d", role, group) for role, group in s[f"{P}admin_groups"].items()])
def test_sudo_by_role(case: Case) -> None:
    pattern = rf"^%{re.escape(case.check.expected)}\s+{ROLE_RULE[case.check.item]}.*$"
    line = re.search(pattern, _sudoers(case), re.MULTILINE)
    case.observed = line.group(0) if line else f"no rule for %{case.check.expected}"
    assert line, f"no sudo rule for the {case.check.item} role (%{case.check.expected})"


@each_host(*(Check("SEC-4", "8.1.4.2d", f"{role}-no-shell") for role in ("secadmin", "auditadmin")))
def test_limited_roles_get_no_shell(case: Case) -> None:
    group = case.settings[f"{P}admin_groups"][case.check.item.removesuffix("-no-shell")]
    rules = re.findall(rf"^%{re.escape(group)}\s+\S+\s+(?:NOPASSWD:\s*)?(.*)$", _sudoers(case), re.MULTILINE)
    commands = [c.strip() for rule in rules for c in rule.split(",")]
    broad = [c for c in commands if c == "ALL" or re.search(r"/(ba|da|z|k|c|tc)?sh\b|/su\b|sudoedit|\bvi", c)]
    case.observed = f"%{group}: {', '.join(commands) or 'no rule'}"
    assert not broad, f"%{group} may run {broad}: a shell as root defeats the separation of duties"
