"""The parties of the regulation (REQUIREMENTS "Parties") as the roles a lifecycle command acts in (SEC-4)."""

from __future__ import annotations

from govcloud.bilingual import Text

REQUESTER = "requester"
REVIEWER = "reviewer"
AUTHORITY = "authority"
PROVIDER = "provider"
AUDITOR = "auditor"

ROLES: dict[str, Text] = {
    REQUESTER: Text("使用单位申请人", "tenant unit requester"),
    REVIEWER: Text("技术管理部门审核人", "technical manager (acceptance review)"),
    AUTHORITY: Text("政务云主管部门审批人", "authority (approval)"),
    PROVIDER: Text("云服务提供方工程师", "provider engineer"),
    AUDITOR: Text("审计人员", "auditor"),
}
