"""The programme: plain functions that read, or change and flush."""
from __future__ import annotations

from datetime import date
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from delegates.extensions import db
from delegates.programme.models import ConferenceSession
from delegates.registration.models import Event


def sessions_of(event: Event, public_only: bool = False) -> list[ConferenceSession]:
    query = (
        select(ConferenceSession)
        .where(ConferenceSession.event_id == event.id)
        .options(selectinload(ConferenceSession.room), selectinload(ConferenceSession.allowed_categories))
        .order_by(ConferenceSession.starts_at, ConferenceSession.id)
    )
    if public_only:
        query = query.where(ConferenceSession.is_public)
    return list(db.session.scalars(query))


def programme_by_day(event: Event, public_only: bool = False) -> list[tuple[date, list[ConferenceSession]]]:
    """The sessions grouped by their day on the event's wall clock."""
    sessions = sessions_of(event, public_only)
    return [(day, list(items)) for day, items in groupby(sessions, key=lambda s: event.local(s.starts_at).date())]


def kind_labels() -> dict[str, str]:
    """Session kinds as a person reads them, in the page's language."""
    return {"plenary": _("Plenary"), "panel": _("Panel"), "ministerial": _("Ministerial"),
            "side_event": _("Side event")}
