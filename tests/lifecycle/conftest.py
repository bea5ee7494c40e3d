"""A records folder with enrolled people, a copy of an example request, a project building it (SEC-4, SEC-6, LC-1)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest

from govcloud import paths
from govcloud.catalogue.model import Catalogue, load_default
from govcloud.cli import main
from govcloud.lifecycle.actions import Action, act
from govcloud.lifecycle.clock import CHINA
from govcloud.lifecycle.keyring import enrol

if TYPE_CHECKING:
    from pathlib import Path

EXAMPLE = paths.project_root() / "requests" / "examples" / "gov-portal.yaml"

PEOPLE = {
    "王敏": ({"email": "wangmin@gov-office.example", "phone": "13800571234"}, ("requester",)),
    "张伟": ({"email": "zhangwei@dsj.gov.example", "phone": "13700001111"}, ("reviewer",)),
    "刘洋": ({"email": "liuyang@dsj.gov.example", "phone": "13700002222"}, ("authority",)),
    "赵磊": ({"email": "zhaolei@provider.example", "phone": "13700003333"}, ("provider",)),
    "孙丽": ({"email": "sunli@audit.example", "phone": "13700004444"}, ("auditor",)),
}


@dataclass
class Desk:
    """Where a test records: folders, catalogue, the request file and a clock."""

    records: Path
    keys: Path
    catalogue: Catalogue
    request: Path

    def act(
        self, event: str, actor: str, role: str, when: str, *, file: bool = False, **data: Any
    ) -> dict[str, Any]:
        """Record one event at ``when`` (``YYYY-MM-DD HH:MM``)."""
        action = Action(
            event,
            actor,
            role,
            request_id=None if file else "REQ-2026-0042",
            request_file=self.request if file else None,
            data=data,
        )
        at = datetime.fromisoformat(when).replace(tzinfo=CHINA)
        return act(action, records=self.records, keys=self.keys, catalogue=self.catalogue, now=at)

    @property
    def record(self) -> Path:
        """The example request's record."""
        return self.records / "REQ-2026-0042.jsonl"

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the records folder, byte for byte: what a refused command leaves as it was."""
        files = sorted(self.records.rglob("*"))
        return {str(p.relative_to(self.records)): p.read_bytes() for p in files if p.is_file()}

    def cli(self, *argv: str) -> int:
        """``govcloud <argv>`` on this desk's records and keys; its exit code."""
        return main([*argv, "--records", str(self.records), "--keys", str(self.keys)])


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_default()


@pytest.fixture
def desk(tmp_path: Path, catalogue: Catalogue) -> Desk:
    records, keys = tmp_path / "records", tmp_path / "keys"
    for name, (contact, roles) in PEOPLE.items():
        enrol(records, keys, {"name": name, **contact}, roles)
    request = tmp_path / "gov-portal.yaml"
    shutil.copyfile(EXAMPLE, request)
    return Desk(records, keys, catalogue, request)


@pytest.fixture
def approved(desk: Desk) -> Desk:
    """Submitted on Wed 2026-09-30, accepted, approved: ready to provision."""
    desk.act("submitted", "王敏", "requester", "2026-09-30 10:00", file=True)
    desk.act("accepted", "张伟", "reviewer", "2026-10-08 09:00")
    desk.act("approved", "刘洋", "authority", "2026-10-09 15:00", file=True)
    return desk


@pytest.fixture
def verified_copy() -> dict[str, object]:
    """One volume copied by snapshot clone and verified: the ``volumes`` entry of a ``backup-verified``."""
    return {
        "volume_id": "v",
        "volume_name": "d",
        "method": "snapshot-clone",
        "copy_id": "c",
        "verified": True,
    }


@pytest.fixture
def stack_project(desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project (``GOVCLOUD_ROOT``) whose one stack, ``lc-test``, builds the desk's request; no engine."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "Pulumi.yaml").write_text("name: govcloud\nruntime: python\n", encoding="utf-8")
    (root / "Pulumi.lc-test.yaml").write_text(
        f"config:\n  govcloud:request: {desk.request}\n", encoding="utf-8"
    )
    monkeypatch.setenv("GOVCLOUD_ROOT", str(root))
    return root
