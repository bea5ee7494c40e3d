"""The rule ids of platform maintenance windows (OPS-1), registered by ``govcloud.lifecycle.rules``.

7x24 operation except force majeure and planned maintenance; an upgrade that may affect tenants needs
the authority's approved plan and advance notice (000 Art. 88; 001 Art. 19). Kept apart from the
request record's rules, as ``evaluation_rules`` is, so neither registry outgrows a reading. Ids shown
as ``OVERDUE`` are the flags of ``govcloud maintenance status`` (exit 1) and of the monthly report's
maintenance section; two of them are also refusals at the time they can still be prevented.
"""

from __future__ import annotations

from govcloud.bilingual import Text
from govcloud.lifecycle.rule import LifecycleRule, Outcome

MAINTENANCE_RULES: list[LifecycleRule] = []
UNUSABLE, REFUSED, OVERDUE = Outcome.UNUSABLE, Outcome.REFUSED, Outcome.OVERDUE
_OPS1 = ("OPS-1",)
_DUTIES = ("OPS-1", "SEC-4")


def _rule(rule_id: str, requirements: tuple[str, ...], outcome: Outcome, zh: str, en: str) -> None:
    MAINTENANCE_RULES.append(LifecycleRule(rule_id, requirements, Text(zh, en), outcome))


# The plan and its record: what a command needs before it writes anything.
_rule(
    "maintenance-id-valid",
    _OPS1,
    UNUSABLE,
    "维护窗口编号须写成 MNT-YYYY-NNN",
    "A maintenance window id is written MNT-YYYY-NNN",
)
_rule(
    "maintenance-window-valid",
    _OPS1,
    UNUSABLE,
    "维护窗口须有可读的开始和结束时间（结束晚于开始）、中英文影响说明，以及受影响的系统（all 或申请编号）",
    "A maintenance window has a readable start and end (the end after the start), its impact in Chinese "
    "and English, and the systems it affects (all, or request ids)",
)
_rule(
    "maintenance-affects-known",
    _OPS1,
    UNUSABLE,
    "维护窗口点名的每个系统须有生命周期记录",
    "Every system a maintenance window names has a lifecycle record",
)
_rule(
    "maintenance-window-present",
    _OPS1,
    UNUSABLE,
    "审批、通知、完成或取消的维护窗口须已计划（有记录）",
    "A window approved, announced, done or cancelled was planned first (it has a record)",
)
_rule(
    "maintenance-reasons-given",
    _OPS1,
    UNUSABLE,
    "取消维护窗口和迟发的通知须写明理由",
    "Cancelling a window, and a notice given late, state their reasons",
)

# Who records what, and when.
_rule(
    "maintenance-role-allowed",
    _DUTIES,
    REFUSED,
    "维护计划、通知和完成由服务方记录，审批由主管部门记录",
    "The provider plans, announces and completes a window; the authority approves it",
)
_rule(
    "maintenance-planner-not-approver",
    _DUTIES,
    REFUSED,
    "计划维护窗口的人不得审批该窗口",
    "Who plans a maintenance window does not approve it",
)
_rule(
    "maintenance-stage-allows",
    _OPS1,
    REFUSED,
    "维护事件须按顺序记录：计划、审批、通知、完成（通知须在审批之后）；已完成或已取消的窗口不再记录",
    "Maintenance events follow their order: planned, approved, announced, done (no notice before the "
    "approval); nothing follows a window done or cancelled",
)
_rule(
    "maintenance-planned-ahead",
    _OPS1,
    REFUSED,
    "维护窗口须在开始之前计划、审批或取消",
    "A maintenance window is planned, approved or cancelled before it starts",
)
_rule(
    "maintenance-done-after-start",
    _OPS1,
    REFUSED,
    "维护完成须在窗口开始之后记录，结束时间介于开始时间与记录时间之间",
    "A window is recorded done after it started, with an end between its start and the time of recording",
)

# Refused when it can still be prevented, flagged once it has happened.
_rule(
    "maintenance-window-within-limit",
    _OPS1,
    REFUSED | OVERDUE,
    "维护窗口时长不得超过服务目录的 platform.maintenance.maxWindowHours",
    "A maintenance window lasts no longer than the catalogue's platform.maintenance.maxWindowHours",
)
_rule(
    "maintenance-notice-in-time",
    _OPS1,
    REFUSED | OVERDUE,
    "须在窗口开始日前至少 platform.maintenance.noticeWorkingDays 个工作日通知租户；迟发的通知须写明理由并被标记",
    "Tenants are told at least platform.maintenance.noticeWorkingDays working days before the window's "
    "start day; a late notice states its reason and is flagged",
)

# Flags of what happened without the plan.
_rule(
    "maintenance-approved-before-start",
    _OPS1,
    OVERDUE,
    "维护窗口开始时须已获主管部门批准",
    "A maintenance window has the authority's approval when it starts",
)
_rule(
    "maintenance-announced-before-start",
    _OPS1,
    OVERDUE,
    "维护窗口开始时须已通知租户",
    "Tenants were told of a maintenance window before it starts",
)
_rule(
    "maintenance-ends-on-time",
    _OPS1,
    OVERDUE,
    "维护须在计划的结束时间前完成",
    "Maintenance ends by the window's planned end",
)
