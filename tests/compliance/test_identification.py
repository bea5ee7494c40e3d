"""GB/T 22239-2019 8.1.4.1 身份鉴别 (identification and authentication): SEC-10, SEC-4."""

from __future__ import annotations

import re
import shlex
from typing import Any

from govcloud.hardening.checks import Case, Check, cases, each_host
from govcloud.hardening.settings import PREFIX as P

LOGIN_DEFS = {
    "PASS_MAX_DAYS": ("password_max_days", "<="),
    "PASS_MIN_DAYS": ("password_min_days", ">="),
    "PASS_WARN_AGE": ("password_warn_age", ">="),
}


def _conf_value(text: str | None, key: str, sep: str = r"\s*=\s*|\s+") -> str | None:
    """The last uncommented value of ``key`` in a config file (what the program ends up using)."""
    found = None
    for line in (text or "").splitlines():
        match = re.match(rf"^\s*{re.escape(key)}(?:{sep})(\S+)\s*$", line)
        if match:
            found = match.group(1)
    return found


def sshd_effective(case: Case) -> dict[str, list[str]]:
    """``sshd -T`` as key -> values (the configuration the daemon loads, drop-ins included)."""
    rc, out = case.probe.run("sshd -T -C user=root,host=localhost,addr=127.0.0.1")
    assert rc == 0, f"{case.target.name}: sshd -T failed: the configuration does not load"
    values: dict[str, list[str]] = {}
    for line in out.splitlines():
        key, _, value = line.partition(" ")
        values.setdefault(key, []).append(value)
    return values


def _pwquality(s: Any) -> list[Check]:
    wanted = {"minlen": s[f"{P}password_minlen"], **s[f"{P}password_credits"]}
    return [Check("SEC-10", "8.1.4.1a", key, value) for key, value in wanted.items()]


@cases(_pwquality)
def test_password_quality(case: Case) -> None:
    value = _conf_value(case.probe.text("/etc/security/pwquality.conf"), case.check.item)
    case.observed = f"{case.check.item} = {value}"
    assert value is not None, f"pwquality.conf sets no {case.check.item} (8.1.4.1a: complexity)"
    assert int(value) == int(case.check.expected), f"{case.check.item} is {value}, not {case.check.expected}"


@cases(lambda s: [Check("SEC-10", "8.1.4.1a", "pam_pwhistory", s[f"{P}password_remember"])])
def test_password_history(case: Case) -> None:
    path = case.probe.os()["pam_password"]
    text = case.probe.text(path) or ""
    match = re.search(r"^password\s+\S+\s+pam_pwhistory\.so\s.*remember=(\d+)", text, re.MULTILINE)
    case.observed = match.group(0) if match else f"no pam_pwhistory line in {path}"
    assert match, f"{path} keeps no password history (8.1.4.1a)"
    assert int(match.group(1)) >= int(case.check.expected)


@cases(lambda s: [Check("SEC-10", "8.1.4.1a", k, (s[P + v[0]], v[1])) for k, v in LOGIN_DEFS.items()])
def test_password_ageing(case: Case) -> None:
    limit, op = case.check.expected
    value = _conf_value(case.probe.text("/etc/login.defs"), case.check.item, r"\s+")
    case.observed = f"{case.check.item} {value}"
    assert value is not None, f"login.defs sets no {case.check.item}"
    assert int(value) <= limit if op == "<=" else int(value) >= limit, (
        f"{case.check.item} {value}, want {op} {limit}"
    )


@each_host(Check("SEC-10", "8.1.4.1a", "no-empty-password"))
def test_no_empty_password(case: Case) -> None:
    _, out = case.probe.run("getent shadow")
    empty = [line.split(":")[0] for line in out.splitlines() if line.split(":")[1:2] == [""]]
    case.observed = f"accounts with an empty password: {empty or 'none'}"
    assert not empty, f"accounts with an empty password: {', '.join(empty)}"


@each_host(Check("SEC-10", "8.1.4.1a", "unique-uid"))
def test_unique_uids(case: Case) -> None:
    _, out = case.probe.run("getent passwd")
    uids: dict[str, list[str]] = {}
    for line in out.splitlines():
        fields = line.split(":")
        uids.setdefault(fields[2], []).append(fields[0])
    shared = {uid: names for uid, names in uids.items() if len(names) > 1}
    case.observed = f"{len(uids)} UIDs, shared: {shared or 'none'}"
    assert not shared, f"UIDs shared by several accounts: {shared}"


def _faillock(s: Any) -> list[Check]:
    return [
        Check("SEC-10", "8.1.4.1b", "deny", s[f"{P}faillock_deny"]),
        Check("SEC-10", "8.1.4.1b", "unlock_time", s[f"{P}faillock_unlock_time"]),
        Check("SEC-10", "8.1.4.1b", "even_deny_root", expected=True),
    ]


