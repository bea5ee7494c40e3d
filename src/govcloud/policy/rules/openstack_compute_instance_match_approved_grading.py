"""A server's level, classification and zone tags match what the request approved.

Severity: high. Requirements: SEC-2 (every system declares its level), SEC-3 (zones). 等保: grading per
GB/T 22240. Seed: 001 Art. 21; 000 Art. 6, 66. Config: ``level``, ``classification``, ``zone``
(an empty ``zone`` is not checked). Missing tags are the metadata rule's finding, not this one's.
"""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from govcloud.policy.metadata import INSTANCE
from govcloud.policy.support import as_int, as_mapping, policy_kwargs, setting
from govcloud.provisioning import tags

NAME = "openstack-compute-instance-match-approved-grading"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report each grading tag that differs from the approved value."""
    if args.resource_type != INSTANCE:
        return
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


POLICY = ResourceValidationPolicy(validate=validate, **policy_kwargs(NAME))
