"""Bearer-token authentication for the API: a token acts for one event with one role."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import g, request
from sqlalchemy import bindparam, select, update

from delegates.admin.models import ApiToken
from delegates.admin.services import hash_token
from delegates.api.errors import ApiError
from delegates.common import database
from delegates.common.database import utcnow
from delegates.extensions import db
from delegates.registration.models import Event

# how stale ApiToken.last_used_at may get before a request refreshes it
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class EventRef:
    """What a token's event is to the API's views: its id, slug and time zone (the scan API needs no more)."""

    id: int
    slug: str
    timezone: str

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Caller:
    """The token a request came with (``g.api_token``), read with its event's slug and time zone as columns in
    one query: no ORM object is built for it (every API request pays for that; a door's scans most of all)."""

    id: int
    name: str
    role: str
    event: EventRef
    last_used_at: datetime | None


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def token_required(*roles: str, read_first: bool = False) -> Callable:
    """Guard an API view: a valid, unrevoked token for the URL's event, with one of ``roles`` (admin passes).

    Reading (GET) also admits ``viewer`` tokens. The token and its event are read in one query.

    ``read_first``: the token is looked up in a read transaction (on SQLite a plain BEGIN, not BEGIN IMMEDIATE),
    which the view goes on reading in and must end (commit) before it writes; for views that read first and
    write briefly at the end (the scan API), so that the write lock is not taken to read the token.
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            token = bearer_token()
            if token is None:
                raise ApiError(401, "unauthorized", "Send an API token: Authorization: Bearer <token>.")
            if read_first:
                database.write_intent.set(False)
            row = _active_token(token)
            if row is None:
                raise ApiError(401, "unauthorized", "This API token is unknown or has been revoked.")
            slug = kwargs.get("slug")
            if slug is not None and row.event.slug != slug:
                raise ApiError(403, "forbidden", f"This token is for the event '{row.event.slug}', not '{slug}'.")
            allowed = set(roles) | {"admin"}
            if request.method in {"GET", "HEAD"}:
                allowed.add("viewer")
            if row.role not in allowed:
                raise ApiError(403, "forbidden",
                               f"A token with the role '{row.role}' may not do this; it needs {' or '.join(roles)}.")
            g.api_token = row
            response = view(*args, **kwargs)
            _touch(row)
            return response

        guarded.required_roles = roles
        return guarded

    return decorate


@functools.cache
def _token_with_event():
    """The look-up of an unrevoked token with its event, built once, on first use (once every model is mapped)."""
    return (
        select(ApiToken.id, ApiToken.name, ApiToken.role, ApiToken.last_used_at, Event.id.label("event_id"),
               Event.slug, Event.timezone)
        .join(Event, Event.id == ApiToken.event_id)
        .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    )


def _active_token(token: str) -> Caller | None:
    """The unrevoked token of this bearer value, with its event, in one query; None otherwise."""
    row = db.session.connection().execute(_token_with_event(), {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    return Caller(row.id, row.name, row.role, EventRef(row.event_id, row.slug, row.timezone), row.last_used_at)


def _touch(row: Caller) -> None:
    """Note when the token was last used, in a write transaction of its own.

    A read transaction that turns into a write can fail on SQLite when another writer got in
    first; so the read ends first, and the write starts as a write (BEGIN IMMEDIATE).
    """
    now = utcnow()
    if row.last_used_at is not None and now - row.last_used_at < LAST_USED_RESOLUTION:
        return
    database.start_writing(db.session())
    db.session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    db.session.commit()