@cases(_faillock)
def test_faillock(case: Case) -> None:
    text = case.probe.text("/etc/security/faillock.conf") or ""
    if case.check.expected is True:
        present = re.search(rf"^\s*{case.check.item}\s*$", text, re.MULTILINE) is not None
        case.observed = f"{case.check.item}: {'set' if present else 'not set'}"
        assert present, f"faillock.conf does not set {case.check.item} (root is locked too)"
        return
    value = _conf_value(text, case.check.item)
    case.observed = f"{case.check.item} = {value}"
    assert value is not None, f"faillock.conf sets no {case.check.item}"
    assert int(value) == int(case.check.expected)


@each_host(*(Check("SEC-10", "8.1.4.1b", f"pam_faillock-{stage}") for stage in ("preauth", "authfail")))
def test_pam_counts_failures(case: Case) -> None:
    stage = case.check.item.removeprefix("pam_faillock-")
    path = case.probe.os()["pam_auth"]
    text = case.probe.text(path) or ""
    line = re.search(rf"^auth\s+\S+\s+pam_faillock\.so\s+{stage}\b.*$", text, re.MULTILINE)
    case.observed = line.group(0) if line else f"no pam_faillock {stage} in {path}"
    assert line, f"{path} has no pam_faillock {stage}: failures are not counted"


@cases(lambda s: [Check("SEC-10", "8.1.4.1b", "TMOUT", s[f"{P}session_timeout"])])
def test_session_timeout(case: Case) -> None:
    _, out = case.probe.run("cat /etc/profile /etc/profile.d/*.sh 2>/dev/null")
    values = re.findall(r"^\s*(?:export\s+|readonly\s+)*TMOUT=(\d+)", out, re.MULTILINE)
    readonly = re.search(r"^\s*(readonly\s+TMOUT|readonly\s+TMOUT=\d+)", out, re.MULTILINE)
    case.observed = f"TMOUT={values} readonly={bool(readonly)}"
    assert values, "no TMOUT for login shells"
    assert 0 < int(values[-1]) <= int(case.check.expected), f"TMOUT={values[-1]}"
    assert readonly, "TMOUT is not read-only: a user can switch the timeout off"


def _sshd(s: Any) -> list[Check]:
    clause = {
        "permitrootlogin": "8.1.4.1c",
        "passwordauthentication": "8.1.4.1c",
        "pubkeyauthentication": "8.1.4.1c",
    }
    return [
        Check("SEC-4" if clause.get(k) else "SEC-10", clause.get(k, "8.1.4.1b"), k, str(v))
        for k, v in s[f"{P}sshd_settings"].items()
    ]


@cases(_sshd)
def test_sshd_setting(case: Case) -> None:
    values = sshd_effective(case).get(case.check.item, ["(unset)"])
    case.observed = f"{case.check.item} {' '.join(values)}"
    assert [v.lower() for v in values] == [case.check.expected.lower()], (
        f"sshd {case.check.item} is {' '.join(values)}, not {case.check.expected}"
    )


def _algorithms(s: Any) -> list[Check]:
    return [
        Check("SEC-4", "8.1.4.1c", name, s[f"{P}sshd_{var}"])
        for name, var in (("ciphers", "ciphers"), ("macs", "macs"), ("kexalgorithms", "kex"))
    ]


@cases(_algorithms)
def test_sshd_algorithms(case: Case) -> None:
    offered = sshd_effective(case).get(case.check.item, [""])[0].split(",")
    extra = [a for a in offered if a not in case.check.expected]
    case.observed = f"{case.check.item} {','.join(offered)}"
    assert not extra, f"sshd offers {', '.join(extra)} outside the allowed {case.check.item}"


@cases(lambda s: [Check("SEC-4", "8.1.4.1c", "allowgroups", sorted(s[f"{P}admin_groups"].values()))])
def test_sshd_allow_groups(case: Case) -> None:
    groups = sorted(sshd_effective(case).get("allowgroups", []))
    case.observed = f"allowgroups {' '.join(groups) or '(any)'}"
    assert groups, "sshd lets every account log in: no AllowGroups"
    assert set(groups) <= set(case.check.expected), f"sshd allows groups {groups}"


@cases(lambda s: [Check("SEC-10", "8.1.4.1b", "TMOUT-login-shell", s[f"{P}session_timeout"])])
def test_login_shell_gets_the_timeout(case: Case) -> None:
    user = shlex.quote(case.target.user)
    rc, out = case.probe.run(f"su -l {user} -s /bin/bash -c 'echo \"$TMOUT\"; readonly -p' 2>/dev/null")
    lines = out.splitlines()
    case.observed = f"login shell of {case.target.user}: TMOUT={lines[0] if lines else ''}"
    assert rc == 0, f"no login shell for {case.target.user}"
    assert lines, "the login shell printed nothing"
    assert lines[0] == str(case.check.expected), f"a login shell gets TMOUT={lines[0] or '(unset)'}"
    assert any(re.search(r"\bTMOUT=", line) for line in lines[1:]), "TMOUT can be unset in a login shell"
