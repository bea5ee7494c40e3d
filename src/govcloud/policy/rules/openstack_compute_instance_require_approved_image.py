"""Servers boot an approved, hardened catalogue image (by name, so the approval is reviewable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import INSTANCE
from govcloud.policy.support import unlisted

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-compute-instance-require-approved-image",
    kind=RESOURCE,
    resource_types=(INSTANCE,),
    description="Require servers to boot from an approved, hardened catalogue image (CAT-1, SEC-10).",
    title=Text("云主机只能使用目录内的加固镜像", "Servers boot approved hardened images"),
    severity="high",
    seed_articles="000 Art. 73(4); 000 Art. 22",
    mlps_clause="GB/T 22239-2019 8.1.4.4 入侵防范 a) 最小安装",
    remediation=Text("使用服务目录中批准的加固镜像", "use an approved hardened image from the catalogue"),
    config_keys=("approvedImages",),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report a server whose image is not named, or not in ``approvedImages``."""
    found = unlisted(args, "imageName", "approvedImages", blank=f"id {args.props.get('imageId') or '(none)'}")
    if found is None:
        return
    shown, approved = found
    report_violation(
        f"Instance '{args.name}' boots image {shown}, which is not an approved catalogue image (CAT-1, SEC-10): "
        f"use one of {', '.join(approved)} by name.",
        None,
    )
