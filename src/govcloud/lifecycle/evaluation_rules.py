"""The lifecycle rule ids of the provider's evaluation and reports, registered by ``govcloud.lifecycle.rules``.

Billing (CAT-3), the utilisation review (EVAL-1), optimising before scaling up (EVAL-2), the monthly report
and its overdue items (EVAL-3, LC-3..LC-12, OPS-3), the tenants' assessment of the provider (EVAL-4) and
the violation register (EVAL-5): kept apart from the record's own rules so that neither module outgrows
what a reader takes in at once. The registry checks each id is registered once.
"""

from __future__ import annotations

from govcloud.bilingual import Text
from govcloud.lifecycle.rule import LifecycleRule, Outcome

EVALUATION_RULES: list[LifecycleRule] = []
UNUSABLE, REFUSED, OVERDUE = Outcome.UNUSABLE, Outcome.REFUSED, Outcome.OVERDUE


def _rule(rule_id: str, requirements: tuple[str, ...], outcome: Outcome, zh: str, en: str) -> None:
    EVALUATION_RULES.append(LifecycleRule(rule_id, requirements, Text(zh, en), outcome))


# Reports: billing, usage, violations, the monthly report's overdue items.
_rule(
    "bill-month-valid", ("CAT-3",), UNUSABLE, "账单月份须写成 YYYY-MM", "The billing month is written YYYY-MM"
)
_rule(
    "report-month-valid",
    ("EVAL-3",),
    UNUSABLE,
    "报告月份须写成 YYYY-MM",
    "The report month is written YYYY-MM",
)
_rule(
    "usage-samples-usable",
    ("EVAL-1",),
    UNUSABLE,
    "用量样本须可读取且格式正确",
    "Usage samples are readable and well-formed",
)
_rule(
    "violations-register-usable",
    ("EVAL-5",),
    UNUSABLE,
    "违规登记簿须可读取；整改的须是未整改的违规",
    "The violation register is readable, and what is resolved is an open violation",
)
_rule(
    "deadline",
    ("LC-3", "LC-4", "LC-6", "LC-8", "LC-9"),
    OVERDUE,
    "每个阶段须在其工作日期限内完成（每项引其阶段的要求）",
    "Each stage ends within its working-day deadline (each item cites its stage's requirement)",
)
_rule(
    "emergency-paperwork",
    ("LC-12",),
    OVERDUE,
    "紧急开通后须补办正式审批",
    "An emergency build gets its regular approval afterwards",
)
_rule(
    "backup-missed",
    ("OPS-3",),
    OVERDUE,
    "每个备份周期须有一次成功的备份",
    "Every backup period has a good run",
)


# Optimise before scaling up (EVAL-2): the utilisation review in the record, then the change.
_rule(
    "scaleup-reclaim-first",
    ("EVAL-2", "EVAL-1"),
    REFUSED,
    "最近一次利用率评估发现闲置或配置过高的系统不得扩容：先回收或降配，再扩容（无例外）",
    "A system whose latest utilisation review found it idle or over-provisioned is not scaled up: reclaim "
    "or scale down first (no exception)",
)
_rule(
    "scaleup-optimised-first",
    ("EVAL-2",),
    REFUSED,
    "扩容变更须先优化：针对现有容量的最近一次利用率评估认定长期高负载，且变更申请附优化说明和文档编号；"
    "否则须主管部门在批准时明确记录例外及理由",
    "A scale-up is approved only once optimised first: the latest utilisation review of the capacity in "
    "place finds the system busy and the change request carries optimisation evidence, or the authority "
    "records an explicit exception with its reason",
)
_rule(
    "scaleup-evidence-usable",
    ("EVAL-2",),
    UNUSABLE,
    "优化证据须有中文说明、英文说明和文档编号，随变更申请提交；扩容例外须由主管部门在批准扩容时写明理由",
    "Optimisation evidence has a Chinese and an English text and a document ref, on the change request; a "
    "scale-up exception is the authority's, with its reason, on the approval of a scale-up",
)
_rule(
    "review-request-sampled",
    ("EVAL-1", "EVAL-2"),
    UNUSABLE,
    "记入生命周期记录的利用率评估须有该申请的用量样本",
    "A utilisation review recorded for a request has usage samples of that request",
)
_rule(
    "review-actor-given",
    ("EVAL-2", "SEC-4"),
    UNUSABLE,
    "记录利用率评估须给出行为人（--as）及其角色（--role）",
    "Recording a utilisation review names who acts (--as) in which role (--role)",
)

# The tenants' assessment of the provider (EVAL-4).
_rule(
    "rating-satisfaction-level",
    ("EVAL-4",),
    UNUSABLE,
    "满意度须为四个等级之一：不满意、基本满意、满意、非常满意",
    "Satisfaction is one of the four levels: 不满意, 基本满意, 满意, 非常满意 (dissatisfied to very satisfied)",
)
_rule(
    "rating-quality-dimension",
    ("EVAL-4",),
    UNUSABLE,
    "质量意见只针对性能、稳定性、安全性、可用性，每项为一段文字",
    "Quality remarks are on performance, stability, security and availability only, each a piece of text",
)
