"""EVAL-4 (002 Art. 23; 001 Art. 28): the tenant rates the provider, a ``rated`` entry in the record.

Satisfaction is one of the regulation's four levels, stored under a stable key so a report never depends
on how a label was typed; the Chinese label or the key is accepted. Quality remarks are optional, one per
dimension the regulation names (performance, stability, security, availability).
"""

from __future__ import annotations

from typing import Any

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError

SATISFACTION: dict[str, Text] = {
    "dissatisfied": Text("不满意", "dissatisfied"),
    "basically-satisfied": Text("基本满意", "basically satisfied"),
    "satisfied": Text("满意", "satisfied"),
    "very-satisfied": Text("非常满意", "very satisfied"),
}
"""The four levels, lowest first; the key is what the record stores."""
QUALITY: dict[str, Text] = {
    "performance": Text("性能", "performance"),
    "stability": Text("稳定性", "stability"),
    "security": Text("安全性", "security"),
    "availability": Text("可用性", "availability"),
}
MAX_REMARK = 500


def rating_data(data: dict[str, Any]) -> dict[str, Any]:
    """The entry's ``satisfaction`` key and ``quality`` remarks, from what the tenant gave."""
    given = data.get("satisfaction")
    key = next((k for k, label in SATISFACTION.items() if given in (k, label.zh)), None)
    if key is None:
        levels = "/".join(label.zh for label in SATISFACTION.values())
        raise LifecycleError(
            "rating-satisfaction-level",
            "--satisfaction",
            Text(
                f"满意度须为 {levels} 之一：{given!r}",
                f"satisfaction must be one of {levels} ({', '.join(SATISFACTION)}): {given!r}",
            ),
        )
    quality = data.get("quality", {})
    if not isinstance(quality, dict):
        raise LifecycleError(
            "rating-quality-dimension",
            "--quality",
            Text(
                "质量意见须按维度给出（维度=意见）",
                "quality remarks are given per dimension (DIMENSION=REMARK)",
            ),
        )
    for dimension, remark in quality.items():
        if dimension not in QUALITY:
            raise LifecycleError(
                "rating-quality-dimension",
                f"--quality {dimension}",
                Text(
                    f"质量意见只能针对 {'/'.join(q.zh for q in QUALITY.values())}：{dimension!r}",
                    f"quality remarks are on {', '.join(QUALITY)} only: {dimension!r}",
                ),
            )
        if not isinstance(remark, str) or not remark.strip() or len(remark) > MAX_REMARK:
            raise LifecycleError(
                "rating-quality-dimension",
                f"--quality {dimension}",
                Text(
                    f"{QUALITY[dimension].zh}的意见须为 1 到 {MAX_REMARK} 个字符的文字",
                    f"the {dimension} remark must be text of 1 to {MAX_REMARK} characters",
                ),
            )
    return {"satisfaction": key, "quality": {d: quality[d].strip() for d in QUALITY if d in quality}}
