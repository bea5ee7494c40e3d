"""The backups a request ordered, run as schedules (SEC-11, OPS-3): due copies made, old ones pruned, gaps reported.

A request orders a ``BackupService`` item (``bak.daily.offsite``, ``bak.weekly``); its frequency and
retention come from the catalogue (``backups.Schedule``). ``govcloud backup run`` (from cron, say hourly)
makes, for every request whose approved version orders one and whose system is built, the copies that
are due: one per volume the request's resources carry (found through Cinder by the ``govcloud.request-id``
metadata every stack volume has), each read back through the API; copies of that schedule older than
the retention are deleted; and the run is recorded as a ``backup-verified`` entry naming the schedule,
the copies and what was pruned. ``govcloud backup status`` lists, per request and schedule, the last
good run, the next due time and every period since the system was built in which no good run happened.

On the box a copy is a Cinder snapshot in the same Cinder (no cinder-backup, no second site): the
``offsite`` part of ``bak.daily.offsite`` is not met there, and the status says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.lifecycle import backups
from govcloud.lifecycle.events import APPROVALS, BUILT
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import fold
from govcloud.lifecycle.status import record_paths
from govcloud.provisioning import access, tags

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from govcloud.bilingual import Text
    from govcloud.catalogue.model import Catalogue

BACKUP_KIND = "BackupService"
SCHEDULE_KEY = "govcloud.backup-schedule"


@dataclass(frozen=True, slots=True)
class Ordered:
    """One schedule of one request, with its record's runs."""

    request_id: str
    unit: str
    stage: str
    schedule: backups.Schedule
    offsite: bool
    since: datetime | None
    """When the system was first built (the first period starts then); None before."""
    runs: tuple[datetime, ...]
    """Times of the recorded runs of this schedule in which every copy verified."""
    system: str = ""
    authorisation: access.Authorisation | None = None
    """The approved version's ``providerAccess`` (SEC-5); None when it carries none."""
    unauthorised: Text | None = None
    """Why the approved version authorises nothing, when it does not."""

    @property
    def subject(self) -> access.Subject:
        """Whose volumes this schedule copies."""
        return access.Subject(self.system, self.request_id)

    def due(self, now: datetime) -> bool:
        """Whether a run is due now: the system is built and the period since the last good run is over."""
        return self.stage in BUILT and self.since is not None and self.schedule.due(list(self.runs), now)

    def status(self, now: datetime) -> dict[str, Any]:
        """What ``govcloud backup status`` shows (the ``--format json`` shape)."""
        last = max(self.runs, default=None)
        missed = self.schedule.missed(list(self.runs), self.since, now) if self.since else []
        due = (last + self.schedule.every) if last else (self.since or now)
        return {
            "requestId": self.request_id,
            "unit": self.unit,
            "stage": self.stage,
            "schedule": self.schedule.item_id,
            "everyDays": self.schedule.every.days,
            "retentionDays": self.schedule.retention.days,
            "lastRun": last.isoformat() if last else None,
            "nextDue": due.isoformat(),
            "due": self.schedule.due(list(self.runs), now) and self.since is not None,
            "missed": [start.isoformat() for start in missed],
            "offsiteOrdered": self.offsite,
        }


def ordered(records: Path, catalogue: Catalogue) -> list[Ordered]:
    """Every backup schedule of every request whose approved version orders one, by request id."""
    found = []
    for path in record_paths(records):
        entries = read_entries(path)
        state = fold(entries)
        last = entries[-1]["request"] if state.sm3 else None
        approvals = [e["request"] for e in entries if e["event"] in APPROVALS]
        latest = _stored(records, state.request_id, last)
        same = bool(approvals) and last is not None and approvals[-1]["sm3"] == last["sm3"]
        approved = (
            latest if same else _stored(records, state.request_id, approvals[-1] if approvals else None)
        )
        authorisation, unauthorised = access.carried(approved, f"record {path}")
        for item_id in _backup_items(latest, catalogue):
            item = catalogue.items[item_id]
            runs = tuple(
                datetime.fromisoformat(e["at"])
                for e in entries
                if e["event"] == "backup-verified"
                and e["data"].get("schedule") == item_id
                and e["data"].get("ok")
            )
            built = [datetime.fromisoformat(e["at"]) for e in entries if "units" in e["data"]]
            found.append(
                Ordered(
                    state.request_id,
                    state.unit,
                    state.stage,
                    backups.Schedule.of(item),
                    bool(item.spec.get("offsite")),
                    min(built, default=None),
                    runs,
                    str(latest["spec"]["system"]["code"]),
                    authorisation,
                    unauthorised,
                )
            )
    return found


