"""EVAL-2, optimise first, then scale up (先优化，再扩容): a scale-up needs the record's review and evidence.

The portal is built on 10 October 2026; the provider's utilisation review is signed into its record
(``utilisation-reviewed``), then the requester asks for a change. A scale-up (a third web server, bigger
flavors, a higher monthly cost) of a system the review found idle is refused at the request; one the
review found busy is approved once the request carries optimisation evidence, or on the authority's
explicit exception; a scale-down is never refused by the rule.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from govcloud.admission.context import RequestContext
from govcloud.cli import main
from govcloud.lifecycle import change
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.errors import LifecycleError, RefusedError
from govcloud.lifecycle.keyring import load_keyring
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.usage import read_samples, review_entry
from govcloud.lifecycle.verify import verify_record
from govcloud.loader import load_path

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Desk

    from govcloud.catalogue.model import Catalogue

HEADER = "time,unit,request,resource,metric,value\n"
SERVERS = ("gov-portal-web-1", "gov-portal-web-2", "gov-portal-app-1", "gov-portal-app-2", "gov-portal-db-1")
THIRD_WEB = ("web", "ecs.g.4c8g", 3)
BIGGER_WEB = ("web", "ecs.g.8c16g", 2)
SMALLER_APP = ("app", "ecs.g.4c8g", 2)
BUSY = {"gov-portal-db-1": (91.0, 70.0)}
IDLE = {"gov-portal-app-2": (1.0, 10.0)}
OPTIMISED = {
    "zh": "数据库慢查询已优化、加索引，缓存命中率升至 92%，高峰 CPU 仍在 85% 以上",
    "en": "slow queries fixed and indexed, cache hit rate up to 92%; peak CPU still above 85%",
    "ref": "OPT-2026-031",
}
REVIEW = "the latest utilisation review (#5) found the system"
FRESH = "2026-10-11 00:00"
"""Samples from the day after the build: a review of the capacity in place."""
EXCEPTION = {"reason": "网上办事大厅下月上线，按计划扩容 / the online service hall opens next month"}


def _changed(document: dict[str, Any], tier: str, item: str, count: int) -> dict[str, Any]:
    """A copy of ``document`` whose ``tier`` servers are ``count`` of flavor ``item``."""
    proposed = copy.deepcopy(document)
    line = next(r for r in proposed["spec"]["resources"] if r.get("tier") == tier and "image" in r)
    line["item"], line["count"] = item, count
    return proposed


def _propose(desk: Desk, tier: str, item: str, count: int) -> None:
    document = _changed(load_path(desk.request).data, tier, item, count)
    desk.request.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def _samples(path: Path, start: str, days: int, load: dict[str, tuple[float, float]]) -> Path:
    """Twice-daily cpu and memory percent per server from ``start`` for ``days`` days (50/50 unless given)."""
    first = datetime.fromisoformat(start).replace(tzinfo=CHINA)
    rows = []
    for half_day in range(days * 2 + 1):
        at = (first + timedelta(hours=12 * half_day)).isoformat()
        for server in SERVERS:
            cpu, memory = load.get(server, (50.0, 50.0))
            rows.append(f"{at},市人民政府办公室,REQ-2026-0042,{server},cpu,{cpu}")
            rows.append(f"{at},市人民政府办公室,REQ-2026-0042,{server},memory,{memory}")
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _review(desk: Desk, load: dict[str, tuple[float, float]], start: str = FRESH) -> dict[str, Any]:
    path = _samples(desk.records.parent / "usage.csv", start, 15, load)
    data = review_entry(read_samples(path), "REQ-2026-0042", path)
    return desk.act("utilisation-reviewed", "赵磊", "provider", "2026-10-27 09:00", **data)


def _asked(
    desk: Desk, edit: tuple[str, str, int], load: dict[str, tuple[float, float]], start: str = FRESH
) -> dict[str, Any]:
    """The provider's review of the usage since ``start`` finds ``load``; then the request asks for ``edit``."""
    review = _review(desk, load, start)
    _propose(desk, *edit)
    return review


