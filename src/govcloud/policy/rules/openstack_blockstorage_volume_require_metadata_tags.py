"""Volumes carry the govcloud.* metadata: request id and digest, unit, system, level, zone, items.

Remediated as servers are (``_metadata.filled``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import VOLUME
from govcloud.policy.rules import _metadata

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-blockstorage-volume-require-metadata-tags",
    kind=RESOURCE,
    resource_types=(VOLUME,),
    description="Require volumes to carry the request id, digest and catalogue metadata tags (LC-2, SEC-7).",
    title=Text("云硬盘必须带申请编号、摘要等元数据", "Volumes carry request metadata tags"),
    severity="medium",
    seed_articles="001 Art. 12; 000 Art. 85",
    mlps_clause="GB/T 22239-2019 8.1.10.6 集中管控 (资产标识)",
    remediation=Text(
        "由栈程序写入 govcloud.* 元数据（tags.volume_metadata）",
        "let the stack write the govcloud.* metadata",
    ),
    config_keys=("requiredMetadata", "requestId", "requestDigest"),
    remediates=True,
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report missing keys and a request id/digest that is not the approved one."""
    _metadata.report(
        args, report_violation, label="Volume", writer="tags.volume_metadata(plan, server, volume)"
    )


remediate = _metadata.filled
"""Fill the keys the approved request determines (see ``_metadata.filled``)."""
