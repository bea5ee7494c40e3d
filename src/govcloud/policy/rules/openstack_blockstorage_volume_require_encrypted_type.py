"""Level-3 and 敏感 systems keep their volumes on an encrypted volume type.

Decided by ``govcloud.controls.encryption_required`` — the predicate request admission uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import VOLUME
from govcloud.policy.support import setting, unlisted

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-blockstorage-volume-require-encrypted-type",
    kind=RESOURCE,
    resource_types=(VOLUME,),
    description="Require an encrypted volume type for level-3 or 敏感 systems (SEC-11).",
    title=Text("三级或敏感数据系统必须使用加密云硬盘", "Encrypted volumes for level-3/敏感 systems"),
    severity="critical",
    seed_articles="002 platform-security rules; 003 Art. 21; 001 Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.4.8 数据保密性 b)",
    remediation=Text(
        "改用加密卷类型（如 ssd-luks、ssd-sm4）",
        "use an encrypted volume type such as ssd-luks or ssd-sm4",
    ),
    config_keys=("level", "classification", "encryptedVolumeTypes"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a plaintext volume of a system that must encrypt at rest."""
    level = int(setting(args, "level"))
    classification = str(setting(args, "classification"))
    if not controls.encryption_required(level, classification):
        return
    found = unlisted(args, "volumeType", "encryptedVolumeTypes", blank="(cloud default)")
    if found is not None:
        shown, encrypted = found
        report_violation(
            f"Volume '{args.name}' uses unencrypted volume type {shown} for a level-{level} "
            f"{classification} system (SEC-11): use an encrypted type ({', '.join(encrypted)}).",
            None,
        )
