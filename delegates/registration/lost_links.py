"""A lost private link, found again: the person gives the address they registered with (or registers it again on
the form), and gets a mail with their link.

The link is mailed as it is, made again from its seed (``services.token_of``): asking ends nothing, and a stranger
who types someone's address only sends that person their own link. A focal point who gives their address gets the
delegation's link the same way.

A link that cannot be made again (made before seeds were kept, or under another ``SECRET_KEY``) is replaced, without
ending it at once: the mail holds a link that opens the registration and makes a new private link. It is signed
with the app's secret, lasts a day (the setting ``LOST_LINK_HOURS``) and serves once: it names the private link it
replaces, which stops working when it is used. Fetching it only shows a button; the button uses it (mail scanners
fetch). A focal point's such link is renewed at once and the new one mailed.
"""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from delegates.extensions import db
from delegates.registration import delegations, notifications
from delegates.registration.models import Event, Participant
from delegates.registration.participants import Actor, find_by_email, new_link
from delegates.registration.services import current_token
from delegates.registration.validation import clean_email

SALT = "delegates.lost-private-link"
ACTOR = "lost link"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def hours_valid() -> int:
    return int(current_app.config["LOST_LINK_HOURS"])


def ask(event: Event, email: str) -> None:
    """Mail the link of the registration of ``email`` for the event, and of the delegations it is the focal point of,
    if there are any (the page says the same either way). Raises FieldError for a bad address."""
    email = clean_email(email)
    participant = find_by_email(event, email)  # an erased registration's address is not its own
    if participant is not None:
        mail_link(participant)
    for delegation in delegations.with_focal_point(event, email):
        token = delegations.focal_point_token(delegation)
        renewed = token is None
        if renewed:
            token = delegations.appoint_focal_point(delegation, delegation.focal_point_name, email, Actor(label=ACTOR),
                                                    delegation.focal_point_language)
        delegations.mail_focal_point_link(delegation, token, asked=True, renewed=renewed)


def mail_link(participant: Participant, *, again: bool = False) -> None:
    """Mail the participant their private link (or, when it cannot be made again, a link that opens their
    registration); ``again`` when it is because someone registered the address again on the form (the mail says
    so)."""
    token = current_token(participant)
    if token is not None:
        notifications.mail_link_again(participant, token, again=again)
        return
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
    return new_link(participant, actor=Actor(label=ACTOR))


def event_of(value: str) -> Event | None:
    """The event of a mailed link, used or old (its signature still checked), for the page that says so."""
    try:
        participant = db.session.get(Participant, int(_serializer().loads(value)["p"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    return participant.event if participant is not None else None
