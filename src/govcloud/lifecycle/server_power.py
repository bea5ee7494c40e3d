"""Stopping and starting a stack's servers through Nova, each read back in the status asked for.

Decommissioning (LC-9) stops them so nothing writes to the volumes while they are copied; a suspension
(SEC-8) stops them so a tenant whose incident threatens the platform stops acting on it, and the
resumption starts them again. A server already in the wanted status is left alone, so a rerun after a
failure only acts on the rest; a failure names the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.bilingual import Text
from govcloud.lifecycle.steps import StepFailedError

if TYPE_CHECKING:
    from collections.abc import Iterable

SHUTOFF = "SHUTOFF"
ACTIVE = "ACTIVE"
WAIT_SECONDS = 300


def stop_servers(compute: Any, server_ids: Iterable[str]) -> list[Any]:
    """Stop every server found and read each back SHUTOFF; the servers as Nova reads them afterwards."""
    return _power(compute, _found(compute, server_ids, missing_ok=True), SHUTOFF)


def start_servers(compute: Any, server_ids: Iterable[str]) -> list[Any]:
    """Start every server and read each back ACTIVE; a server that is gone is a failure naming its id."""
    return _power(compute, _found(compute, server_ids, missing_ok=False), ACTIVE)


def _found(compute: Any, server_ids: Iterable[str], *, missing_ok: bool) -> list[Any]:
    servers = []
    for server_id in server_ids:
        server = compute.find_server(server_id)
        if server is None and not missing_ok:
            raise StepFailedError(
                Text(f"找不到云主机 {server_id}", f"server {server_id} is not found in Nova")
            )
        if server is not None:
            servers.append(server)
    return servers


def _power(compute: Any, servers: list[Any], wanted: str) -> list[Any]:
    for server in servers:
        if server.status != wanted:
            try:
                (compute.stop_server if wanted == SHUTOFF else compute.start_server)(server)
            except Exception as error:  # openstacksdk raises its HttpException family (409: a task running)
                raise _did_not(server, wanted, error) from error
    for server in servers:
        try:
            compute.wait_for_server(server, status=wanted, failures=["ERROR"], interval=1, wait=WAIT_SECONDS)
        except Exception as error:  # openstacksdk raises ResourceFailure or ResourceTimeout
            raise _did_not(server, wanted, error) from error
    seen = [compute.get_server(server.id) for server in servers]
    wrong = [s.name for s in seen if s.status != wanted]
    if wrong:
        raise StepFailedError(
            Text(f"云主机未达到 {wanted}：{wrong}", f"servers not {wanted} when read back: {wrong}")
        )
    return seen


def _did_not(server: Any, wanted: str, error: Exception) -> StepFailedError:
    """The failure of one server's stop or start, naming it, in both languages."""
    zh, en = ("关机", "stop") if wanted == SHUTOFF else ("开机", "start")
    return StepFailedError(
        Text(f"云主机 {server.name} 未能{zh}：{error}", f"server {server.name} did not {en}: {error}")
    )
