"""The cloud connection the provider's lifecycle commands use, refused clearly when no credentials are set."""

from __future__ import annotations

import os
from typing import Any

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError


def connect() -> Any:
    """An openstacksdk connection from the standard ``OS_*`` environment (``govcloud box env`` here)."""
    if not (os.environ.get("OS_CLOUD") or os.environ.get("OS_AUTH_URL")):
        raise LifecycleError(
            "cloud-credentials-given",
            "OS_CLOUD",
            Text(
                '没有云平台凭据：请先设置 OS_CLOUD（本机：eval "$(govcloud box env --cloud govcloud-tenant)"）',
                'no cloud credentials: set OS_CLOUD first (here: eval "$(govcloud box env --cloud govcloud-tenant)")',
            ),
        )
    import openstack  # noqa: PLC0415 - slow import, only when the cloud is needed

    return openstack.connect()