def _stored(records: Path, request_id: str, version: dict[str, Any] | None) -> dict[str, Any]:
    """The stored copy of a version an entry names (its ``request``); empty for none."""
    from govcloud.lifecycle.actions import stored_version  # noqa: PLC0415 - actions imports the whole desk

    return stored_version(records, request_id, version["sm3"]) if version else {}


def _backup_items(request: dict[str, Any], catalogue: Catalogue) -> list[str]:
    """The backup items a request orders, in request order (the version the record last concerns)."""
    items = [r.get("item") for r in request.get("spec", {}).get("resources", ())]
    return [i for i in items if i in catalogue.items and catalogue.items[i].kind == BACKUP_KIND]


@dataclass(frozen=True, slots=True)
class RunResult:
    """One schedule's run for one request: its copies and what it pruned."""

    request_id: str
    item_id: str
    copies: tuple[backups.Copy, ...]
    pruned: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Every copy verified (a run without volumes has nothing to fail)."""
        return all(copy.verified for copy in self.copies)


def run_due(
    conn: Any,
    schedules: list[Ordered],
    now: datetime,
    record: Callable[[str, dict[str, Any]], dict[str, Any]],
    how: str = backups.SNAPSHOT,
) -> list[RunResult]:
    """Run each due schedule of a built system; ``record(request_id, data)`` appends its ``backup-verified``.

    The caller passes only the schedules the tenant authorised (SEC-5, ``govcloud.provisioning.access``).
    """
    results = []
    for order in schedules:
        if not order.due(now):
            continue
        result = run_one(conn, order, now, how)
        record(
            order.request_id,
            {
                "schedule": order.schedule.item_id,
                "method": how,
                "ok": result.ok,
                "volumes": backups.as_json(list(result.copies)),
                "pruned": list(result.pruned),
            },
        )
        results.append(result)
    return results


def run_one(conn: Any, order: Ordered, now: datetime, how: str) -> RunResult:
    """Copy every volume of the request, then prune this schedule's copies past the retention."""
    storage = conn.block_storage
    volumes = [
        v
        for v in storage.volumes(details=True)
        if (v.metadata or {}).get(tags.REQUEST_ID) == order.request_id
        and not (v.metadata or {}).get(SCHEDULE_KEY)
    ]
    stamp = now.strftime("%Y%m%dT%H%M%S")
    item = order.schedule.item_id
    copies = [
        backups.back_up(
            conn, v, how, f"{item}-{v.id}-{stamp}", {SCHEDULE_KEY: item, tags.REQUEST_ID: order.request_id}
        )
        for v in volumes
    ]
    pruned = []
    for volume in volumes:
        for old in _copies_of(storage, how, volume.id, item):
            if old.id not in {c.copy_id for c in copies} and now - _created(old) > order.schedule.retention:
                (storage.delete_backup if how == backups.CINDER_BACKUP else storage.delete_snapshot)(old)
                pruned.append(old.id)
    return RunResult(order.request_id, item, tuple(copies), tuple(pruned))


def _copies_of(storage: Any, how: str, volume_id: str, item_id: str) -> list[Any]:
    listing = storage.backups if how == backups.CINDER_BACKUP else storage.snapshots
    return [c for c in listing(volume_id=volume_id) if (c.name or "").startswith(f"{item_id}-{volume_id}-")]


def _created(copy: Any) -> datetime:
    return backups.aware(str(copy.created_at))
