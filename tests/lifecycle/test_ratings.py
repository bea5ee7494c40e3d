"""EVAL-4: the tenant rates the provider (``govcloud rate``): one of four satisfaction levels, quality remarks.

The level is stored under a stable key whichever way it was given (不满意/基本满意/满意/非常满意 or the
key); a remark is on performance, stability, security or availability. Bad input exits 2 naming the
option, a rating at the wrong stage or in the wrong role exits 1; nothing is written either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from govcloud.cli import main
from govcloud.lifecycle.ratings import SATISFACTION
from govcloud.lifecycle.record import read_entries

if TYPE_CHECKING:
    from conftest import Desk

LEVELS = "不满意/基本满意/满意/非常满意"


def _rate(desk: Desk, *argv: str, who: tuple[str, str] = ("王敏", "requester")) -> int:
    args = ["rate", "REQ-2026-0042", *argv, "--as", who[0], "--role", who[1]]
    return desk.cli(*args)


@pytest.fixture
def built(approved: Desk) -> Desk:
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    return approved


def test_a_rating_is_signed_with_its_level_key_and_remarks(
    built: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "--satisfaction",
        "满意",
        "--quality",
        "performance=高峰时段响应偏慢",
        "--quality",
        "availability=无中断",
    ]
    assert _rate(built, *argv) == 0
    assert "recorded #5 rated of REQ-2026-0042 v1 by 王敏 (requester)" in capsys.readouterr().out
    entry = read_entries(built.record)[-1]
    assert (entry["event"], entry["data"]) == (
        "rated",
        {
            "satisfaction": "satisfied",
            "quality": {"performance": "高峰时段响应偏慢", "availability": "无中断"},
        },
    )
    assert _rate(built, "--satisfaction", "very-satisfied") == 0
    assert read_entries(built.record)[-1]["data"] == {"satisfaction": "very-satisfied", "quality": {}}
    assert main(["verify", "--records", str(built.records)]) == 0


def test_the_four_levels_are_the_regulation_s_in_order() -> None:
    assert "/".join(label.zh for label in SATISFACTION.values()) == LEVELS
    assert list(SATISFACTION) == ["dissatisfied", "basically-satisfied", "satisfied", "very-satisfied"]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["--satisfaction", "一般"],
            (
                f"govcloud rate: --satisfaction (EVAL-4): 满意度须为 {LEVELS} 之一：'一般' / satisfaction must be one "
                f"of {LEVELS} (dissatisfied, basically-satisfied, satisfied, very-satisfied): '一般' "
                "[rating-satisfaction-level]"
            ),
        ),
        (
            ["--satisfaction", "满意", "--quality", "speed=快"],
            (
                "govcloud rate: --quality speed (EVAL-4): 质量意见只能针对 性能/稳定性/安全性/可用性：'speed' / quality "
                "remarks are on performance, stability, security, availability only: 'speed' [rating-quality-dimension]"
            ),
        ),
        (
            ["--satisfaction", "满意", "--quality", "performance"],
            (
                "govcloud rate: --quality (EVAL-4): --quality 须写成 KEY=VALUE：performance / --quality must be "
                "KEY=VALUE: performance [rating-quality-dimension]"
            ),
        ),
        (
            ["--satisfaction", "满意", "--quality", "security=" + "慢" * 501],
            (
                "govcloud rate: --quality security (EVAL-4): 安全性的意见须为 1 到 500 个字符的文字 / the security "
                "remark must be text of 1 to 500 characters [rating-quality-dimension]"
            ),
        ),
    ],
    ids=["unknown-level", "unknown-dimension", "not-key-value", "remark-too-long"],
)
def test_bad_input_exits_2_naming_the_option_and_writes_nothing(
    built: Desk, capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    before = built.snapshot()
    assert _rate(built, *argv) == 2
    assert capsys.readouterr().err == line + "\n"
    assert built.snapshot() == before


def test_only_the_requester_rates_and_only_while_the_system_is_in_service(
    approved: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """SEC-4: the provider does not rate itself; nothing is rated before it is built (LC-1)."""
    before = approved.snapshot()
    assert _rate(approved, "--satisfaction", "满意") == 1
    assert "当前阶段 approved 不能记录 rated" in capsys.readouterr().err
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    before = approved.snapshot()
    assert _rate(approved, "--satisfaction", "非常满意", who=("赵磊", "provider")) == 1
    assert capsys.readouterr().err == (
        "govcloud rate: --role (SEC-4, LC-1): rated 只能由 requester 记录，不能由 provider 记录 / rated is "
        "recorded by requester only, not by provider [record-role-allowed]\n"
    )
    assert approved.snapshot() == before
