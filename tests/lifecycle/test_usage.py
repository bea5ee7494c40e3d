"""Utilisation review and the EVAL-5 admission rule (EVAL-1, EVAL-2, EVAL-5).

``data/usage-2026-10.csv`` (format in ``govcloud.lifecycle.usage``): an app server idle for 10 days,
a web server lightly used for 3 days, a database busy for 20 days, a normal app server, and a quiet
server observed for only 3 days (too short to call idle, so over-provisioned at most).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from govcloud.admission.admit import admit_file
from govcloud.cli import main
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.usage import read_samples, recommend
from govcloud.lifecycle.violations import open_for, open_violations

if TYPE_CHECKING:
    from govcloud.catalogue.model import Catalogue

DATA = Path(__file__).parent / "data" / "usage-2026-10.csv"
EXAMPLE = Path(__file__).parents[2] / "requests" / "examples" / "gov-portal.yaml"


def test_fixture_gives_the_expected_recommendations() -> None:
    found = {(r.resource, r.kind, r.requirement) for r in recommend(read_samples(DATA))}
    assert found == {
        ("gov-portal-app-2", "idle", "EVAL-1"),
        ("gov-portal-web-1", "over-provisioned", "EVAL-1"),
        ("gov-portal-db-1", "busy", "EVAL-2"),
        ("approval-web-1", "over-provisioned", "EVAL-1"),
    }


def test_busy_advice_is_optimise_first() -> None:
    (busy,) = [r for r in recommend(read_samples(DATA)) if r.kind == "busy"]
    assert busy.advice.en == "long-term high use: optimise first, then scale up"
    assert busy.advice.zh == "长期高负载：先优化，再扩容"


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("2026-10-01T00:00:00,u,r,s,cpu,1", ":2: time"),
        ("2026-10-01T00:00:00+08:00,u,r,s,disk,1", ":2: metric"),
        ("2026-10-01T00:00:00+08:00,u,r,s,cpu,140", ":2: value"),
        ("2026-10-01T00:00:00+08:00,u,r,s,cpu,nan", ":2: value"),
    ],
)
def test_bad_sample_names_row_and_field(tmp_path: Path, line: str, field: str) -> None:
    path = tmp_path / "u.csv"
    path.write_text("time,unit,request,resource,metric,value\n" + line + "\n", encoding="utf-8")
    with pytest.raises(LifecycleError) as caught:
        read_samples(path)
    assert caught.value.rule_id == "usage-samples-usable"
    assert caught.value.field.endswith(field)


def test_tenant_with_open_violations_gets_no_new_resources(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """EVAL-5: admission refuses under request-tenant-in-good-standing until the provider resolves it."""
    records = tmp_path / "records"
    monkeypatch.setenv("GOVCLOUD_RECORDS", str(records))
    request = tmp_path / "gov-portal.yaml"
    shutil.copyfile(EXAMPLE, request)
    assert not any(
        f.rule_id == "request-tenant-in-good-standing" for f in admit_file(request, catalogue).findings
    )
    assert main(["usage", "review", str(DATA), "--record-violations", "--records", str(records)]) == 1
    assert "3 violation(s) registered" in capsys.readouterr().err
    assert open_violations(records, recommend(read_samples(DATA))) == []  # not registered twice
    refused = [
        f for f in admit_file(request, catalogue).findings if f.rule_id == "request-tenant-in-good-standing"
    ]
    assert len(refused) == 1
    assert refused[0].requirements == ("EVAL-5",)
    assert "2 unresolved violation(s)" in refused[0].message.en
    for violation in open_for("市人民政府办公室", records):
        assert main(["usage", "resolve", violation["id"], "--records", str(records)]) == 0
    assert not any(
        f.rule_id == "request-tenant-in-good-standing" for f in admit_file(request, catalogue).findings
    )
    register = json.loads((records / "violations.json").read_text(encoding="utf-8"))["violations"]
    assert [v["resolved"] is None for v in register] == [False, False, True]


def test_rule_is_listed_with_its_requirement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--layer", "request", "--format", "json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["request-tenant-in-good-standing"]["requirements"] == ["EVAL-5"]
