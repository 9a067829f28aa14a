"""Confirmation mail through a slow SMTP relay while gunicorn is stopped and started again: every registration
answered at once, every confirmation delivered, none twice.

The relay takes a second to accept each message, so when the server is stopped (SIGTERM, gunicorn's graceful stop,
as a deploy or a restart does) most confirmations still wait in the outbox's queue. The workers' mail threads
finish the message in hand; the next server's first request sends the rest.
"""
from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from served import csrf_of, free_port, post_form, registration_fields, request, run_together

PEOPLE = 12
RELAY_SECONDS = 1.0


class SlowRelay:
    def __init__(self):
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(RELAY_SECONDS)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.recipients += [address.addr_spec for address in message["To"].addresses]
        return "250 Message accepted"


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_every_confirmation_goes_out_once_across_a_restart_and_no_registration_waits_for_the_relay(
        app, event, serve, tmp_path):
    relay = SlowRelay()
    smtp = Controller(relay, hostname="127.0.0.1", port=free_port())
    smtp.start()
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_TIMEOUT": 5, "MAIL_RETRY_SECONDS": 1}
    queue = Path(tmp_path / "outbox" / "queue")
    emails = [f"delegate-{n}@example.org" for n in range(PEOPLE)]
    answers: dict[str, tuple[int, float]] = {}
    try:
        with serve(workers=2, settings=settings) as server:
            page = request(server.port, "GET", f"/e/{event.slug}/register")
            csrf, cookie = csrf_of(page.body), page.cookie()

            def register(n: int) -> None:
                started = time.monotonic()
                answer = post_form(server.port, f"/e/{event.slug}/register",
                                   registration_fields(csrf, emails[n], event.categories["Delegate"], n), cookie)
                answers[emails[n]] = (answer.status, time.monotonic() - started)

            run_together([threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)], "a registration")
            assert {status for status, _ in answers.values()} == {303}, answers
            # sent one after the other, the 12 messages take the relay 12 s; the registrations did not wait
            slowest = max(seconds for _, seconds in answers.values())
            assert slowest < PEOPLE * RELAY_SECONDS / 4, f"a registration took {slowest:.1f} s"
            server.stop(signal.SIGTERM)
            assert server.process.wait(timeout=30) == 0, server.errors()

        delivered_before_restart = len(relay.recipients)
        assert delivered_before_restart < PEOPLE, "the relay was not slow enough for this test to mean anything"
        assert len(list(queue.glob("*.eml"))) == PEOPLE - delivered_before_restart, "each message sent or queued"

        with serve(workers=2, settings=settings) as server:
            assert server.get("/healthz").status == 200  # a first request resumes the queue
            assert wait_until(lambda: len(relay.recipients) >= PEOPLE, 30), relay.recipients
            time.sleep(2 * RELAY_SECONDS)  # a message sent twice would arrive now
            assert server.errors() == []
    finally:
        smtp.stop()

    assert Counter(relay.recipients) == Counter(emails), "every confirmation, once"
    assert list(queue.glob("*.eml")) == []
    assert len(list((tmp_path / "outbox" / "sent").glob("*.eml"))) == PEOPLE
