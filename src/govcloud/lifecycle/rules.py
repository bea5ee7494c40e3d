"""The lifecycle's rule ids: one registry of every reason a lifecycle command refuses, rejects input or reports.

Each id is registered once, with the requirement IDs it enforces, a bilingual description written as the
requirement, and how it shows (``Outcome``): unusable input (``LifecycleError``, exit 2), a refusal
(``RefusedError``, exit 1), a problem ``govcloud verify`` finds in a record (exit 1; the provisioning
gate refuses the request with it), or an overdue item of the monthly report. The errors, verify's
``Problem`` and the report's ``Overdue`` take their requirement IDs from here, so a raise site names
only the id, and an id not registered for that outcome fails where it is constructed (the first test
that reaches it), never in front of a user. ``govcloud rules --layer lifecycle`` and ``docs/rules.md`` list them.
The ids of billing, utilisation, scale-ups, ratings and the monthly report are written in
``govcloud.lifecycle.evaluation_rules``, those of platform maintenance windows (OPS-1) in
``govcloud.lifecycle.maintenance_rules``, those of incidents and suspensions (OPS-2, SEC-8) in
``govcloud.lifecycle.incident_rules``, those of the configuration check (LC-8, OPS-2) in
``govcloud.lifecycle.drift_rules``; all are registered here with the rest.

Two ids belong to admission's registry (``request-input-usable``, ``request-schema-valid``): a request the
lifecycle cannot read is unusable for the same reason admission gives, so they are not listed twice.
"""

from __future__ import annotations

from govcloud.bilingual import Text
from govcloud.lifecycle.drift_rules import DRIFT_RULES
from govcloud.lifecycle.evaluation_rules import EVALUATION_RULES
from govcloud.lifecycle.incident_rules import INCIDENT_RULES
from govcloud.lifecycle.maintenance_rules import MAINTENANCE_RULES
from govcloud.lifecycle.rule import LifecycleRule, Outcome

LIFECYCLE_RULES: dict[str, LifecycleRule] = {}
ADMISSION_IDS: dict[str, tuple[str, ...]] = {
    "request-input-usable": ("LC-2",),
    "request-schema-valid": ("LC-2",),
}
"""Admission's ids the lifecycle raises as unusable input, with the requirements the lifecycle's case
cites (a subset of the request rule's: a test keeps them so)."""


def _rule(rule_id: str, requirements: tuple[str, ...], outcome: Outcome, zh: str, en: str) -> None:
    _register(LifecycleRule(rule_id, requirements, Text(zh, en), outcome))


def _register(rule: LifecycleRule) -> None:
    if rule.id in LIFECYCLE_RULES or rule.id in ADMISSION_IDS:
        message = f"lifecycle rule id {rule.id} registered twice"
        raise ValueError(message)
    LIFECYCLE_RULES[rule.id] = rule


def requirements_of(rule_id: str, outcome: Outcome) -> tuple[str, ...]:
    """The requirement IDs of a registered id; ``KeyError`` for an id not registered for ``outcome``."""
    if outcome is Outcome.UNUSABLE and rule_id in ADMISSION_IDS:
        return ADMISSION_IDS[rule_id]
    rule = LIFECYCLE_RULES.get(rule_id)
    if rule is None or outcome not in rule.outcome:
        message = f"{rule_id!r} is not a lifecycle rule registered as {outcome} in govcloud.lifecycle.rules"
        raise KeyError(message)
    return rule.requirements


def all_lifecycle_rules() -> list[LifecycleRule]:
    """Every lifecycle rule, by id."""
    return [LIFECYCLE_RULES[rule_id] for rule_id in sorted(LIFECYCLE_RULES)]


UNUSABLE, REFUSED, PROBLEM, OVERDUE = Outcome.UNUSABLE, Outcome.REFUSED, Outcome.PROBLEM, Outcome.OVERDUE
_RECORD = ("LC-1", "SEC-6", "SEC-7")
"""A record is the lifecycle's evidence (LC-1), chained and signed with SM3/SM2 (SEC-6), an audit log (SEC-7)."""
_KEYRING = ("SEC-4", "SEC-6")

