"""Rooms and sessions: what the programme officer builds. Plain functions that change and flush.

Times come in as the event's wall clock (a date and two times) and are stored in UTC. A room never
holds two sessions at once, and a session never has more seats than its room.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import func, select

from delegates.admin.models import Organiser
from delegates.admin.services import record
from delegates.common.exceptions import DomainError
from delegates.extensions import db
from delegates.programme.models import SESSION_KINDS, Assignment, ConferenceSession, Room
from delegates.registration.models import Category, Event

TRANSLATED_LANGUAGES = ("fr", "es", "ar")
INTERPRETATION_LANGUAGES = ("ar", "en", "es", "fr")


class PlanningError(DomainError):
    status = 409


# -- rooms ----------------------------------------------------------------------------------------------------

@dataclass
class RoomData:
    name: str
    capacity: int
    floor: str | None = None
    booths: int = 0
    interpretation_languages: list[str] = field(default_factory=list)


def rooms_of(event: Event) -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.name)))


def save_room(event: Event, data: RoomData, room: Room | None = None, by: Organiser | None = None) -> Room:
    """Create a room, or change ``room``; its capacity never falls below a session's in it."""
    name = (data.name or "").strip()
    if not name:
        raise PlanningError(_("Give the room a name."), field="name")
    if data.capacity is None or data.capacity < 1:
        raise PlanningError(_("A room has at least one seat."), field="capacity")
    same_name = db.session.scalar(select(Room).where(Room.event_id == event.id, func.lower(Room.name) == name.lower()))
    if same_name is not None and same_name is not room:
        raise PlanningError(_("There is a room called '%(name)s' already.", name=name), field="name")
    if room is not None:
        largest = db.session.scalar(select(func.max(ConferenceSession.capacity))
                                    .where(ConferenceSession.room_id == room.id)) or 0
        if data.capacity < largest:
            raise PlanningError(_("A session in this room has %(n)d seats: lower its capacity first.", n=largest),
                                field="capacity")
    languages = sorted(set(data.interpretation_languages or []) & set(INTERPRETATION_LANGUAGES))
    values = {"name": name, "capacity": data.capacity, "floor": (data.floor or "").strip() or None,
              "booths": max(data.booths or 0, 0), "interpretation_languages": ",".join(languages)}
    created = room is None
    if created:
        room = Room(event_id=event.id)
        db.session.add(room)
    changes = {k: [None if created else getattr(room, k), v] for k, v in values.items()
               if created or getattr(room, k) != v}
    for key, value in values.items():
        setattr(room, key, value)
    db.session.flush()
    record("room.created" if created else "room.changed", event=event, organiser=by, target=room, changes=changes)
    return room


def delete_room(room: Room, by: Organiser | None = None) -> None:
    used = db.session.scalar(select(func.count()).select_from(ConferenceSession)
                             .where(ConferenceSession.room_id == room.id))
    if used:
        raise PlanningError(_("%(n)d session(s) take place in '%(name)s': move or delete them first.",
                              n=used, name=room.name))
    record("room.deleted", event=room.event, organiser=by, target=room, changes={"name": [room.name, None]})
    db.session.delete(room)
    db.session.flush()


# -- sessions -------------------------------------------------------------------------------------------------

@dataclass
class SessionData:
    kind: str
    title: str
    day: date
    start: time
    end: time
    room: Room | None = None
    capacity: int | None = None  # the room's when None
    description: str | None = None
    # {"fr": {"title": ..., "description": ...}, ...}
    translations: dict = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    is_public: bool = True
    open_for_choice: bool = True


def wall_clock(event: Event, day: date, moment: time) -> datetime:
    """A time on the event's wall clock as an aware datetime (stored in UTC)."""
    return datetime.combine(day, moment, tzinfo=event.tz)


