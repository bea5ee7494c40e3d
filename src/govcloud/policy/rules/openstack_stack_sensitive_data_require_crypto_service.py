"""Systems with 敏感 data order the commercial cryptography (SM2/SM3/SM4) service.

Decided by ``controls.crypto_service_required`` (shared with admission).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import STACK, PolicyRule
from govcloud.policy.support import setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, StackValidationArgs

RULE = PolicyRule(
    id="openstack-stack-sensitive-data-require-crypto-service",
    kind=STACK,
    resource_types=(),
    description="Require a commercial cryptography (SM2/SM3/SM4) service for systems with 敏感 data (SEC-6).",
    title=Text("敏感数据系统须订购商用密码服务", "Commercial cryptography for 敏感 data"),
    severity="high",
    seed_articles="001 Art. 25; 002 provincial Art. 6; 000 Art. 91(3)",
    mlps_clause="GB/T 39786-2021 (密评); GB/T 22239-2019 8.1.4.7-8",
    remediation=Text(
        "在申请中订购商用密码服务（sec.crypto）", "order the commercial cryptography service (sec.crypto)"
    ),
    config_keys=("classification", "services"),
)


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report a 敏感 system whose request orders no crypto service."""
    if controls.crypto_service_required(str(setting(args, "classification"))) and "crypto" not in set(
        setting(args, "services")
    ):
        report_violation(
            "The system holds 敏感 data but its request orders no commercial cryptography service (SEC-6): "
            "order sec.crypto and plan SM2/SM3/SM4 in from the start.",
            None,
        )
