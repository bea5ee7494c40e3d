"""Lifecycle events (LC-1): who may record each one, after which stage, and the stage it leads to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from govcloud.lifecycle.roles import AUDITOR, AUTHORITY, PROVIDER, REQUESTER, REVIEWER

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

RUNNING = frozenset({"provisioned", "live"})
"""Stages with resources built; an approval then is the paperwork of an emergency (LC-12), not a new stage."""
BUILT = frozenset(
    {*RUNNING, "trial", "emergency", "change-requested", "change-approved", "decommissioning"}
    | {"decommission-approved", "offline", "suspended"}
)
"""Every stage in which the system's volumes exist: backups are made and verified in all of them (SEC-11)."""
IN_SERVICE = frozenset({*RUNNING, "trial", "change-requested", "change-approved"})
"""Stages in which the tenant uses the system: its utilisation is reviewed (EVAL-1/2), the provider rated (EVAL-4)."""
SUSPENDABLE = frozenset({*IN_SERVICE, "emergency", "decommissioning"})
"""Stages with servers running for the tenant: a critical incident may suspend them (SEC-8)."""
APPROVALS = frozenset({"approved", "emergency-approved", "change-approved", "trial-converted"})
"""Events that let the provider build the version they name (the stack's gate reads these)."""


@dataclass(frozen=True, slots=True)
class EventRule:
    """One event kind."""

    roles: frozenset[str]
    after: frozenset[str]
    """Stages it may follow (``new``: an empty record); empty means any stage."""
    stage: str | None
    """The stage after it; ``None`` leaves the stage as it was."""
    requirements: tuple[str, ...]


def _rule(roles: set[str], after: AbstractSet[str], stage: str | None, *requirements: str) -> EventRule:
    return EventRule(frozenset(roles), frozenset(after), stage, requirements)


EVENTS: dict[str, EventRule] = {
    "submitted": _rule({REQUESTER}, {"new", "rejected"}, "submitted", "LC-1", "LC-2"),
    "accepted": _rule({REVIEWER, AUTHORITY}, {"submitted"}, "accepted", "LC-3"),
    "rejected": _rule(
        {REVIEWER, AUTHORITY}, {"submitted", "accepted", "change-requested"}, "rejected", "LC-3"
    ),
    "approved": _rule({AUTHORITY}, {"accepted", "emergency", *RUNNING}, "approved", "LC-1", "LC-3"),
    "emergency-approved": _rule(
        {AUTHORITY}, {"submitted", "accepted", "change-requested"}, "emergency", "LC-12"
    ),
    "provisioned": _rule({PROVIDER}, {"approved", "emergency"}, "provisioned", "LC-4"),
    "trial-started": _rule({PROVIDER}, {"approved"}, "trial", "LC-5"),
    "trial-extended": _rule({AUTHORITY}, {"trial"}, "trial", "LC-5"),
    "trial-converted": _rule({AUTHORITY}, {"trial"}, "provisioned", "LC-5"),
    "live": _rule({REQUESTER}, {"provisioned"}, "live", "LC-6", "LC-7"),
    "change-requested": _rule({REQUESTER}, RUNNING, "change-requested", "LC-8"),
    "change-approved": _rule({AUTHORITY}, {"change-requested"}, "change-approved", "LC-8"),
    "change-applied": _rule({PROVIDER}, {"change-approved", "emergency"}, "live", "LC-8"),
    "decommission-requested": _rule({REQUESTER}, {*RUNNING, "trial"}, "decommissioning", "LC-9"),
    "decommission-approved": _rule({AUTHORITY}, {"decommissioning"}, "decommission-approved", "LC-9"),
    "backup-verified": _rule({PROVIDER}, BUILT, None, "LC-9", "SEC-11", "OPS-3"),
    "offline": _rule({PROVIDER}, {"decommission-approved"}, "offline", "LC-9"),
    "reclaimed": _rule({PROVIDER}, {"offline"}, "reclaimed", "LC-9", "LC-13"),
    "audited": _rule({AUDITOR}, set(), None, "SEC-4"),
    "utilisation-reviewed": _rule({PROVIDER}, IN_SERVICE, None, "EVAL-1", "EVAL-2"),
    "rated": _rule({REQUESTER}, IN_SERVICE, None, "EVAL-4"),
    "incident-opened": _rule({PROVIDER}, BUILT, None, "OPS-2"),
    "incident-closed": _rule({PROVIDER}, BUILT, None, "OPS-2"),
    "suspended": _rule({PROVIDER}, SUSPENDABLE, "suspended", "SEC-8", "OPS-2"),
    "resumed": _rule({PROVIDER}, {"suspended"}, None, "SEC-8", "OPS-2"),
    "configuration-checked": _rule({PROVIDER, AUDITOR}, BUILT, None, "LC-8", "OPS-2"),
}
"""``resumed`` leads back to the stage the suspension came from (``govcloud.lifecycle.state`` reads it)."""
