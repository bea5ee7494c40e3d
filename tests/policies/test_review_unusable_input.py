"""``govcloud review`` on unusable input: exit 2 with a message naming the file, never a traceback.

The cases a reviewer found crashing (exit 1, read as "violations"): a pack config that is a JSON list,
and ``--write-config`` for a stack whose request is malformed. (A waiver file with YAML aliases is in
``tests/admission/test_hostile_paths.py``.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govcloud.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_a_pack_config_that_is_not_an_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "pack.json"
    config.write_text("[1, 2]", encoding="utf-8")
    code = main(["review", "--stack", "gov-portal", "--offline", "--policy-config", str(config)])
    assert code == 2
    assert capsys.readouterr().err == (
        f"govcloud review: {config}: 文档顶层必须是键值映射（对象） / "
        "the top level of the document must be a mapping (object) [not-a-mapping]\n"
    )


@pytest.mark.parametrize(
    ("request_text", "says"),
    [
        (
            "apiVersion: govcloud-iac/v1\n",
            "[request-schema-valid] missing required field(s): kind, metadata, spec",
        ),
        ("spec: [1\n", "malformed YAML"),
    ],
)
def test_write_config_for_a_malformed_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], request_text: str, says: str
) -> None:
    shutil.copy2(ROOT / "Pulumi.yaml", tmp_path)
    request = tmp_path / "request.yaml"
    request.write_text(request_text, encoding="utf-8")
    (tmp_path / "Pulumi.x.yaml").write_text(f"config:\n  govcloud:request: {request}\n", encoding="utf-8")
    out = tmp_path / "pack.json"
    code = main(["review", "--project-dir", str(tmp_path), "--stack", "x", "--write-config", str(out)])
    assert code == 2
    assert says in capsys.readouterr().err
    assert not out.exists()
