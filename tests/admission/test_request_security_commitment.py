"""The tenant's signed cloud security commitment in the request (SEC-9).

Each test changes one thing of an example's ``spec.materials.securityCommitment`` and checks exactly
what admission says, in Chinese and English, about what only this document carries: that it is there
at all, and the responsibility split it commits to. Its signer, the day it is signed and its schema
are checked beside the provider access authorisation's, in ``test_signed_documents``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import yaml
from signed_documents import SECURITY_COMMITMENT as COMMITMENT

from govcloud.admission.admit import judge
from govcloud.cli import main
from govcloud.loader import Document
from govcloud.schemas import validator

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from govcloud.catalogue.model import Catalogue


def test_each_example_commits_to_the_split_of_gbt_31167(each_example: dict[str, Any]) -> None:
    commitment = COMMITMENT.of(each_example)
    assert (commitment["responsibilityModel"], commitment["dataOwnership"]) == ("GB/T 31167-2023", "tenant")
    assert "承" in commitment["documentNo"]


def test_no_commitment_is_refused_but_the_schema_still_reads_it(
    each_example: dict[str, Any], catalogue: Catalogue
) -> None:
    """Optional in the schema (stored versions from before SEC-9 stay readable), required by the rule."""
    del each_example["spec"]["materials"]["securityCommitment"]
    assert validator("request-1.0.json").is_valid(each_example)
    assert COMMITMENT.said(each_example, catalogue) == [
        (
            "spec.materials.securityCommitment",
            (
                "no signed cloud security commitment: security responsibility, data ownership and standards "
                "stay the tenant's after the move (split per GB/T 31167-2023)"
            ),
            "add the commitment the unit's requester or security officer signed as spec.materials.securityCommitment",
        )
    ]
    (finding,) = COMMITMENT.found(each_example, catalogue)
    assert finding.message.zh == (
        "未附云安全承诺书：上云后安全责任、数据所有权和安全标准不变，须由使用单位签署承诺（GB/T 31167-2023 划分责任）"
    )
    assert (
        finding.remediation.zh
        == "在 spec.materials.securityCommitment 中附上申请人或单位安全责任人签署的承诺书"
    )
    assert finding.requirements == ("SEC-9",)
    assert [f.rule_id for f in judge(Document(each_example), catalogue)] == [COMMITMENT.rule], (
        "nothing else is missing"
    )


def test_every_finding_at_once(exchange: dict[str, Any], catalogue: Catalogue) -> None:
    COMMITMENT.of(exchange).update(signedBy={"role": "requester", "name": "郑洁"}, signed="2026-12-01")
    assert [field for field, _, _ in COMMITMENT.said(exchange, catalogue)] == [
        "spec.materials.securityCommitment.signedBy.name",
        "spec.materials.securityCommitment.signed",
    ]


def test_the_cli_refuses_a_request_without_it(
    portal: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del portal["spec"]["materials"]["securityCommitment"]
    path = tmp_path / "request.yaml"
    path.write_text(yaml.safe_dump(portal, allow_unicode=True), encoding="utf-8")
    assert main(["validate", "--format", "json", str(path)]) == 1
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    assert [(f["ruleId"], f["field"], f["requirements"]) for f in entry["findings"]] == [
        (COMMITMENT.rule, "spec.materials.securityCommitment", ["SEC-9"])
    ]
