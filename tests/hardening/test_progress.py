"""Streamed harden progress from ansible-runner events (each task once, changed and failed hosts)."""

from __future__ import annotations

from govcloud.hardening.harden import Progress


def test_progress_names_tasks_and_the_hosts_they_changed_or_failed_on() -> None:
    lines: list[str] = []
    progress = Progress(lines.append)
    events = [
        {"event": "playbook_on_task_start", "event_data": {"task": "SEC-4 | 8.1.4.1c | Ensure sshd"}},
        {"event": "runner_on_ok", "event_data": {"host": "web-1", "res": {"changed": True}}},
        {"event": "runner_on_ok", "event_data": {"host": "web-2", "res": {"changed": False}}},
        {"event": "runner_on_failed", "event_data": {"host": "db-1", "res": {"msg": "validate failed"}}},
        {"event": "runner_on_unreachable", "event_data": {"host": "db-2", "res": {"msg": "no route"}}},
    ]
    assert all(progress(event) for event in events), "every event is kept on disk"
    assert lines == [
        "  [  1] SEC-4 | 8.1.4.1c | Ensure sshd  (ok=0 changed=0 failed=0 so far)",
        "        changed     web-1",
        "        failed      db-1 validate failed",
        "        unreachable db-2 no route",
    ]
    assert progress.line() == "1 ok, 1 changed, 1 failed, 1 unreachable, 0 skipped"
