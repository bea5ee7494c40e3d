"""The regulated lifecycle (LC-1..LC-13): signed, hash-chained records of what happened to a request.

Each request has an append-only record (``requests/records/<request-id>.jsonl``) of lifecycle events,
each naming its actor, role, time and the request version it concerns. Stages, deadlines, the
approval gate, changes, backups, billing and utilisation reviews are all read from those records.
"""
