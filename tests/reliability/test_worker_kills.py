"""Workers killed with SIGKILL in the middle of a burst of registrations: nothing acknowledged is lost.

Clients post the public form as fast as gunicorn answers while, every ~1.5 s, a worker process is killed
without warning (the kernel's OOM killer, a crashed machine's process); the master starts a new one. Every
registration answered 303 must be in the database afterwards, and the database must pass its own check.
"""
from __future__ import annotations

import http.client
import os
import signal
import threading
import time
from collections import Counter

from served import csrf_of, database_is_consistent, post_form, registration_fields, request

CLIENTS = 12
BURST_SECONDS = 12
KILL_EVERY_SECONDS = 1.5


def test_every_acknowledged_registration_survives_workers_killed_with_sigkill(app, event, serve):
    acknowledged: list[str] = []
    lost: list[str] = []  # connections cut by a kill: the client does not know, and may try again
    other: list[int] = []
    kills = 0
    lock = threading.Lock()
    stop = threading.Event()
    path = f"/e/{event.slug}/register"

    with serve(workers=3) as server:
        page = request(server.port, "GET", "/admin/login")
        csrf, cookie = csrf_of(page.body), page.cookie()

        def client(c: int) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                email = f"burst-{c}-{n}@example.org"
                try:
                    answer = post_form(server.port, path,
                                       registration_fields(csrf, email, event.categories["Delegate"], c * 10_000 + n),
                                       cookie, timeout=30)
                except (OSError, http.client.HTTPException):  # the worker died before it answered whole
                    with lock:
                        lost.append(email)
                    continue
                with lock:
                    (acknowledged.append(email) if answer.status == 303 else other.append(answer.status))

        threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + BURST_SECONDS
        while time.monotonic() < deadline:
            time.sleep(KILL_EVERY_SECONDS)
            workers = server.workers()
            if workers:
                os.kill(workers[kills % len(workers)], signal.SIGKILL)
                kills += 1
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads), "a client never finished"
        # the master is still there and serves again
        assert server.process.poll() is None
        assert request(server.port, "GET", "/healthz").status == 200

    assert kills >= BURST_SECONDS // 2
    assert len(acknowledged) > 50, ("the burst registered almost nobody: the test proves nothing",
                                    Counter(other), server.log.read_text()[-3000:])
    assert lost, "no request was cut by a kill: the test proves nothing"
    assert not other, other
    stored = stored_emails(app)
    missing = [email for email in acknowledged if email not in stored]
    assert missing == []
    # a cut request is either stored whole or not at all; nothing else is in the table
    assert stored <= set(acknowledged) | set(lost)
    assert database_is_consistent(app) == []


def stored_emails(app) -> set[str]:
    from delegates.extensions import db
    from delegates.registration.models import Participant

    with app.app_context():
        emails = set(db.session.scalars(db.select(Participant.email)))
        db.session.remove()
    return emails
