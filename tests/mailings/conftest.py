"""Mail to many: participants in each language, and an SMTP server that refuses some addresses."""
from __future__ import annotations

import socket

import pytest

from delegates.common import jobs
from delegates.extensions import db


@pytest.fixture
def people(app, event, new_participant):
    """Participants of ``event``: one per language (and one with none), one cancelled, one from France.

    Returns {key: id}; the keys are also the local parts of their addresses (``fr@example.org``). "none" has a
    private link made before seeds were kept (it cannot be made again); the others one as registering makes it.
    """
    from delegates.registration.services import new_private_token

    rows = {
        "en": dict(ui_language="en", given_name="Anna", family_name="Smith", badge_name="Anna Smith"),
        "fr": dict(ui_language="fr", given_name="Łukasz", family_name="Żółć", badge_name="Łukasz Żółć",
                   delegation_id=event.delegations["FRA"]),
        "es": dict(ui_language="es", given_name="José", family_name="Fernández", badge_name="José Fernández"),
        "ar": dict(ui_language="ar", given_name="عبد الله", family_name="بن زايد", badge_name="عبد الله بن زايد"),
        "none": dict(ui_language=None, given_name="Nguyễn Văn", family_name="Thành", badge_name="Nguyễn Văn Thành"),
        "gone": dict(ui_language="fr", given_name="Marie", family_name="Curie", badge_name="Marie Curie",
                     status="cancelled"),
    }
    ids = {}
    with app.app_context():
        for key, columns in rows.items():
            if key != "none":
                link = new_private_token()
                columns |= {"token_hash": link.hash, "token_seed": link.seed}
            participant = new_participant(email=f"{key}@example.org", **columns)
            db.session.add(participant)
            db.session.flush()
            ids[key] = participant.id
        db.session.commit()
    return ids


@pytest.fixture(autouse=True)
def _jobs_end_before_the_database_closes(app):
    yield
    jobs.join_threads()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def refusing_smtp_server(app):
    """Like ``smtp_server`` (a real aiosmtpd on loopback), but refusing every address that begins with "refused":
    550 at RCPT TO, as a server does for a mailbox that does not exist. Yields the messages accepted."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received: list = []

    class Refuse:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower().startswith("refused"):
                return "550 5.1.1 No such mailbox here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            received.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
            return "250 Message accepted"

    controller = Controller(Refuse(), hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=True)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_USERNAME=None,
                      MAIL_TIMEOUT=5)
    try:
        yield received
    finally:
        controller.stop()
