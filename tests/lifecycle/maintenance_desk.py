"""A platform for maintenance tests (OPS-1): the portal built, a second request submitted, November's windows.

MNT-2026-001 over ``all`` follows the plan to the letter; MNT-2026-002 (REQ-2026-0042) is worked without
approval or notice and overruns by three hours; MNT-2026-003 (REQ-2026-0042) is announced late with its
reasons; MNT-2026-004 (REQ-2026-0043) crosses into December; MNT-2026-005 is cancelled.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import yaml

from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.maintenance_actions import MaintenanceAction, record_maintenance

if TYPE_CHECKING:
    from conftest import Desk

ZHAO = ("赵磊", "provider")
LIU = ("刘洋", "authority")
PLAN = {
    "impact_zh": "块存储升级，云硬盘读写暂停约 10 分钟",
    "impact_en": "block storage upgrade: I/O pauses ~10 min",
}


def at(when: str) -> datetime:
    return datetime.fromisoformat(when).replace(tzinfo=CHINA)


def mnt(desk: Desk, event: str, window: str, who: tuple[str, str], when: str, **data: Any) -> dict[str, Any]:
    """Record one maintenance event as ``who`` (name, role) at ``when`` (China time)."""
    action = MaintenanceAction(f"maintenance-{event}", window, *who, data)
    return record_maintenance(
        action, records=desk.records, keys=desk.keys, catalogue=desk.catalogue, now=at(when)
    )


def plan(desk: Desk, window: str, span: tuple[str, str], when: str, *affects: str) -> None:
    """The provider plans ``window`` over ``span`` (start, end), for ``affects`` (default: all)."""
    start, end = span
    mnt(desk, "planned", window, ZHAO, when, start=start, end=end, affects=list(affects or ("all",)), **PLAN)


def build_platform(approved: Desk) -> Desk:
    """The portal built on 10 October; a second request only submitted."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    document = yaml.safe_load(approved.request.read_text(encoding="utf-8"))
    document["metadata"]["id"] = "REQ-2026-0043"
    second = approved.request.with_name("REQ-2026-0043.yaml")
    second.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    approved.request = second
    approved.act("submitted", "王敏", "requester", "2026-10-12 09:00", file=True)
    return approved


def build_november(platform: Desk) -> Desk:
    """November's five windows, as the test modules' docstrings say."""
    d = platform
    plan(d, "MNT-2026-001", ("2026-11-14T22:00", "2026-11-15T02:00"), "2026-11-02 10:00")
    mnt(d, "approved", "MNT-2026-001", LIU, "2026-11-03 09:00")
    mnt(d, "announced", "MNT-2026-001", ZHAO, "2026-11-06 17:00")  # 9-13 Nov: five working days
    mnt(d, "done", "MNT-2026-001", ZHAO, "2026-11-15 01:45")
    plan(d, "MNT-2026-002", ("2026-11-21T22:00", "2026-11-22T04:00"), "2026-11-16 10:00", "REQ-2026-0042")
    mnt(d, "done", "MNT-2026-002", ZHAO, "2026-11-22 08:00", ended_at="2026-11-22T07:00")
    plan(d, "MNT-2026-003", ("2026-11-25T22:00", "2026-11-25T23:00"), "2026-11-23 09:00", "REQ-2026-0042")
    mnt(d, "approved", "MNT-2026-003", LIU, "2026-11-23 10:00")
    mnt(d, "announced", "MNT-2026-003", ZHAO, "2026-11-23 11:00", late_reasons=["高危漏洞紧急修补"])
    mnt(d, "done", "MNT-2026-003", ZHAO, "2026-11-25 22:50")
    plan(d, "MNT-2026-004", ("2026-11-30T22:00", "2026-12-01T02:00"), "2026-11-16 11:00", "REQ-2026-0043")
    mnt(d, "approved", "MNT-2026-004", LIU, "2026-11-16 15:00")
    mnt(d, "announced", "MNT-2026-004", ZHAO, "2026-11-17 09:00")
    plan(d, "MNT-2026-005", ("2026-11-28T22:00", "2026-11-29T02:00"), "2026-11-16 12:00")
    mnt(d, "cancelled", "MNT-2026-005", LIU, "2026-11-20 09:00", reasons=["与省平台割接冲突"])
    return d