def room_clash(room: Room, starts_at: datetime, ends_at: datetime,
               session: ConferenceSession | None = None) -> ConferenceSession | None:
    """Another session in the room that overlaps the time, if any."""
    query = select(ConferenceSession).where(ConferenceSession.room_id == room.id, ConferenceSession.starts_at < ends_at,
                                            ConferenceSession.ends_at > starts_at)
    if session is not None and session.id is not None:
        query = query.where(ConferenceSession.id != session.id)
    return db.session.scalars(query.order_by(ConferenceSession.starts_at)).first()


def save_session(event: Event, data: SessionData, session: ConferenceSession | None = None,
                 by: Organiser | None = None) -> ConferenceSession:
    """Create a session, or change ``session``, after checking the room, the times and the seats."""
    title = (data.title or "").strip()
    if not title:
        raise PlanningError(_("Give the session a title in English."), field="title")
    if data.kind not in SESSION_KINDS:
        raise PlanningError(_("Choose the kind of session."), field="kind")
    starts_at, ends_at = wall_clock(event, data.day, data.start), wall_clock(event, data.day, data.end)
    if ends_at <= starts_at:
        raise PlanningError(_("The session must end after it starts."), field="end")
    if data.room is not None and data.room.event_id != event.id:
        raise PlanningError(_("Choose a room of this event."), field="room")
    capacity = data.capacity or (data.room.capacity if data.room else None)
    if not capacity or capacity < 1:
        raise PlanningError(_("Give the number of seats, or choose a room."), field="capacity")
    if data.room is not None:
        if capacity > data.room.capacity:
            raise PlanningError(_("'%(room)s' has %(n)d seats: the session cannot have more.", room=data.room.name,
                                  n=data.room.capacity), field="capacity")
        other = room_clash(data.room, starts_at, ends_at, session)
        if other is not None:
            raise PlanningError(_("'%(room)s' holds '%(other)s' at that time (%(start)s–%(end)s).",
                                  room=data.room.name, other=other.title,
                                  start=event.local(other.starts_at).strftime("%H:%M"),
                                  end=event.local(other.ends_at).strftime("%H:%M")), field="start")
    if session is not None and capacity < session.assigned:
        raise PlanningError(_("%(n)d seats are taken already: the capacity cannot be lower.", n=session.assigned),
                            field="capacity")
    translations = {}
    for language in TRANSLATED_LANGUAGES:
        texts = {k: v.strip() for k, v in (data.translations.get(language) or {}).items() if v and v.strip()}
        if texts:
            translations[language] = texts
    values = {"kind": data.kind, "title": title, "description": (data.description or "").strip() or None,
              "translations": translations, "starts_at": starts_at, "ends_at": ends_at,
              "room_id": data.room.id if data.room else None, "capacity": capacity,
              "is_public": data.is_public, "open_for_choice": data.open_for_choice}
    created = session is None
    if created:
        session = ConferenceSession(event_id=event.id, assigned=0)
        db.session.add(session)
    changes = {k: [None if created else _plain(getattr(session, k)), _plain(v)] for k, v in values.items()
               if created or getattr(session, k) != v}
    for key, value in values.items():
        setattr(session, key, value)
    old_categories = sorted(c.name for c in session.allowed_categories)
    session.allowed_categories = [c for c in data.categories if c.event_id == event.id]
    new_categories = sorted(c.name for c in session.allowed_categories)
    if old_categories != new_categories:
        changes["categories"] = [old_categories, new_categories]
    db.session.flush()
    record("session.created" if created else "session.changed", event=event, organiser=by, target=session,
           changes=changes)
    return session


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def delete_session(session: ConferenceSession, by: Organiser | None = None) -> int:
    """Delete a session and its assignments; returns how many people lost a place."""
    count = db.session.scalar(select(func.count()).select_from(Assignment)
                              .where(Assignment.session_id == session.id)) or 0
    record("session.deleted", event=session.event, organiser=by, target=session,
           changes={"title": [session.title, None]}, note=f"{count} assignment(s) removed")
    db.session.delete(session)
    db.session.flush()
    return count
