"""The programme's reports: ``programme`` (the whole programme by day) and ``door-sheets`` (one page per room
and day, to pin at the door)."""
from __future__ import annotations

from typing import IO

from flask_babel import force_locale
from flask_babel import gettext as _

from delegates.common.i18n import RTL_LANGUAGES
from delegates.programme import services as programme
from delegates.programme.agenda_pdf import day_label, event_facts
from delegates.programme.pdf import (
    DoorSheet,
    DoorSheetsData,
    ProgrammeData,
    ProgrammeRow,
    render_door_sheets,
    render_programme,
)
from delegates.registration.models import Event


def _time(event: Event, session) -> str:
    return f"{event.local(session.starts_at):%H:%M}–{event.local(session.ends_at):%H:%M}"


def programme_data(event: Event, language: str) -> ProgrammeData:
    """The whole programme (public and not: the report is for organisers) by day, in ``language``."""
    people = programme.programme_people(event)
    with force_locale(language):
        kinds = programme.kind_labels()
        labels = {"heading": _("Programme"), "time": _("Time"), "room": _("Room"), "kind": _("Kind"),
                  "session": _("Session"), "chair": _("Chair"), "speakers": _("Speakers"),
                  "empty": _("The programme has no session yet.")}
    days = []
    for day, sessions in programme.programme_by_day(event):
        rows = []
        for s in sessions:
            cast = people.get(s.id, [])
            rows.append(ProgrammeRow(
                time=_time(event, s), room=s.room.name if s.room else "", kind=kinds.get(s.kind, s.kind),
                title=s.translated("title", language) or "",
                chair=", ".join(p.badge_name for role, p in cast if role == "chair"),
                speakers=", ".join(p.badge_name for role, p in cast if role == "speaker")))
        days.append((day_label(day, language), tuple(rows)))
    return ProgrammeData(rtl=language in RTL_LANGUAGES, labels=labels,
                         event_name=event.translated("name", language) or event.name,
                         event_facts=event_facts(event, language), days=tuple(days))


def door_sheets_data(event: Event, language: str) -> DoorSheetsData:
    """For each room and day (rooms by name, days in order), the sessions held there that day."""
    with force_locale(language):
        kinds = programme.kind_labels()
        labels = {"time": _("Time"), "session": _("Session"), "kind": _("Kind"), "seats": _("Seats taken"),
                  "empty": _("The programme has no session yet.")}
        sheets = []
        for day, sessions in programme.programme_by_day(event):
            rooms: dict[str, list] = {}
            for s in sessions:
                rooms.setdefault(s.room.name if s.room else _("No room yet"), []).append(s)
            for name in sorted(rooms, key=str.casefold):
                held = rooms[name]
                room = held[0].room
                capacity = (_("Capacity: %(seats)s seats", seats=room.capacity) if room is not None else "")
                rows = tuple((_time(event, s), s.translated("title", language) or "", kinds.get(s.kind, s.kind),
                              _("%(taken)s of %(seats)s", taken=s.assigned, seats=s.capacity)) for s in held)
                sheets.append(DoorSheet(room=name, day=day_label(day, language), capacity=capacity, rows=rows))
    return DoorSheetsData(rtl=language in RTL_LANGUAGES, labels=labels,
                          event_name=event.translated("name", language) or event.name, sheets=tuple(sheets))


def programme_report(event: Event, stream: IO[bytes], language: str | None = None) -> int:
    return render_programme(programme_data(event, language or event.default_language), stream)


def door_sheets_report(event: Event, stream: IO[bytes], language: str | None = None) -> int:
    return render_door_sheets(door_sheets_data(event, language or event.default_language), stream)
