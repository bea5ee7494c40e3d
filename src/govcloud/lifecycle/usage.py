"""Utilisation review (EVAL-1, EVAL-2): idle, over-provisioned and long-term busy resources.

Usage samples are a CSV file with the header ``time,unit,request,resource,metric,value``:

- ``time``: ISO 8601 with offset, e.g. ``2026-10-01T09:00:00+08:00``;
- ``unit``: the tenant unit as the request names it (``spec.tenant.unit.zh``);
- ``request``: the request id; ``resource``: the server name (``gov-portal-web-1``);
- ``metric``: ``cpu`` or ``memory``; ``value``: percent of what was allocated, 0 to 100.

The box has no usage API (no Ceilometer/Gnocchi), so samples come from the provider's monitoring as
this file. Rules, per resource, over all its samples (p95 = the 95th percentile):

- **idle** (EVAL-1, revoke): cpu p95 < 5 % and memory p95 < 20 %, over at least 7 days;
- **over-provisioned** (EVAL-1, scale down): cpu p95 < 30 % and memory p95 < 40 %;
- **busy** (EVAL-2, optimise first, then scale up): cpu or memory mean >= 80 %, over at least 14 days.

``govcloud usage review --record-review REQ-…`` signs the review of one system into its lifecycle record
(a ``utilisation-reviewed`` entry, ``review_entry``), with one verdict for the whole system: ``idle`` or
``over-provisioned`` when any of its servers is (capacity to reclaim comes first, EVAL-1), else ``busy``
when any is (a scale-up may be justified, EVAL-2), else ``normal``. ``govcloud.lifecycle.scale_up`` reads
the latest such entry before a scale-up is approved.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.digests import sm3_tagged
from govcloud.lifecycle.errors import LifecycleError

if TYPE_CHECKING:
    from pathlib import Path

HEADER = ("time", "unit", "request", "resource", "metric", "value")
METRICS = ("cpu", "memory")
IDLE_CPU, IDLE_MEMORY, IDLE_DAYS = 5.0, 20.0, 7
OVERSIZED_CPU, OVERSIZED_MEMORY = 30.0, 40.0
BUSY_MEAN, BUSY_DAYS = 80.0, 14
MAX_ROWS = 2_000_000
VERDICTS = ("idle", "over-provisioned", "busy", "normal")
"""A system's verdict, the first of these any of its servers earned (``normal``: none)."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One measurement."""

    time: datetime
    unit: str
    request: str
    resource: str
    metric: str
    value: float


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What the review says about one resource."""

    unit: str
    request: str
    resource: str
    kind: str
    requirement: str
    advice: Text
    stats: dict[str, float]

    def as_json(self) -> dict[str, Any]:
        """The ``--format json`` shape."""
        return {
            "unit": self.unit,
            "request": self.request,
            "resource": self.resource,
            "kind": self.kind,
            "requirement": self.requirement,
            "advice": self.advice._asdict(),
            "stats": self.stats,
        }


def read_samples(path: Path) -> list[Sample]:
    """Parse the CSV; a bad row is unusable input naming the row and the field."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:  # csv.Error: a field over the reader's limit
        raise _unusable(str(path), f"无法读取：{error}", f"cannot be read: {error}") from error
    if not rows or tuple(rows[0]) != HEADER:
        raise _unusable(f"{path}:1", f"表头须为 {','.join(HEADER)}", f"the header must be {','.join(HEADER)}")
    if len(rows) > MAX_ROWS:
        raise _unusable(str(path), f"超过 {MAX_ROWS} 行", f"more than {MAX_ROWS} rows")
    return [_sample(f"{path}:{number}", row) for number, row in enumerate(rows[1:], start=2)]