# The record itself: what govcloud verify checks, and what appending to a record needs.
_rule(
    "record-entry-parses",
    _RECORD,
    PROBLEM,
    "记录的每一行须为有效的 JSON",
    "Every line of a record is valid JSON",
)
_rule(
    "record-entry-schema-valid",
    _RECORD,
    PROBLEM,
    "每个条目须符合记录格式（record-entry-1.0）",
    "Every entry matches the record format (record-entry-1.0)",
)
_rule(
    "record-entry-unaltered",
    _RECORD,
    PROBLEM,
    "每个条目须与其 SM3 摘要相符",
    "Every entry matches its own SM3 hash",
)
_rule(
    "record-chain-intact",
    _RECORD,
    PROBLEM | REFUSED | UNUSABLE,
    "每个条目须链接前一条目的摘要；未通过校验或末行损坏的记录不得追加",
    "Every entry links to the hash of the one before; nothing is appended to a record that fails "
    "verification or whose last line is damaged",
)
_rule("record-entry-unique", _RECORD, PROBLEM, "条目序号不得重复", "No sequence number repeats")
_rule("record-order-kept", _RECORD, PROBLEM, "条目须按序号先后排列", "Entries stay in sequence order")
_rule(
    "record-entry-present",
    _RECORD,
    PROBLEM,
    "条目序号须连续：不得删除条目",
    "Sequence numbers have no gap: no entry is removed",
)
_rule(
    "record-time-ordered",
    _RECORD,
    PROBLEM,
    "条目时间不得早于前一条目",
    "No entry is dated before the one before it",
)
_rule(
    "record-signer-enrolled",
    _RECORD,
    PROBLEM,
    "每个条目须由已登记的密钥签名",
    "Every entry is signed with an enrolled key",
)
_rule("record-signature-valid", _RECORD, PROBLEM, "每个 SM2 签名须验证通过", "Every SM2 signature verifies")
_rule(
    "record-signer-is-actor",
    _RECORD,
    PROBLEM,
    "签名人须是条目记载的行为人并持有记载的角色",
    "The signer is the recorded actor and holds the recorded role",
)
_rule("record-folder-present", ("LC-1",), UNUSABLE, "记录目录须存在", "The records folder exists")
_rule("record-present", ("LC-1",), UNUSABLE, "要校验的记录须存在", "A record named for verification exists")
_rule(
    "record-request-named",
    ("LC-1",),
    UNUSABLE,
    "生命周期操作须给出申请文件或申请编号",
    "A lifecycle action names the request file or the request id",
)
_rule(
    "record-request-file-given",
    ("LC-1", "LC-8"),
    UNUSABLE,
    "提交、变更和审批须给出申请文件：审批绑定其确切摘要",
    "A submission, change or approval gives the request file: the decision binds its exact digest",
)
_rule(
    "record-version-current",
    ("LC-1", "LC-8"),
    REFUSED,
    "给出的申请文件须是待处理的版本",
    "The request file given is the version under review",
)
_rule(
    "record-version-stored",
    ("LC-1", "SEC-6"),
    UNUSABLE,
    "每个申请版本须有与其 SM3 摘要相符的存档",
    "Each request version has a stored copy that matches its SM3 digest",
)
_rule(
    "record-stage-allows",
    ("LC-1",),
    REFUSED,
    "事件须在其可以跟随的阶段之后记录（各事件另引其要求）",
    "An event is recorded only after a stage it may follow (each event cites its own requirements too)",
)
_rule(
    "record-reasons-given",
    ("LC-3", "LC-12"),
    UNUSABLE,
    "驳回和紧急开通须写明理由",
    "A rejection or an emergency approval states its reasons",
)

# Who acts: the keyring and the separation of duties.
_rule("record-keyring-usable", _KEYRING, UNUSABLE, "密钥登记簿须可读取", "The keyring is readable")
_rule(
    "record-actor-enrolled",
    _KEYRING,
    UNUSABLE,
    "行为人须已在密钥登记簿中登记",
    "The actor is enrolled in the keyring",
)
_rule(
    "record-role-known",
    ("SEC-4",),
    UNUSABLE,
    "登记的角色须是规定的参与方",
    "Enrolled roles are the regulation's parties",
)
_rule(
    "record-person-once",
    ("SEC-4",),
    UNUSABLE,
    "每人只登记一次（姓名、邮箱、电话均不与已登记者相同）",
    "A person is enrolled once (no name, mail or phone of someone enrolled)",
)
_rule(
    "record-signing-key-present",
    ("SEC-6",),
    UNUSABLE,
    "签名私钥须在签名人本人的机器上",
    "The signer's private key is on their own machine",
)
_rule(
    "record-role-allowed",
    ("SEC-4", "LC-1"),
    REFUSED,
    "每个事件只能由规定的角色记录（如受理由审核人或主管部门、评价由申请人）",
    "Each event is recorded only in the roles that record it (acceptance by a reviewer or the authority, "
    "a rating by the requester, …)",
)
_rule(
    "duties-role-held",
    ("SEC-4",),
    REFUSED,
    "行为人须持有其所用的角色",
    "The actor holds the role they act in",
)
_rule(
    "duties-requester-not-reviewer",
    ("SEC-4",),
    REFUSED,
    "申请单位的联系人只能以申请人身份处理本申请",
    "The unit's contacts act on their own request only as its requester",
)
_rule(
    "duties-one-role-per-request",
    ("SEC-4",),
    REFUSED,
    "同一人在一个申请中只担任一个角色",
    "One person holds one role on a request",
)
_rule(
    "duties-four-eyes",
    ("SEC-4",),
    REFUSED,
    "受理人与审批人须为不同的人",
    "Who accepts a request does not approve it",
)

