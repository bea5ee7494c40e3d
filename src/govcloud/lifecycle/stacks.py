"""Which request, record and resources a stack stands for: the bridge from ``Pulumi.<stack>.yaml`` to LC-9.

A stack's ``govcloud:request`` names the request file; its ``metadata.id`` names the record. What a
``pulumi destroy`` would delete is what the stack's state holds, so the servers to take offline and
the volumes to back up are read from the state (``pulumi stack export``), never guessed from names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.paths import record_path
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import RequestState, fold
from govcloud.loader import UnusableInputError, load_path
from govcloud.policy.resource_types import INSTANCE, VOLUME
from govcloud.provisioning import settings
from govcloud.provisioning.refusals import RefusedError

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True, slots=True)
class StackRequest:
    """The request a stack builds and where its record is."""

    stack: str
    request_file: Path
    request_id: str
    system: str
    record: Path

    @property
    def has_record(self) -> bool:
        """Whether the lifecycle record exists (the examples' requests predate records)."""
        return self.record.exists()

    def state(self) -> RequestState:
        """The record, folded."""
        return fold(read_entries(self.record))


def stack_request(root: Path, stack: str, records: Path) -> StackRequest:
    """The stack's request and record; unusable input when the stack names no readable request."""
    try:
        request_file = settings.read(root, stack).request
        document = load_path(request_file).data
    except RefusedError as error:
        raise LifecycleError(
            "stack-request-named",
            f"Pulumi.{stack}.yaml: govcloud:request",
            Text(
                f"栈没有指明可读的申请：{error.refusals[0].message.zh}",
                f"the stack names no readable request: {error.refusals[0].message.en}",
            ),
        ) from error
    except UnusableInputError as error:
        raise LifecycleError("request-input-usable", str(request_file), error.text) from error
    metadata, spec = document.get("metadata") or {}, document.get("spec") or {}
    request_id = metadata.get("id") if isinstance(metadata, dict) else None
    system = (spec.get("system") or {}).get("code") if isinstance(spec, dict) else None
    if not isinstance(request_id, str) or not isinstance(system, str):
        raise LifecycleError(
            "request-schema-valid",
            f"{request_file}: metadata.id / spec.system.code",
            Text(
                "申请缺少 metadata.id 或 spec.system.code",
                "the request lacks metadata.id or spec.system.code",
            ),
        )
    return StackRequest(stack, request_file, request_id, system, record_path(records, request_id))


def resource_ids(deployment: dict[str, Any], resource_type: str) -> list[str]:
    """The cloud ids of the state's resources of one type, in state order."""
    return [
        str(resource["id"])
        for resource in deployment.get("resources") or ()
        if resource.get("type") == resource_type and resource.get("id")
    ]


def volume_ids(deployment: dict[str, Any]) -> list[str]:
    """The Cinder volumes a destroy would delete."""
    return resource_ids(deployment, VOLUME)


def server_ids(deployment: dict[str, Any]) -> list[str]:
    """The Nova servers a destroy would delete."""
    return resource_ids(deployment, INSTANCE)
