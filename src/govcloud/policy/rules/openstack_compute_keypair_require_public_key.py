"""Key pairs import a public key; a generated private key would be stored in the stack's state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import KEYPAIR

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-compute-keypair-require-public-key",
    kind=RESOURCE,
    resource_types=(KEYPAIR,),
    description="Require key pairs to import a public key, so no private key is generated into state (SEC-10, SEC-11).",
    title=Text("密钥对必须导入公钥，不得由平台生成私钥", "Key pairs import a public key"),
    severity="high",
    seed_articles="000 Art. 121; 003 Art. 21",
    mlps_clause="GB/T 22239-2019 8.1.4.1 身份鉴别",
    remediation=Text(
        "设置 public_key（私钥留在运维人员处）", "set public_key; keep the private key with the operator"
    ),
    config_keys=(),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a key pair without ``publicKey``."""
    if not str(args.props.get("publicKey") or "").strip():
        report_violation(
            f"Keypair '{args.name}' has no public_key, so OpenStack generates a private key into state "
            "(SEC-10, SEC-11): import the operator's public key.",
            None,
        )
