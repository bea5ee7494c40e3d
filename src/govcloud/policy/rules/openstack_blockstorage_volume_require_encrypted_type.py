"""Level-3 and 敏感 systems keep their volumes on an encrypted volume type.

Severity: critical. Requirement: SEC-11 (encryption of stored data). 等保: GB/T 22239-2019 8.1.4.8 数据保密性 b)
应采用密码技术保证重要数据在存储过程中的保密性. Seed: 002 platform-security rules; 003 Art. 21; 001 Art. 24.
Decided by ``govcloud.controls.encryption_required`` — the predicate request admission uses.
Config: ``level``, ``classification``, ``encryptedVolumeTypes``.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud import controls
from govcloud.policy.metadata import VOLUME
from govcloud.policy.support import policy_kwargs, setting

NAME = "openstack-blockstorage-volume-require-encrypted-type"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a plaintext volume of a system that must encrypt at rest."""
    if args.resource_type != VOLUME:
        return
    level = int(setting(args, "level"))
    classification = str(setting(args, "classification"))
    if not controls.encryption_required(level, classification):
        return
    volume_type = str(args.props.get("volumeType") or "")
    encrypted = list(setting(args, "encryptedVolumeTypes"))
    if volume_type not in encrypted:
        report_violation(
            f"Volume '{args.name}' uses unencrypted volume type {volume_type or '(cloud default)'} for a level-{level} "
            f"{classification} system (SEC-11): use an encrypted type ({', '.join(encrypted)}).",
            None,
        )


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
