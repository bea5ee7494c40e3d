"""The rule ids of ``govcloud drift``, the configuration check of a built stack (LC-8, OPS-2).

A change to a tenant's cloud goes through application and approval (LC-8); configuration management
(OPS-2) is knowing that what runs is what was approved. Each id names one way the two part, seen from
one side: the approved request (the plan), the stack's state, or the program the stack would run.
Registered by ``govcloud.lifecycle.rules``.
"""

from __future__ import annotations

from govcloud.bilingual import Text
from govcloud.lifecycle.rule import LifecycleRule, Outcome

DRIFT_RULES: list[LifecycleRule] = []


def _rule(rule_id: str, requirements: tuple[str, ...], outcome: Outcome, zh: str, en: str) -> None:
    DRIFT_RULES.append(LifecycleRule(rule_id, requirements, Text(zh, en), outcome))


_rule(
    "drift-cloud-matches-approval",
    ("LC-8", "OPS-2", "CAT-1"),
    Outcome.DRIFT,
    "云平台上该系统的云主机、云硬盘、安全组规则、网络及其元数据与批准的申请一致",
    "What OpenStack holds for the system (servers, volumes, security-group rules, networks and their "
    "metadata) is what the approved request says",
)
_rule(
    "drift-state-matches-cloud",
    ("LC-8", "OPS-2"),
    Outcome.DRIFT,
    "栈状态中的资源都还在云平台上且未被改动，云平台上属于该系统的资源都在栈状态中（无栈外创建、删除或修改）",
    "Every resource of the stack's state is still in OpenStack, unchanged, and every resource OpenStack holds "
    "for the system is in the state: nothing was created, deleted or changed outside the stack",
)
_rule(
    "drift-approved-change-applied",
    ("LC-4", "LC-8"),
    Outcome.DRIFT,
    "按批准的申请运行栈不再有任何变更：批准的开通或变更已经实施",
    "Running the stack from the approved request would change nothing: what was approved has been built",
)
_rule(
    "drift-stack-built",
    ("LC-8", "OPS-2"),
    Outcome.REFUSED,
    "配置核查针对已开通的栈：栈状态中须有云平台资源",
    "The configuration check is of a built stack: its state holds OpenStack resources",
)
_rule(
    "drift-record-signed",
    ("LC-8", "OPS-2", "SEC-4"),
    Outcome.UNUSABLE,
    "记录配置核查须给出核查人（--as）和角色（--role，服务方或审计方）",
    "Recording a configuration check names who checked (--as) and in which role (--role: provider or auditor)",
)
