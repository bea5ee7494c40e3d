"""Tenant documents a suite needs before the provider may touch its test hosts (SEC-5).

Hosts a suite creates have no request behind them, so ``govcloud harden``/``audit`` need the written
authorisation as a document of its own; this writes one that holds from yesterday for a year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path


def write_authorisation(path: Path, system: str, request_id: str, actions: Iterable[str]) -> Path:
    """Write an ``AccessAuthorisation`` for ``actions`` on ``system``'s hosts to ``path`` and return it."""
    today = date.today()  # noqa: DTZ011 - a day either side of any zone is still inside the window
    document = {
        "apiVersion": "govcloud-iac/v1",
        "kind": "AccessAuthorisation",
        "metadata": {"requestId": request_id, "system": system},
        "spec": {
            "documentNo": f"TEST-AUTH-{system}",
            "signedBy": {"role": "security-officer", "name": "测试安全员"},
            "signed": (today - timedelta(days=1)).isoformat(),
            "validUntil": (today + timedelta(days=365)).isoformat(),
            "actions": [
                {"action": action, "reason": {"zh": "测试主机", "en": "the suite's own test hosts"}}
                for action in actions
            ],
        },
    }
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
