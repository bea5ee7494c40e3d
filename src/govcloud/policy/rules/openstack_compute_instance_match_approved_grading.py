"""A server's level, classification and zone tags match what the request approved.

An empty ``zone`` is not checked. Missing tags are the metadata rule's finding, not this one's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import INSTANCE
from govcloud.policy.support import as_int, as_mapping, setting
from govcloud.provisioning import tags

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-compute-instance-match-approved-grading",
    kind=RESOURCE,
    resource_types=(INSTANCE,),
    description="Require each server's level, classification and zone tags to match the approved request (SEC-2, SEC-3).",
    title=Text("云主机的定级、数据分类和区域须与批准一致", "Server grading tags match the approval"),
    severity="high",
    seed_articles="001 Art. 21; 000 Art. 66; 000 Art. 6",
    mlps_clause="GB/T 22239-2019 定级 (GB/T 22240)",
    remediation=Text(
        "按批准的申请写入等保级别、数据分类和区域",
        "tag the level, classification and zone the request approved",
    ),
    config_keys=("level", "classification", "zone"),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report each grading tag that differs from the approved value."""
    metadata = as_mapping(args.props.get("metadata"))
    expected = {
        tags.LEVEL: str(as_int(setting(args, "level"))),
        tags.CLASSIFICATION: str(setting(args, "classification")),
        tags.ZONE: str(setting(args, "zone") or ""),
    }
    for key, value in expected.items():
        actual = str(metadata.get(key) or "")
        if value and actual and actual != value:
            report_violation(
                f"Instance '{args.name}' is tagged {key}={actual} but the request approved {value} (SEC-2, SEC-3): "
                "build the server from the approved request, or file a change request.",
                None,
            )
