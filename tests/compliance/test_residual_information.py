"""GB/T 22239-2019 8.1.4.10 剩余信息保护 (residual information): SEC-11.

The managed host's /tmp is the subject of these checks (S108 does not apply: nothing here writes there).
"""
# ruff: noqa: S108

from __future__ import annotations

import re

from govcloud.hardening.checks import Case, Check, cases, each_host
from govcloud.hardening.profiles import tmp_fstab_line
from govcloud.hardening.settings import PREFIX as P


@cases(
    lambda s: [Check("SEC-11", "8.1.4.10", "/tmp", tmp_fstab_line(s[f"{P}profiles"][s[f"{P}profile_name"]]))]
)
def test_tmp_emptied_on_reboot(case: Case) -> None:
    fstab = case.probe.text("/etc/fstab") or ""
    lines = [line for line in fstab.splitlines() if re.match(r"^\S+\s+/tmp\s", line)]
    case.observed = lines[0] if lines else "no /tmp entry"
    assert lines, "/tmp is not a tmpfs: its content survives a reboot"
    assert lines[0].split()[:3] == ["tmpfs", "/tmp", "tmpfs"]
    assert lines[0] == case.check.expected, f"/tmp options differ from the tier profile: {lines[0]}"


@each_host(Check("SEC-11", "8.1.4.10", "core-limit"))
def test_core_dumps_off(case: Case) -> None:
    _, out = case.probe.run("cat /etc/security/limits.conf /etc/security/limits.d/*.conf 2>/dev/null")
    hard = re.findall(r"^\s*\*\s+hard\s+core\s+(\S+)", out, re.MULTILINE)
    case.observed = f"* hard core {hard[-1] if hard else '(unset)'}"
    assert hard, "no hard limit on core dumps"
    assert hard[-1] == "0", f"core dumps allowed up to {hard[-1]}"


@each_host(Check("SEC-11", "8.1.4.10", "coredump-storage"))
def test_coredump_stores_nothing(case: Case) -> None:
    text = case.probe.text("/etc/systemd/coredump.conf.d/90-govcloud.conf") or ""
    case.observed = "Storage=none" if "Storage=none" in text else "systemd-coredump may store dumps"
    assert re.search(r"^Storage=none$", text, re.MULTILINE), "systemd-coredump may store dumps"
