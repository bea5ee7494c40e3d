"""Every server names a key pair, so first login uses a key and never a shared password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import INSTANCE

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-compute-instance-require-key-pair",
    kind=RESOURCE,
    resource_types=(INSTANCE,),
    description="Require a key pair on every server so first login uses a key, not a shared password (SEC-10).",
    title=Text("云主机必须指定密钥对", "Servers use a key pair"),
    severity="high",
    seed_articles="000 Art. 121, 123",
    mlps_clause="GB/T 22239-2019 8.1.4.1 身份鉴别",
    remediation=Text("设置 key_pair 为运维密钥对", "set key_pair to the operations key pair"),
    config_keys=(),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a server without ``keyPair``."""
    if not str(args.props.get("keyPair") or "").strip():
        report_violation(
            f"Instance '{args.name}' has no key pair (SEC-10): set key_pair to the operations key pair.",
            None,
        )
