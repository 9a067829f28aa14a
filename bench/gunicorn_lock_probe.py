"""A gunicorn config file for the bench: how long each worker waits for SQLite's write lock, and holds it.

    gunicorn -c bench/gunicorn_lock_probe.py -w 2 -b 127.0.0.1:PORT 'delegates:create_app()'

In every worker, times each ``BEGIN IMMEDIATE`` (the wait for the write lock, including SQLite's
busy-handler sleeps) and the time from then to the COMMIT or ROLLBACK that releases the lock; at
exit, writes them as JSON to ``$BENCH_PROBE_DIR/locks-<pid>.json``. Changes nothing in the app.
"""
from __future__ import annotations

import json
import os
import time

_waits: list[float] = []
_holds: list[float] = []
_requests = [0]
_state: dict[str, float] = {}


def post_fork(server, worker):
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        if statement == "BEGIN IMMEDIATE":  # the first try (delegates.common.database tries again while busy)
            _state.setdefault("asked", time.perf_counter())

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):
        if statement == "BEGIN IMMEDIATE" and "asked" in _state:
            now = time.perf_counter()
            _waits.append(now - _state.pop("asked"))
            _state["locked"] = now

    def _released(conn):
        if "locked" in _state:
            _holds.append(time.perf_counter() - _state.pop("locked"))

    event.listen(Engine, "commit", _released)
    event.listen(Engine, "rollback", _released)


def post_request(worker, req, environ, resp):
    _requests[0] += 1


def worker_exit(server, worker):
    folder = os.environ.get("BENCH_PROBE_DIR")
    if not folder:
        return
    with open(os.path.join(folder, f"locks-{os.getpid()}.json"), "w") as f:
        json.dump({"requests": _requests[0], "waits": _waits, "holds": _holds}, f)
