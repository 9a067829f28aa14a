"""A lost private link, found again: the person gives the address they registered with (or registers it again on
the form), and gets a mail with a link that opens the registration and makes it a new private link.

Only the hash of a private link is kept, so the link itself cannot be mailed again. Asking makes no new link: a
stranger who types someone's address only sends that person a mail. The mailed link is signed with the app's
secret, lasts a day (the setting ``LOST_LINK_HOURS``) and serves once: it names the private link it replaces,
which stops working when it is used. Fetching it only shows a button; the button uses it (mail scanners fetch).
"""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from delegates.extensions import db
from delegates.registration import notifications
from delegates.registration.models import Event, Participant
from delegates.registration.participants import Actor, find_by_email, new_link
from delegates.registration.validation import clean_email

SALT = "delegates.lost-private-link"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def hours_valid() -> int:
    return int(current_app.config["LOST_LINK_HOURS"])


def ask(event: Event, email: str) -> None:
    """Mail the link that opens the registration of ``email`` for the event, if there is one (the page says the same
    either way). Raises FieldError for a bad address."""
    participant = find_by_email(event, clean_email(email))  # an erased registration's address is not its own
    if participant is not None:
        mail_link(participant)


def mail_link(participant: Participant, *, again: bool = False) -> None:
    """Mail the participant a link that opens their registration; ``again`` when it is because someone registered
    the address again on the form (the mail says so)."""
    value = _serializer().dumps({"p": participant.id, "h": participant.token_hash[:16]})
    notifications.mail_lost_link(participant, value, hours_valid(), again=again)


def find(value: str) -> Participant | None:
    """The participant whose registration a mailed link opens; None when the link is forged, older than its hours,
    or was used already."""
    try:
        data = _serializer().loads(value, max_age=hours_valid() * 3600)
        participant = db.session.get(Participant, int(data["p"]))
        replaces = str(data["h"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    # used once, renewed since or erased (which replaces the link too): the link it names is no longer the one
    if participant is None or not participant.token_hash.startswith(replaces):
        return None
    return participant


def open_registration(participant: Participant) -> str:
    """Use the mailed link that ``find`` found ``participant`` by: their new private token (the old one and the
    mailed link stop: in the audit log as ``participant.link_renewed``)."""
    return new_link(participant, actor=Actor(label="lost link"))


def event_of(value: str) -> Event | None:
    """The event of a mailed link, used or old (its signature still checked), for the page that says so."""
    try:
        participant = db.session.get(Participant, int(_serializer().loads(value)["p"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    return participant.event if participant is not None else None
