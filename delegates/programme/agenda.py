"""A person's agenda: the sessions in which they hold a seat, and the same as an iCalendar file."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from delegates.extensions import db
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration.models import Participant


def agenda_of(participant: Participant) -> list[Assignment]:
    """The person's confirmed assignments, in time order."""
    return list(db.session.scalars(
        select(Assignment).join(ConferenceSession, ConferenceSession.id == Assignment.session_id)
        .where(Assignment.participant_id == participant.id, Assignment.status == "confirmed")
        .options(selectinload(Assignment.session).selectinload(ConferenceSession.room))
        .order_by(ConferenceSession.starts_at, ConferenceSession.id)))


def role_labels() -> dict[str, str]:
    return {"attendee": _("Attendee"), "speaker": _("Speaker"), "chair": _("Chair"), "rapporteur": _("Rapporteur")}


def agenda_ics(participant: Participant, language: str, host: str) -> bytes:
    """One VEVENT per confirmed seat, on the event's clock (TZID and its VTIMEZONE), with a UID that stays the
    same across downloads, the title in ``language``."""
    event = participant.event
    calendar = Calendar()
    calendar.add("prodid", "-//Delegates//Personal agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.translated("name", language) or event.name)
    calendar.add("x-wr-timezone", event.timezone)
    assignments = agenda_of(participant)
    if assignments:
        first = event.local(assignments[0].session.starts_at).date()
        last = event.local(assignments[-1].session.ends_at).date()
        calendar.add_component(Timezone.from_tzid(event.timezone, first_date=date(first.year, 1, 1) - timedelta(1),
                                                  last_date=date(last.year + 1, 1, 1)))
    with force_locale(language):
        roles = role_labels()
        for assignment in assignments:
            session = assignment.session
            item = VEvent()
            item.add("uid", f"assignment-{assignment.id}@{host}")
            item.add("dtstamp", assignment.created_at)
            item.add("dtstart", event.local(session.starts_at))
            item.add("dtend", event.local(session.ends_at))
            item.add("summary", session.translated("title", language))
            if session.room is not None:
                item.add("location", session.room.name)
            item.add("description", _("Your role: %(role)s", role=roles[assignment.role]))
            calendar.add_component(item)
    return calendar.to_ical()
