"""The provider assessment of one month (EVAL-4; 002 Art. 23, 001 Art. 28): response times and satisfaction.

- **Response times**, from the records: each acceptance decision (LC-3: 3 working days from submission),
  approval opinion (LC-3: 2 from acceptance) and provisioning (LC-4: 3 from approval) that ended in the
  month, in working days, against the deadline ``govcloud.lifecycle.status.DEADLINES`` gives that stage
  (the same table and calendar ``govcloud status`` judges by). A response still awaited on the report's day
  and already past its due date counts too, as late: a provider that never answers does not score 100 %.
- **Satisfaction**: each request's latest ``rated`` entry of the month (one voice per system a month), by
  the four levels of ``govcloud.lifecycle.ratings`` (all four shown, zeros too), with its quality remarks.

Entries after the report's day are not read, so a past month's report does not change afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from govcloud.lifecycle.ratings import QUALITY, SATISFACTION
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import RequestState, apply
from govcloud.lifecycle.status import DEADLINES, record_paths
from govcloud.lifecycle.workdays import working_days_between

if TYPE_CHECKING:
    from pathlib import Path

RESPONSES = {"submitted": "acceptance", "accepted": "approval", "approved": "provisioning"}
"""The stage a response ends, and the response's name."""


@dataclass(frozen=True, slots=True)
class Response:
    """One response of the provider side: when its clock started, when it ended (``None``: still awaited)."""

    request_id: str
    unit: str
    kind: str
    requirement: str
    started: date
    ended: date | None
    working_days: int
    due: date
    on_time: bool

    def as_json(self) -> dict[str, Any]:
        """As listed under ``providerAssessment.responseItems``."""
        return {
            "requestId": self.request_id,
            "unit": self.unit,
            "kind": self.kind,
            "requirement": self.requirement,
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat() if self.ended else None,
            "workingDays": self.working_days,
            "due": self.due.isoformat(),
            "onTime": self.on_time,
        }


@dataclass(frozen=True, slots=True)
class Rating:
    """A request's latest rating of the month."""

    request_id: str
    unit: str
    at: datetime
    satisfaction: str
    quality: dict[str, str]


@dataclass(frozen=True, slots=True)
class Assessment:
    """The month's response times and ratings."""

    responses: tuple[Response, ...]
    ratings: tuple[Rating, ...]

    def summaries(self) -> list[dict[str, Any]]:
        """Per response kind: how many, how many on time, the share, mean and longest in working days."""
        out = []
        for stage, kind in RESPONSES.items():
            mine = [r for r in self.responses if r.kind == kind]
            on_time = sum(r.on_time for r in mine)
            out.append(
                {
                    "kind": kind,
                    "requirement": DEADLINES[stage].requirement,
                    "deadlineWorkingDays": DEADLINES[stage].working_days,
                    "counted": len(mine),
                    "onTime": on_time,
                    "late": len(mine) - on_time,
                    "shareOnTime": round(on_time / len(mine), 4) if mine else None,
                    "meanWorkingDays": round(sum(r.working_days for r in mine) / len(mine), 2)
                    if mine
                    else None,
                    "maxWorkingDays": max((r.working_days for r in mine), default=None),
                }
            )
        return out

    def distribution(self) -> dict[str, int]:
        """How many ratings gave each level, lowest first, every level present."""
        return {key: sum(r.satisfaction == key for r in self.ratings) for key in SATISFACTION}

    def as_json(self) -> dict[str, Any]:
        """The ``providerAssessment`` section of the report's JSON."""
        counts = self.distribution()
        return {
            "responses": self.summaries(),
            "responseItems": [r.as_json() for r in self.responses],
            "satisfaction": {
                "ratings": len(self.ratings),
                "levels": [
                    {"key": key, "zh": label.zh, "en": label.en, "count": counts[key]}
                    for key, label in SATISFACTION.items()
                ],
                "rated": [
                    {
                        "requestId": r.request_id,
                        "unit": r.unit,
                        "at": r.at.isoformat(),
                        "satisfaction": r.satisfaction,
                        "quality": r.quality,
                    }
                    for r in self.ratings
                ],
            },
        }

    def csv_rows(self) -> list[tuple[str, str, str, str, str, str, str, str]]:
        """(section, tenant, request, subject, detail, requirement, working_days, on_time) per item."""
        rows = [
            (
                "response",
                r.unit,
                r.request_id,
                r.kind,
                f"{r.started} -> {r.ended or 'awaited'}, due {r.due}",
                r.requirement,
                str(r.working_days),
                "yes" if r.on_time else "no",
            )
            for r in self.responses
        ]
        for rating in self.ratings:
            label = SATISFACTION[rating.satisfaction].joined()
            rows.append(
                ("satisfaction", rating.unit, rating.request_id, rating.satisfaction, label, "EVAL-4", "", "")
            )
            rows += [
                ("quality", rating.unit, rating.request_id, dimension, remark, "EVAL-4", "", "")
                for dimension, remark in rating.quality.items()
                if dimension in QUALITY
            ]
        return rows


def assess(records: Path, start: datetime, end: datetime, as_of: date) -> Assessment:
    """The assessment of the month ``[start, end)`` as of ``as_of`` (entries after that day are not read)."""
    limit = datetime.combine(as_of + timedelta(days=1), datetime.min.time(), start.tzinfo)
    responses: list[Response] = []
    ratings: list[Rating] = []
    for path in record_paths(records):
        state, latest = RequestState(), None
        for entry in read_entries(path):
            at = datetime.fromisoformat(entry["at"])
            if at >= limit:
                break
            before = state.stage
            started = state.last.get(DEADLINES[before].started_by) if before in RESPONSES else None
            apply(state, entry)
            if started is not None and state.stage != before and start <= at < end:
                responses.append(_response(state, before, started.date(), at.date()))
            if entry["event"] == "rated" and start <= at < end:
                latest = Rating(
                    state.request_id, state.unit, at, entry["data"]["satisfaction"], entry["data"]["quality"]
                )
        if state.stage in RESPONSES:
            awaited = _response(
                state, state.stage, state.last[DEADLINES[state.stage].started_by].date(), None, as_of
            )
            if not awaited.on_time:
                responses.append(awaited)
        if latest is not None:
            ratings.append(latest)
    return Assessment(tuple(responses), tuple(ratings))


def _response(
    state: RequestState, stage: str, started: date, ended: date | None, as_of: date | None = None
) -> Response:
    """A response judged as ``govcloud status`` judges its stage: on time when it ends by the due day."""
    deadline = DEADLINES[stage]
    due = deadline.due(started).day
    until = ended or as_of or due
    return Response(
        state.request_id,
        state.unit,
        RESPONSES[stage],
        deadline.requirement,
        started,
        ended,
        working_days_between(started, until),
        due,
        until <= due,
    )
