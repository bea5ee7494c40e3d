"""The pull-request workflow keeps untrusted code away from credentials (what the README promises).

Read as data: a fork's pull request gets no secret, a preview is limited to this repository's branches
and read-only credentials, the job that can comment never runs the pull request's code, and only the
main branch deploys, behind an environment with reviewers.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"


def _load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    document["on"] = document.pop(True, document.get("on"))
    return document


def test_admission_runs_without_any_secret() -> None:
    workflow = _load("pull-request.yml")
    assert set(workflow["on"]) == {"pull_request"}, "pull_request_target would hand the PR the base's secrets"
    assert workflow["permissions"] == {"contents": "read"}
    admission = json.dumps(workflow["jobs"]["admission"])
    assert "secrets." not in admission
    assert '"persist-credentials": false' in admission
    assert "govcloud validate --allow-empty" in admission


def test_the_preview_is_for_this_repository_only_with_read_only_credentials() -> None:
    preview = _load("pull-request.yml")["jobs"]["preview"]
    assert preview["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert preview["environment"] == "openstack-read-only"
    used = {value for value in preview["env"].values() if "secrets." in str(value)}
    assert used, "the preview reads the cloud"
    assert all("READER" in value or "PASSPHRASE" in value for value in used), used
    assert "--preview-only" in json.dumps(preview["steps"])


def test_the_publisher_never_checks_out_or_runs_the_pull_request() -> None:
    report = _load("report.yml")
    assert set(report["on"]) == {"workflow_run"}
    steps = report["jobs"]["publish"]["steps"]
    assert not any(str(step.get("uses", "")).startswith("actions/checkout") for step in steps)
    assert not any(
        "govcloud" in str(step.get("run", "")) or "pulumi" in str(step.get("run", "")) for step in steps
    )
    assert "tr -dc '0-9'" in json.dumps(steps), "the PR number from the artifact is reduced to digits"


def test_only_the_main_branch_deploys_behind_reviewers() -> None:
    deploy = _load("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert "pull_request" not in deploy["on"]
    assert deploy["jobs"]["up"]["environment"] == "production"
    assert deploy["concurrency"]["cancel-in-progress"] is False, "an update is never cancelled half-way"


def test_admission_judges_requests_not_records_approvals_or_the_negative_corpora() -> None:
    """The step's own filter, run over the kinds of paths a pull request touches under ``requests/`` (LC-2)."""
    steps = _load("pull-request.yml")["jobs"]["admission"]["steps"]
    (script,) = [step["run"] for step in steps if step.get("name") == "Admission of the changed requests"]
    paths = [
        "requests/examples/gov-portal.yaml",
        "requests/tenants/new-portal.yaml",
        "requests/examples/invalid/over-budget.yaml",
        "requests/examples/hostile/yaml-billion-laughs.yaml",
        "requests/approvals/REQ-2026-0042.yaml",
        "requests/records/REQ-2026-0090.jsonl",
        "requests/records/keyring.json",
    ]
    changed = "".join(f"{path}\n" for path in paths)
    pipeline = script.split("|", 1)[1].split(">", 1)[0]
    kept = subprocess.run(
        ["bash", "-c", pipeline], input=changed, capture_output=True, text=True, check=False
    )
    assert kept.stdout.split() == ["requests/examples/gov-portal.yaml", "requests/tenants/new-portal.yaml"]