# Go-live and changes.
_rule(
    "golive-security-tested",
    ("LC-7",),
    REFUSED | UNUSABLE,
    "上线前须提交漏洞扫描、渗透测试报告，三级及以上另需第三方等保测评报告（证据写成 KEY=REF）",
    "Going live needs a vulnerability scan, a penetration test and, at level 3 or above, a third-party "
    "等保 test report (evidence given as KEY=REF)",
)
_rule(
    "golive-evidence-intact",
    ("LC-7", "SEC-6"),
    UNUSABLE,
    "作为上线证据的 scan/audit 文件须可读、两个 SM3 摘要均相符",
    "An evidence file of govcloud scan or audit given for go-live is readable and matches both its SM3 digests",
)
_rule(
    "change-has-approved-version",
    ("LC-8",),
    UNUSABLE,
    "变更须与记录中已批准的版本比较",
    "A change is compared with a version the record approved",
)
_rule(
    "change-differs",
    ("LC-8",),
    REFUSED,
    "变更申请须与已批准的版本不同",
    "A change request differs from the approved version",
)
_rule(
    "change-major-materials",
    ("LC-8", "LC-2"),
    REFUSED,
    "重大变更须重新提交申请材料并重新测试",
    "A major change renews the LC-2 application materials and re-tests",
)
_rule(
    "change-actor-given",
    ("LC-8", "SEC-4"),
    UNUSABLE,
    "记录变更须给出行为人（--as）及其角色（--role）",
    "Recording a change names who acts (--as) in which role (--role)",
)

# Decommission, teardown, backups and drills.
_rule(
    "decommission-approved-first",
    ("LC-9", "SEC-4"),
    REFUSED,
    "下线须先由申请人申请、主管部门批准",
    "A decommission is asked for by the requester and approved by the authority first",
)
_rule(
    "decommission-backup-verified",
    ("LC-9", "SEC-11"),
    REFUSED,
    "回收前须在下线批准后备份每块云硬盘、通过 API 校验，并保留独立于原盘的副本",
    "Nothing is reclaimed before every volume is backed up since the decommission approval, verified "
    "through the API, with a copy independent of the volume",
)
_rule(
    "teardown-record-consulted",
    ("LC-9", "SEC-11"),
    REFUSED,
    "销毁前须查阅生命周期记录；没有记录的测试栈须给出理由（将被记录）",
    "A destroy consults the lifecycle record; a test stack without one gives a reason, which is logged",
)
_rule(
    "teardown-backup-verified",
    ("LC-9", "SEC-11"),
    REFUSED,
    "销毁前记录须有每块云硬盘经校验、独立于原盘的副本",
    "Nothing is destroyed before the record holds a verified copy, independent of its volume, of every volume",
)
_rule(
    "restore-drill-copy-present",
    ("OPS-3", "SEC-11"),
    REFUSED,
    "恢复演练须使用记录中仍然存在且经校验的副本",
    "A restore drill uses a verified copy the record names that still exists",
)
_rule(
    "stack-request-named",
    ("LC-1", "LC-9"),
    UNUSABLE,
    "栈须指明可读的申请（govcloud:request）",
    "The stack names a readable request (govcloud:request)",
)
_rule(
    "cloud-credentials-given",
    ("LC-9", "OPS-3"),
    UNUSABLE,
    "访问云平台的命令须有云平台凭据（OS_CLOUD 或 OS_AUTH_URL）",
    "A command that reaches the cloud has credentials (OS_CLOUD or OS_AUTH_URL)",
)

for _evaluation_rule in EVALUATION_RULES:
    _register(_evaluation_rule)
for _incident_rule in INCIDENT_RULES:
    _register(_incident_rule)
for _maintenance_rule in MAINTENANCE_RULES:
    _register(_maintenance_rule)
for _drift_rule in DRIFT_RULES:
    _register(_drift_rule)
