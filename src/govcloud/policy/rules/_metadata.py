"""The metadata check servers and volumes share, and its safe remediation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud import controls
from govcloud.policy.support import as_int, as_mapping, setting
from govcloud.provisioning import tags

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs


def problems(args: ResourceValidationArgs) -> list[str]:
    """Missing keys, then a request id or digest that differs from the approved request."""
    metadata = as_mapping(args.props.get("metadata"))
    found = []
    missing = controls.missing_metadata(metadata, list(setting(args, "requiredMetadata")))
    if missing:
        found.append(f"lacks metadata {', '.join(missing)}")
    for key, config_key in ((tags.REQUEST_ID, "requestId"), (tags.REQUEST_DIGEST, "requestDigest")):
        expected = str(setting(args, config_key) or "")
        actual = str(metadata.get(key) or "")
        if expected and actual and actual != expected:
            found.append(f"has {key}={actual} but the approved request is {expected}")
    return found


def report(
    args: ResourceValidationArgs, report_violation: ReportViolation, *, label: str, writer: str
) -> None:
    """Report each of :func:`problems` for a ``label`` resource, naming the stack call that writes the keys."""
    for problem in problems(args):
        report_violation(f"{label} '{args.name}' {problem} (LC-2, SEC-7): write {writer}.", None)


def filled(args: ResourceValidationArgs) -> dict[str, Any] | None:
    """Props with missing request keys filled from config; None when nothing can be filled safely.

    Safe because metadata changes update in place (no replacement) and only keys the approved request
    determines are written; unknown keys (tier, catalogue items) are left for the stack to fix.
    """
    metadata = dict(args.props.get("metadata") or {})
    known = {
        tags.REQUEST_ID: setting(args, "requestId"),
        tags.REQUEST_DIGEST: setting(args, "requestDigest"),
        tags.LEVEL: str(as_int(setting(args, "level"))),
        tags.CLASSIFICATION: setting(args, "classification"),
        tags.ZONE: setting(args, "zone"),
    }
    additions = {key: value for key, value in known.items() if value and not metadata.get(key)}
    if not additions or not setting(args, "requestId"):
        return None
    return {**dict(args.props), "metadata": {**metadata, **additions}}