def _sample(where: str, row: list[str]) -> Sample:
    if len(row) != len(HEADER):
        raise _unusable(where, "列数不符", f"expected {len(HEADER)} columns")
    when, unit, request, resource, metric, value = row
    try:
        time = datetime.fromisoformat(when)
    except ValueError as error:
        raise _unusable(f"{where}: time", "时间格式无效", "not an ISO 8601 time") from error
    if time.tzinfo is None:
        raise _unusable(f"{where}: time", "时间须带时区", "the time needs an offset")
    if metric not in METRICS:
        raise _unusable(f"{where}: metric", f"指标须为 {METRICS}", f"metric must be one of {METRICS}")
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 100:  # noqa: PLR2004 - percent
        raise _unusable(f"{where}: value", "数值须为 0 到 100 的百分比", "value must be a percent, 0 to 100")
    return Sample(time, unit, request, resource, metric, number)


def recommend(samples: list[Sample]) -> list[Recommendation]:
    """One recommendation per resource that needs one, by unit and resource."""
    grouped: dict[tuple[str, str, str], dict[str, list[Sample]]] = {}
    for sample in samples:
        grouped.setdefault((sample.unit, sample.request, sample.resource), {}).setdefault(
            sample.metric, []
        ).append(sample)
    found = []
    for (unit, request, resource), metrics in sorted(grouped.items()):
        times = [s.time for series in metrics.values() for s in series]
        days = (max(times) - min(times)).total_seconds() / 86400
        stats = {"days": round(days, 1)}
        for metric in METRICS:
            values = sorted(s.value for s in metrics.get(metric, ()))
            stats[f"{metric}_p95"] = _p95(values)
            stats[f"{metric}_mean"] = round(sum(values) / len(values), 1) if values else math.nan
        kind = _kind(stats, days)
        if kind is not None:
            requirement, advice = _ADVICE[kind]
            found.append(Recommendation(unit, request, resource, kind, requirement, advice, stats))
    return found


def _kind(stats: dict[str, float], days: float) -> str | None:
    cpu95, mem95 = stats["cpu_p95"], stats["memory_p95"]
    if days >= BUSY_DAYS and max(stats["cpu_mean"], stats["memory_mean"]) >= BUSY_MEAN:
        return "busy"
    if days >= IDLE_DAYS and cpu95 < IDLE_CPU and mem95 < IDLE_MEMORY:
        return "idle"
    if cpu95 < OVERSIZED_CPU and mem95 < OVERSIZED_MEMORY:
        return "over-provisioned"
    return None


_ADVICE = {
    "idle": ("EVAL-1", Text("长期闲置：建议回收", "idle: revoke it")),
    "over-provisioned": ("EVAL-1", Text("配置过高：建议降配", "over-provisioned: scale it down")),
    "busy": (
        "EVAL-2",
        Text("长期高负载：先优化，再扩容", "long-term high use: optimise first, then scale up"),
    ),
}


def review_entry(samples: list[Sample], request_id: str, source: Path) -> dict[str, Any]:
    """The data of one system's ``utilisation-reviewed`` entry: verdict, period, samples' digest, findings."""
    mine = [sample for sample in samples if sample.request == request_id]
    if not mine:
        raise LifecycleError(
            "review-request-sampled",
            f"{source}: request",
            Text(f"用量样本中没有申请 {request_id} 的样本", f"the usage samples hold none of {request_id}"),
        )
    findings = recommend(mine)
    kinds = {finding.kind for finding in findings}
    times = [sample.time for sample in mine]
    return {
        "verdict": next((kind for kind in VERDICTS if kind in kinds), "normal"),
        "from": min(times).isoformat(),
        "to": max(times).isoformat(),
        "samples": {"file": source.name, "sm3": sm3_tagged(source.read_bytes()), "rows": len(mine)},
        "servers": len({sample.resource for sample in mine}),
        "findings": [
            {
                "resource": finding.resource,
                "kind": finding.kind,
                "requirement": finding.requirement,
                "stats": {key: None if math.isnan(value) else value for key, value in finding.stats.items()},
            }
            for finding in findings
        ],
    }


def _p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile; NaN without samples (then no rule below a threshold applies)."""
    if not values:
        return math.nan
    return values[max(0, math.ceil(0.95 * len(values)) - 1)]


def _unusable(field: str, zh: str, en: str) -> LifecycleError:
    return LifecycleError("usage-samples-usable", field, Text(f"用量样本{zh}", f"usage samples: {en}"))
