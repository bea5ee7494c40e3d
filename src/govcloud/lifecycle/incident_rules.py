"""The lifecycle rule ids of incidents (OPS-2) and suspensions (SEC-8), registered by ``govcloud.lifecycle.rules``.

Kept apart from the record's own rules so that neither module outgrows what a reader takes in at once;
the registry checks each id is registered once.
"""

from __future__ import annotations

from govcloud.bilingual import Text
from govcloud.lifecycle.rule import LifecycleRule, Outcome

INCIDENT_RULES: list[LifecycleRule] = []
UNUSABLE, REFUSED = Outcome.UNUSABLE, Outcome.REFUSED


def _rule(rule_id: str, requirements: tuple[str, ...], outcome: Outcome, zh: str, en: str) -> None:
    INCIDENT_RULES.append(LifecycleRule(rule_id, requirements, Text(zh, en), outcome))


_rule(
    "incident-details-given",
    ("OPS-2",),
    UNUSABLE,
    "事件须写明严重程度（critical、major、minor）和中英文摘要；关闭时须给出处置报告的文号和中英文摘要",
    "An incident states its severity (critical, major, minor) and a summary in Chinese and English; "
    "closing it gives the handling report's reference and a summary in both languages",
)
_rule(
    "incident-id-usable",
    ("OPS-2",),
    UNUSABLE,
    "事件编号须写成 INC-<申请编号>-<序号>，并属于所给的申请",
    "An incident id is written INC-<request id>-<n> and belongs to the request given",
)
_rule(
    "incident-open",
    ("OPS-2",),
    REFUSED,
    "事件只能在开启之后关闭，且只关闭一次",
    "An incident is closed only after it was opened, and only once",
)
_rule(
    "suspension-incident-critical",
    ("SEC-8", "OPS-2"),
    REFUSED,
    "只有在本申请的严重（critical）事件处理中，服务方才可暂停使用单位的服务",
    "The provider suspends a tenant only during an open critical incident of its request (one that "
    "threatens the platform)",
)
_rule(
    "suspension-servers-present",
    ("SEC-8",),
    REFUSED,
    "暂停服务须有可停止的云主机（栈状态中的云主机）",
    "A suspension stops servers: the stack's state holds at least one",
)
_rule(
    "resume-after-handling",
    ("SEC-8", "OPS-2"),
    REFUSED,
    "导致暂停的事件须先以处置报告关闭，方可恢复服务",
    "Service is restored only after handling: the incident that suspended it is closed with its report",
)
_rule(
    "suspended-until-resumed",
    ("SEC-8",),
    REFUSED,
    "暂停服务期间只记录备份、事件、审计和恢复；变更、下线和评价须等恢复之后",
    "While suspended, only backups, incidents, audits and the resumption are recorded; a change, a "
    "decommission or a rating waits until service is restored",
)
