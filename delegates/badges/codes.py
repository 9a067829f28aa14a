"""Signed badge codes: what a badge's QR code holds, and the check that admits or refuses it.

A code is ``<event>.<participant>.<version>.<signature>`` (numbers in base 36, upper case, so a QR
code stores it in its compact alphanumeric mode): the event's id, the participant's id and the
badge version, signed with an HMAC keyed from the app's SECRET_KEY. Nothing personal is in it. A
lost badge is reissued: the participant's badge_version goes up, and the old badge's code is
refused from then on; printing again without reissuing prints the same code.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from typing import NamedTuple

from flask import current_app

from delegates.extensions import db
from delegates.registration.models import Event, Participant

SALT = b"delegates.badge-code.v1"
SIGNATURE_BYTES = 10  # 80 bits: far beyond guessing at a door, short enough for a small QR code
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# why verify() refuses a code
UNKNOWN = "unknown"  # not a badge code of ours, or its participant no longer exists
FORGED = "forged"  # looks like a code but its signature is wrong
REISSUED = "reissued"  # an old badge: a newer one was issued (lost badge)
OTHER_EVENT = "other_event"  # a genuine badge of another event
NOT_ACCREDITED = "not_accredited"  # the participant's registration is not (or no longer) accredited


class Verification(NamedTuple):
    """The outcome of reading a code: the participant when known, and why it is refused (None: admitted)."""

    participant: Participant | None
    reason: str | None

    @property
    def admitted(self) -> bool:
        return self.reason is None


def _base36(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _DIGITS[r] + out
        if not n:
            return out


def _key() -> bytes:
    secret = current_app.config["SECRET_KEY"]
    return _key_of(secret.encode("utf-8") if isinstance(secret, str) else secret)


@functools.lru_cache(maxsize=8)
def _key_of(secret: bytes) -> bytes:
    """The signing key derived from a SECRET_KEY (the same secret always gives the same key: computed once)."""
    return hmac.new(secret, SALT, hashlib.sha256).digest()


def _sign(payload: str, key: bytes | None = None) -> str:
    digest = hmac.new(key or _key(), payload.encode("ascii"), hashlib.sha256).digest()[:SIGNATURE_BYTES]
    return base64.b32encode(digest).decode("ascii").rstrip("=")


def code_for(participant: Participant, *, key: bytes | None = None) -> str:
    """The code of the participant's current badge (the same every time until it is reissued)."""
    return encode(participant.event_id, participant.id, participant.badge_version, key=key)


def encode(event_id: int, participant_id: int, version: int, *, key: bytes | None = None) -> str:
    payload = f"{_base36(event_id)}.{_base36(participant_id)}.{_base36(version)}"
    return f"{payload}.{_sign(payload, key)}"


def signing_key() -> bytes:
    """The key of this app's codes, to pass to code_for when encoding many badges in a row."""
    return _key()


def decode(code: str) -> tuple[int, int, int] | None:
    """(event id, participant id, version) of a code whose signature is right; None when it is not a code of ours.

    Raises ValueError("forged") when it has the shape of a code but a wrong signature.
    """
    if not isinstance(code, str) or not code.isascii():
        # ours are ASCII; int() would read other scripts' digits, and compare_digest refuses non-ASCII text
        return None
    parts = code.strip().upper().split(".")
    if len(parts) != 4 or not all(parts) or len(code) > 80:
        return None
    try:
        numbers = tuple(int(p, 36) for p in parts[:3])
    except ValueError:
        return None
    expected = _sign(".".join(parts[:3]))
    if not hmac.compare_digest(expected, parts[3]):
        raise ValueError(FORGED)
    return numbers  # type: ignore[return-value]


def verify(code: str, event: Event | None = None) -> Verification:
    """Whether a badge's code admits its bearer: (participant, None), or (participant or None, reason)."""
    try:
        numbers = decode(code)
    except ValueError:
        return Verification(None, FORGED)
    if numbers is None:
        return Verification(None, UNKNOWN)
    return Verification(*verdict(numbers, db.session.get(Participant, numbers[1]), event))


def verdict(numbers: tuple[int, int, int], holder, event: Event | None = None) -> tuple:
    """(holder or None, reason) for a genuine code's numbers (from decode()) and the participant they name.

    ``holder`` is the participant of ``numbers[1]`` (None when there is none), as an ORM object or any row with
    its ``event_id``, ``badge_version`` and ``status``: the door reads it as columns.
    """
    event_id, _participant_id, version = numbers
    if holder is None or holder.event_id != event_id:
        return None, UNKNOWN
    if event is not None and event.id != event_id:
        return holder, OTHER_EVENT
    if version < holder.badge_version:
        return holder, REISSUED
    if version > holder.badge_version:
        return holder, UNKNOWN
    if holder.status != "accredited":
        return holder, NOT_ACCREDITED
    return holder, None