@pytest.fixture
def built(approved: Desk) -> Desk:
    """The portal built on Sat 10 October 2026 (#4)."""
    approved.act("provisioned", "赵磊", "provider", "2026-10-10 10:00")
    return approved


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (THIRD_WEB, ["servers rise from 5 to 6", "{cost}"]),
        (
            BIGGER_WEB,
            [
                "gov-portal-web-1 moves to a bigger flavor: ecs.g.4c8g -> ecs.g.8c16g",
                "gov-portal-web-2 moves to a bigger flavor: ecs.g.4c8g -> ecs.g.8c16g",
                "{cost}",
            ],
        ),
        (SMALLER_APP, []),
    ],
    ids=["more-servers", "bigger-flavor", "scale-down"],
)
def test_a_scale_up_is_more_servers_a_bigger_flavor_or_a_higher_cost(
    desk: Desk, catalogue: Catalogue, edit: tuple[str, str, int], expected: list[str]
) -> None:
    """EVAL-2: the plan diff says why a change raises capacity; a scale-down gives no reason."""
    approved = load_path(desk.request).data
    proposed = _changed(approved, *edit)
    report = change.compare(approved, proposed, catalogue)
    before, after = (RequestContext(d, catalogue).cost.monthly_cny for d in (approved, proposed))
    cost = f"the monthly cost rises from {before:,.2f} to {after:,.2f} CNY"
    assert [reason.en for reason in report.scale_up] == [line.format(cost=cost) for line in expected]
    assert (after > before) == bool(expected)
    assert all(reason.zh != reason.en for reason in report.scale_up)
    assert report.as_json()["scaleUp"] == [reason._asdict() for reason in report.scale_up]
    assert change.compare(approved, approved, catalogue).scale_up == ()


