"""The project's requirement register: one ID per requirement of the regulations, with its seed articles.

Every rule, schema annotation, playbook task and test cites one of these, so an auditor can walk
from a clause to the code and back; tests check that every citation names an ID of this register.
``docs/requirements.md`` is generated from it and from those citations (``govcloud requirements``).
Seeds: ``000`` Yuxi municipal e-government O&M measures (government-cloud part, Art. 61-98); ``001``
Jiyuan government-cloud measures (2021); ``002`` Zhejiang / provincial government-cloud measures and
cloud-platform security rules; ``003`` e-government O&M service norms and an internal-network rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class Requirement(NamedTuple):
    """One requirement of the regulations: a short title (English, Chinese) and where they say it."""

    title: str
    seeds: str
    title_zh: str


REQUIREMENTS: dict[str, Requirement] = {
    "LC-1": Requirement(
        "Lifecycle stages from application to exit",
        "001 Art. 11; 000 Art. 72; 002 Zhejiang Art. 6",
        "从申请到退出的生命周期各阶段",
    ),
    "LC-2": Requirement("Application materials", "001 Art. 12; 000 Art. 73(1); 002 Art. 7", "申请材料齐全"),
    "LC-3": Requirement(
        "Acceptance in 3, approval in 2 more working days",
        "002 Art. 8; 001 Art. 13",
        "3 个工作日内受理，再 2 个工作日内审批",
    ),
    "LC-4": Requirement(
        "Provisioning within 3 working days of approval", "001 Art. 14", "审批后 3 个工作日内开通"
    ),
    "LC-5": Requirement("Trial environment: 15-30 days", "002 Art. 9-10", "试运行环境：15 至 30 天"),
    "LC-6": Requirement(
        "Go-live within 30 working days, report within 5",
        "001 Art. 15",
        "30 个工作日内上线，5 个工作日内报告",
    ),
    "LC-7": Requirement(
        "Vulnerability scan and penetration test before go-live",
        "000 Art. 75(3); 002 Art. 9",
        "上线前完成漏洞扫描和渗透测试",
    ),
    "LC-8": Requirement(
        "Changes applied for and approved", "001 Art. 16; 002 Art. 11; 000 Art. 76", "变更须申请并经批准"
    ),
    "LC-9": Requirement(
        "Termination: back up and migrate first",
        "001 Art. 17; 002 Art. 12; 000 Art. 77(2)",
        "终止服务：先备份、迁移数据",
    ),
    "LC-10": Requirement(
        "Keep the old system one month after migration", "000 Art. 73(3)", "迁移后原系统保留一个月"
    ),
    "LC-11": Requirement(
        "Declare the schedule of periodic or burst resources", "000 Art. 73(2)", "申报周期性或突发性资源计划"
    ),
    "LC-12": Requirement(
        "Emergency provisioning with consent, paperwork after", "000 Art. 80", "紧急开通经同意，手续后补"
    ),
    "LC-13": Requirement(
        "Migrate out, hand over, erase on contract end", "001 Art. 29", "合同终止时迁出、移交、清除数据"
    ),
    "CAT-1": Requirement(
        "Resources only from the service catalogue", "000 Art. 73(4)", "只能使用服务目录内的资源"
    ),
    "CAT-2": Requirement(
        "Catalogue items priced by finance", "001 Art. 27; 000 Art. 71", "目录条目由财政定价"
    ),
    "CAT-3": Requirement(
        "Billing per item and actual use", "001 Art. 27; 002 provincial Art. 4", "按条目和实际用量结算"
    ),
    "CAT-4": Requirement("Resources sized to reasonable values", "002 Art. 10", "资源按合理值配置"),
    "EVAL-1": Requirement(
        "Dynamic evaluation flags idle or oversized resources",
        "000 Art. 78; 001 Art. 30; 002 Art. 22",
        "动态评估发现闲置或超配资源",
    ),
    "EVAL-2": Requirement("Optimise before scaling up", "000 Art. 79(2)", "先优化，再扩容"),
    "EVAL-3": Requirement("Monthly provider reports", "002 Art. 15, 19; 001 Art. 18", "服务方每月报告"),
    "EVAL-4": Requirement("Provider assessment", "002 Art. 23; 001 Art. 28", "服务方考核"),
    "EVAL-5": Requirement(
        "No new resources for rule-breaking tenants", "000 Art. 97", "违规使用单位不再新增资源"
    ),
    "SEC-1": Requirement(
        "Nothing classified on the government cloud",
        "000 Art. 65, 94; 001 Art. 3; 000 Art. 23",
        "政务云不得处理涉密信息",
    ),
    "SEC-2": Requirement(
        "Systems at 等保 level 3 and below",
        "001 Art. 21; 002 Shanghai Art. 2; 000 Art. 66, 84",
        "只承载等保三级及以下系统",
    ),
    "SEC-3": Requirement(
        "Extranet, private and public zones isolated",
        "000 Art. 6; 002 Zhejiang Art. 24",
        "政务外网、专有云与公有云区域隔离",
    ),
    "SEC-4": Requirement(
        "Least privilege and separation of duties",
        "000 Art. 89; 003 internal-network Art. 18",
        "最小权限与职责分离",
    ),
    "SEC-5": Requirement(
        "No access without the tenant's written authorisation",
        "000 Art. 93; 001 Art. 24; 002 Art. 20",
        "未经使用单位书面授权不得访问",
    ),
    "SEC-6": Requirement(
        "Commercial cryptography planned in and assessed",
        "001 Art. 25; 002 provincial Art. 6; 000 Art. 91(3)",
        "商用密码同步规划并评估",
    ),
    "SEC-7": Requirement(
        "Provider monitoring, backup, logs and audit",
        "000 Art. 71(2), 85; 002 Art. 19",
        "服务方负责监控、备份、日志和审计",
    ),
    "SEC-8": Requirement(
        "Suspension of a tenant threatening the platform",
        "000 Art. 83; 000 Art. 25",
        "威胁平台的使用单位可被暂停服务",
    ),
    "SEC-9": Requirement(
        "Security responsibility unchanged by moving to the cloud", "000 Art. 91", "上云不改变安全责任"
    ),
    "SEC-10": Requirement(
        "Host security of tenant servers", "000 Art. 22, 121, 123", "使用单位云主机的主机安全"
    ),
    "SEC-11": Requirement(
        "Data encryption, backups, integrity",
        "002 platform-security rules; 003 Art. 21; 001 Art. 24",
        "数据加密、备份和完整性",
    ),
    "OPS-1": Requirement(
        "7x24 operation, planned maintenance announced",
        "000 Art. 88; 001 Art. 19",
        "7x24 运行，计划维护提前告知",
    ),
    "OPS-2": Requirement("ITIL-style operations processes", "003", "ITIL 式运维流程"),
    "OPS-3": Requirement(
        "Backup scope, frequency and restore procedure", "003 ch. 6", "备份范围、频率和恢复流程"
    ),
}

NOT_ENFORCED: dict[str, Text] = {}
"""Why an ID has no rule or task with a test here; ``docs/requirements.md`` lists these reasons."""
