"""SEC-8 on the cloud: suspend a tenant whose critical incident threatens the platform, and restore it.

``suspend``: refused before anything is touched unless the provider may record ``suspended`` now (an
open ``critical`` incident of the request, a stage with servers running; ``govcloud.lifecycle.incidents``
and ``actions.check``); then every server of the stack's state is stopped through Nova and read back
``SHUTOFF`` (``server_power``, as decommissioning stops them) and ``suspended`` is recorded with the
servers and the stage it came from. While suspended the stack's gate refuses ``pulumi up``
(``record-not-suspended``), the record refuses a change, and backups go on.

``resume``: refused while the incident is open (service is restored after handling, OPS-2); the servers
the suspension stopped are started and read back ``ACTIVE``, and ``resumed`` returns the record to the
earlier stage. A failed stop or start names the server and stops the run (exit 1) with nothing recorded;
running the same command again acts only on the servers not yet in the wanted status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import RefusedError
from govcloud.lifecycle.server_power import start_servers, stop_servers
from govcloud.lifecycle.stacks import server_ids
from govcloud.lifecycle.steps import Step, run_steps

if TYPE_CHECKING:
    from collections.abc import Callable

    from govcloud.lifecycle.stacks import StackRequest


class StackState(Protocol):
    """What a suspension needs of the engine: the stack's state (``decommission.EngineStack`` is one)."""

    def deployment(self) -> dict[str, Any]:
        """``pulumi stack export``'s deployment."""
        ...


@dataclass
class Suspension:
    """One stack's suspension or resumption by a provider engineer.

    ``check(event, data)`` runs every check of recording ``event`` without writing (``actions.check``);
    ``record(event, data)`` appends the signed entry.
    """

    target: StackRequest
    conn: Any
    check: Callable[[str, dict[str, Any]], object]
    record: Callable[[str, dict[str, Any]], dict[str, Any]]
    steps: list[Step] = field(default_factory=list)

    def suspend(self, incident: str, engine: StackState, report: Callable[[Step], None]) -> bool:
        """Stop the servers of the stack's state because of ``incident``, record ``suspended``; ``False``: a step failed."""
        state = self.target.state()
        if state.suspension is not None:
            since = state.suspension.get("at")
            detail = f"nothing to do: suspended since {since} by {state.suspension.get('incident')}"
            report(Step("suspended / 已暂停", 0.0, ok=True, detail=detail))
            return True
        self.check("suspended", {"incident": incident, "servers": []})
        ids = server_ids(engine.deployment())
        if not ids:
            raise RefusedError(
                "suspension-servers-present",
                "stack",
                Text(
                    f"栈 {self.target.stack} 的状态中没有云主机：没有可暂停的服务",
                    f"the state of stack {self.target.stack} holds no server: there is no service to suspend",
                ),
            )
        stopped: list[Any] = []

        def stop() -> str:
            stopped[:] = stop_servers(self.conn.compute, ids)
            return f"{len(stopped)} server(s) SHUTOFF"

        def record() -> str:
            entry = self.record("suspended", {"incident": incident, "servers": _servers(stopped)})
            return f"#{entry['seq']} suspended (from {entry['data']['from']}), {entry['hash']}"

        return run_steps((("stop / 关机", stop), ("recorded / 记录暂停", record)), self.steps, report)

    def resume(self, report: Callable[[Step], None]) -> bool:
        """Start the servers the suspension stopped, once its incident is closed; record ``resumed``."""
        self.check("resumed", {"servers": []})
        suspension = self.target.state().suspension or {}
        ids = [str(server["id"]) for server in suspension.get("servers", ())]
        started: list[Any] = []

        def start() -> str:
            started[:] = start_servers(self.conn.compute, ids)
            return f"{len(started)} server(s) ACTIVE"

        def record() -> str:
            entry = self.record("resumed", {"servers": _servers(started)})
            return f"#{entry['seq']} resumed (back to {entry['data']['to']}), {entry['hash']}"

        return run_steps((("start / 开机", start), ("recorded / 记录恢复", record)), self.steps, report)


def _servers(seen: list[Any]) -> list[dict[str, str]]:
    return [{"id": s.id, "name": s.name, "status": s.status} for s in seen]