def test_the_review_is_signed_into_the_record_with_one_verdict_for_the_system(
    built: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """EVAL-1, EVAL-2: govcloud usage review --record-review appends a verified utilisation-reviewed entry."""
    samples = _samples(built.records.parent / "busy.csv", "2026-10-11 00:00", 15, BUSY)
    argv = [
        "usage",
        "review",
        str(samples),
        "--record-review",
        "REQ-2026-0042",
        "--as",
        "赵磊",
        "--role",
        "provider",
    ]
    assert built.cli(*argv) == 1  # a busy finding is a finding
    assert (
        "recorded #5 utilisation-reviewed of REQ-2026-0042: the system is busy (EVAL-2)"
        in capsys.readouterr().err
    )
    entry = read_entries(built.record)[-1]
    assert (entry["event"], entry["role"], entry["data"]["verdict"]) == (
        "utilisation-reviewed",
        "provider",
        "busy",
    )
    assert entry["data"]["from"] == "2026-10-11T00:00:00+08:00"
    assert entry["data"]["samples"]["rows"] == 31 * 5 * 2
    assert entry["data"]["samples"]["sm3"].startswith("sm3:")
    assert [f["resource"] for f in entry["data"]["findings"]] == ["gov-portal-db-1"]
    assert verify_record(built.record, load_keyring(built.records)).problems == ()
    idle = _samples(built.records.parent / "idle.csv", "2026-10-11 00:00", 15, {**BUSY, **IDLE})
    assert review_entry(read_samples(idle), "REQ-2026-0042", idle)["verdict"] == "idle"  # idle outranks busy


def test_recording_a_review_needs_the_actor_and_samples_of_that_request(
    built: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    samples = _samples(built.records.parent / "busy.csv", "2026-10-11 00:00", 15, BUSY)
    before = built.snapshot()
    assert (
        main(
            [
                "usage",
                "review",
                str(samples),
                "--record-review",
                "REQ-2026-0042",
                "--records",
                str(built.records),
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        "govcloud usage: --as, --role (EVAL-2, SEC-4): 记录利用率评估须给出 --as 和 --role / "
        "--record-review needs --as and --role [review-actor-given]\n"
    )
    argv = [
        "usage",
        "review",
        str(samples),
        "--record-review",
        "REQ-2026-0099",
        "--as",
        "赵磊",
        "--role",
        "provider",
    ]
    assert built.cli(*argv) == 2
    assert capsys.readouterr().err == (
        f"govcloud usage: {samples}: request (EVAL-1, EVAL-2): 用量样本中没有申请 REQ-2026-0099 的样本 / "
        "the usage samples hold none of REQ-2026-0099 [review-request-sampled]\n"
    )
    assert built.snapshot() == before


def test_a_scale_up_of_an_idle_system_is_refused_at_the_request(
    built: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """EVAL-2 after EVAL-1: reclaim first; the requester learns at once and nothing is written."""
    _asked(built, THIRD_WEB, IDLE)
    before = built.snapshot()
    argv = [
        "change",
        str(built.request),
        "--as",
        "王敏",
        "--role",
        "requester",
        "--optimisation-zh",
        OPTIMISED["zh"],
    ]
    argv += ["--optimisation-en", OPTIMISED["en"], "--optimisation-ref", OPTIMISED["ref"]]
    assert built.cli(*argv) == 1
    captured = capsys.readouterr()
    assert "scale-up / 扩容 (EVAL-2: optimise first, then scale up / 先优化，再扩容):" in captured.out
    assert "  because: 云主机由 5 台增至 6 台 / servers rise from 5 to 6" in captured.out
    assert (
        "  EVAL-2: 将被拒绝：最近的利用率评估（#5）发现系统资源闲置，先回收或降配，再扩容 / refused: the latest "
        "utilisation review (#5) found the system idle; reclaim or scale down first, then scale up"
    ) in captured.out
    assert captured.err == (
        "govcloud change: utilisation-reviewed (EVAL-2, EVAL-1): 最近的利用率评估（#5）发现系统资源闲置"
        "（gov-portal-app-2 idle）：先回收或降配，再扩容 / the latest utilisation review (#5) found the system "
        "idle (gov-portal-app-2 idle): reclaim or scale down first, then scale up [scaleup-reclaim-first]\n"
    )
    assert built.snapshot() == before


def test_no_exception_lifts_reclaim_first_at_the_approval(built: Desk) -> None:
    """A review that finds idle capacity after the request was made stops the approval too, exception or not."""
    _propose(built, *THIRD_WEB)
    built.act("change-requested", "王敏", "requester", "2026-10-26 10:00", file=True, optimisation=OPTIMISED)
    _review(built, IDLE)
    before = built.record.read_bytes()
    with pytest.raises(RefusedError) as caught:
        built.act(
            "change-approved", "刘洋", "authority", "2026-10-28 10:00", file=True, scaleUpException=EXCEPTION
        )
    assert (caught.value.rule_id, caught.value.requirements) == (
        "scaleup-reclaim-first",
        ("EVAL-2", "EVAL-1"),
    )
    assert built.record.read_bytes() == before


def test_a_busy_system_optimised_first_is_approved_and_the_approval_says_why(built: Desk) -> None:
    """EVAL-2: the review found the system busy and the request says what was optimised first."""
    review = _asked(built, BIGGER_WEB, BUSY)
    requested = built.act(
        "change-requested", "王敏", "requester", "2026-10-28 10:00", file=True, optimisation=OPTIMISED
    )
    assert requested["data"]["optimisation"] == OPTIMISED
    assert len(requested["data"]["change"]["scaleUp"]) == 3
    approval = built.act("change-approved", "刘洋", "authority", "2026-10-29 10:00", file=True)
    assert approval["data"]["scaleUp"] == {
        "basis": "optimised",
        "reviewSeq": review["seq"],
        "optimisationRef": "OPT-2026-031",
    }


@pytest.mark.parametrize(
    ("review", "field", "state_en", "seq"),
    [
        (
            (BUSY, FRESH),
            "optimisation",
            f"{REVIEW} busy, but the change request carries no optimisation evidence",
            5,
        ),
        (({}, FRESH), "utilisation-reviewed", f"{REVIEW} normal, not under long-term high use", 5),
        (
            (BUSY, "2026-10-01 00:00"),
            "utilisation-reviewed",
            "no utilisation review of the capacity in place",
            None,
        ),
    ],
    ids=["busy-without-evidence", "normal-use", "review-of-older-capacity"],
)
def test_a_scale_up_not_optimised_first_needs_the_authority_s_exception(
    built: Desk,
    review: tuple[dict[str, tuple[float, float]], str],
    field: str,
    state_en: str,
    seq: int | None,
) -> None:
    """EVAL-2: without a busy review of the capacity in place and evidence, only an explicit exception approves."""
    _asked(built, THIRD_WEB, *review)
    built.act("change-requested", "王敏", "requester", "2026-10-28 10:00", file=True)
    before = built.record.read_bytes()
    with pytest.raises(RefusedError) as caught:
        built.act("change-approved", "刘洋", "authority", "2026-10-29 10:00", file=True)
    assert (caught.value.rule_id, caught.value.field, caught.value.requirements) == (
        "scaleup-optimised-first",
        field,
        ("EVAL-2",),
    )
    assert caught.value.text.en.startswith(f"optimise first, then scale up: {state_en}; a scale-up needs")
    assert built.record.read_bytes() == before
    approval = built.act(
        "change-approved", "刘洋", "authority", "2026-10-29 10:00", file=True, scaleUpException=EXCEPTION
    )
    assert approval["data"]["scaleUp"] == {
        "basis": "exception",
        "reviewSeq": seq,
        "reason": EXCEPTION["reason"],
    }


def test_a_scale_down_is_never_refused_by_the_rule(built: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """EVAL-2 does not apply to a change with no capacity rise, whatever the review found."""
    _asked(built, SMALLER_APP, IDLE)
    assert built.cli("change", str(built.request), "--as", "王敏", "--role", "requester") == 0
    assert "no scale-up / 不扩容 (EVAL-2 does not apply)" in capsys.readouterr().out
    assert (
        built.cli("record", "change-approved", str(built.request), "--as", "刘洋", "--role", "authority") == 0
    )
    assert "scaleUp" not in read_entries(built.record)[-1]["data"]


def test_the_change_command_says_what_eval2_needs_before_anything_is_recorded(
    built: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    _asked(built, THIRD_WEB, BUSY)
    before = built.snapshot()
    assert built.cli("change", str(built.request), "--dry-run") == 0
    out = capsys.readouterr().out
    assert (
        "  EVAL-2: 最近的利用率评估（#5）认定长期高负载，但变更申请没有优化证据；批准前须有认定长期高负载的利用率评估及优化证据"
        "（--optimisation-zh/-en/-ref），或主管部门的例外（--scale-up-exception） / the latest utilisation review (#5) "
        "found the system busy, but the change request carries no optimisation evidence; before approval it needs "
        "a review finding the system busy and optimisation evidence (--optimisation-zh/-en/-ref), or the "
        "authority's exception (--scale-up-exception)"
    ) in out
    argv = ["change", str(built.request), "--dry-run", "--optimisation-zh", OPTIMISED["zh"]]
    assert built.cli(*argv, "--optimisation-en", OPTIMISED["en"], "--optimisation-ref", "OPT-2026-031") == 0
    assert (
        "  EVAL-2: 主管部门可以批准：最近的利用率评估（#5）认定长期高负载，已先优化"
        in capsys.readouterr().out
    )
    assert built.snapshot() == before


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["change", "{request}", "--as", "王敏", "--role", "requester", "--optimisation-zh", "已优化"],
            (
                "govcloud change: optimisation.en (EVAL-2): 优化证据须写明中文说明、英文说明和文档编号：缺少 en, ref / "
                "optimisation evidence needs the Chinese text, the English text and a document ref: en, ref missing "
                "[scaleup-evidence-usable]"
            ),
        ),
        (
            [
                "change",
                "{request}",
                "--dry-run",
                "--optimisation-zh",
                "cache",
                "--optimisation-en",
                "cache",
                "--optimisation-ref",
                "OPT-1",
            ],
            (
                "govcloud change: optimisation.zh (EVAL-2): 优化说明的中文部分须是中文 / the Chinese text of the "
                "optimisation evidence must be Chinese [scaleup-evidence-usable]"
            ),
        ),
        (
            [
                "record",
                "live",
                "REQ-2026-0042",
                "--as",
                "王敏",
                "--role",
                "requester",
                "--scale-up-exception",
                "x",
            ],
            (
                "govcloud record: scaleUpException (EVAL-2): scaleUpException 只能在 change-approved 时记录，不能在 live "
                "时记录 / scaleUpException belongs to change-approved, not live [scaleup-evidence-usable]"
            ),
        ),
    ],
    ids=["evidence-incomplete", "evidence-not-chinese", "exception-on-another-event"],
)
def test_unusable_evidence_exits_2_naming_the_field_and_writes_nothing(
    built: Desk, capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    _propose(built, *THIRD_WEB)
    before = built.snapshot()
    assert built.cli(*(arg.format(request=built.request) for arg in argv)) == 2
    assert capsys.readouterr().err.endswith(line + "\n")
    assert built.snapshot() == before


def test_an_exception_for_a_change_that_does_not_scale_up_is_unusable(built: Desk) -> None:
    _propose(built, *SMALLER_APP)
    built.act("change-requested", "王敏", "requester", "2026-10-28 10:00", file=True)
    with pytest.raises(LifecycleError) as caught:
        built.act(
            "change-approved", "刘洋", "authority", "2026-10-29 10:00", file=True, scaleUpException=EXCEPTION
        )
    assert (caught.value.rule_id, caught.value.field) == ("scaleup-evidence-usable", "--scale-up-exception")


def test_only_the_provider_records_a_review(built: Desk) -> None:
    """SEC-4: each event is recorded in its own roles; a requester's review of their own system is refused."""
    path = _samples(built.records.parent / "busy.csv", "2026-10-11 00:00", 15, BUSY)
    data = review_entry(read_samples(path), "REQ-2026-0042", path)
    with pytest.raises(RefusedError) as caught:
        built.act("utilisation-reviewed", "王敏", "requester", "2026-10-27 09:00", **data)
    assert caught.value.rule_id == "record-role-allowed"
    assert caught.value.text.en == "utilisation-reviewed is recorded by provider only, not by requester"
