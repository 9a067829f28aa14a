"""Personal agendas as PDF: what each person's agenda shows, in their language, and a batch in one PDF.

``agenda_data`` turns a participant and their seats into :class:`~delegates.programme.pdf.AgendaData`;
``write_agendas`` draws many on one canvas (``delegates agendas``), loading every seat of the batch
in one query.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO

from babel import Locale
from babel.dates import format_date, format_interval
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from delegates.common.i18n import RTL_LANGUAGES
from delegates.common.pdf.text import FontSet
from delegates.extensions import db
from delegates.programme.agenda import agenda_of, role_labels
from delegates.programme.models import Assignment, ConferenceSession
from delegates.programme.pdf import AgendaData, AgendaRow, render_agendas
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.names import own_script_name
from delegates.registration.notifications import language_of
from delegates.registration.search import fold

NO_CHANNEL = "—"


@lru_cache(maxsize=64)
def language_name(code: str, language: str) -> str:
    """A language's name in another language ('English', 'anglais', 'الإنجليزية')."""
    name = Locale.parse(language).languages.get(code, code)
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=512)
def day_label(day: date, language: str) -> str:
    label = format_date(day, "full", locale=language)
    return label[:1].upper() + label[1:]


def event_facts(event: Event, language: str) -> tuple[str, ...]:
    """The event's dates and place, as a reader of ``language`` writes them."""
    if event.starts_on == event.ends_on:
        dates = format_date(event.starts_on, "long", locale=language)
    else:
        dates = format_interval(event.starts_on, event.ends_on, "yMMMMd", locale=language)
    place = ", ".join(x for x in (event.translated("venue", language), event.translated("city", language)) if x)
    return tuple(x for x in (dates, place) if x)


def _labels(language: str) -> dict[str, object]:
    with force_locale(language):
        return {
            "heading": _("Personal agenda"), "time": _("Time"), "title": _("Session"), "room": _("Room"),
            "role": _("Role"), "channel": _("Interpretation"), "badge": _("Badge No."),
            "empty": _("No session is confirmed for you yet. Your agenda will list each session once a seat is "
                       "confirmed."),
            "roles": role_labels(),
        }


def channel(participant: Participant, session: ConferenceSession, language: str) -> str:
    """The interpretation channel the person listens to in the session's room, or a dash."""
    wanted = participant.interpretation_language
    offered = (session.room.interpretation_languages or "").split(",") if session.room else []
    if not wanted or wanted not in offered:
        return NO_CHANNEL
    return language_name(wanted, language)


def agenda_data(participant: Participant, seats: Sequence[Assignment], *, labels: dict | None = None,
                language: str | None = None) -> AgendaData:
    """What the person's agenda shows: their confirmed seats (in time order), in their language."""
    event = participant.event
    language = language or language_of(participant)
    labels = labels or _labels(language)
    roles = labels["roles"]
    rows = []
    for seat in seats:
        session = seat.session
        starts, ends = event.local(session.starts_at), event.local(session.ends_at)
        rows.append(AgendaRow(
            day=day_label(starts.date(), language),
            time=f"{starts:%H:%M}–{ends:%H:%M}",
            title=session.translated("title", language) or "",
            room=session.room.name if session.room else "",
            role=roles.get(seat.role, seat.role),
            channel=channel(participant, session, language),
        ))
    own = own_script_name(participant.given_name, participant.family_name)
    delegation = participant.delegation
    return AgendaData(
        rtl=language in RTL_LANGUAGES,
        labels={k: v for k, v in labels.items() if isinstance(v, str)},
        event_name=event.translated("name", language) or event.name,
        event_facts=event_facts(event, language),
        name=" ".join(x for x in (participant.title, participant.badge_name) if x),
        own_name=own if own and own != participant.badge_name else "",
        function=participant.function or "",
        delegation=delegation.name(language) if delegation else "",
        badge_number=f"{participant.badge_number:04d}" if participant.badge_number else "",
        rows=tuple(rows),
    )


def agenda_pdf(participant: Participant, out: str | Path | IO[bytes]) -> int:
    """One person's agenda as a PDF; returns the pages."""
    data = agenda_data(participant, agenda_of(participant))
    return render_agendas([data], out, title=data.labels["heading"])


def accredited_participants(event: Event, ids: Iterable[int] = ()) -> list[Participant]:
    """The event's accredited participants (only ``ids`` when given), by delegation then family name."""
    query = (select(Participant).where(Participant.event_id == event.id, Participant.status == "accredited")
             .options(selectinload(Participant.delegation).selectinload(Delegation.country)))
    ids = list(ids)
    if ids:
        query = query.where(Participant.id.in_(ids))
    people = list(db.session.scalars(query))
    language = event.default_language

    def key(p: Participant):
        d = p.delegation
        return (d is None, d.kind != "country" if d else True, fold(d.name(language) if d else ""),
                fold(p.family_name or p.given_name or ""), p.id)

    return sorted(people, key=key)


def seats_by_participant(event: Event) -> dict[int, list[Assignment]]:
    """Every confirmed seat of the event, by participant, in time order (one query for a whole batch)."""
    seats: dict[int, list[Assignment]] = {}
    for seat in db.session.scalars(
            select(Assignment).join(ConferenceSession, ConferenceSession.id == Assignment.session_id)
            .where(ConferenceSession.event_id == event.id, Assignment.status == "confirmed")
            .options(selectinload(Assignment.session).selectinload(ConferenceSession.room))
            .order_by(ConferenceSession.starts_at, ConferenceSession.id)):
        seats.setdefault(seat.participant_id, []).append(seat)
    return seats


def write_agendas(event: Event, people: Sequence[Participant], out: str | Path | IO[bytes], *,
                  progress: Callable[[int, int], None] | None = None, language: str | None = None) -> int:
    """The agendas of ``people`` in one PDF (one canvas; a page or more each), each in its owner's language
    (or all in ``language``); returns the pages."""
    seats = seats_by_participant(event)
    labels: dict[str, dict] = {}
    chosen = language

    def each() -> Iterable[AgendaData]:
        for person in people:
            language = chosen or language_of(person)
            if language not in labels:
                labels[language] = _labels(language)
            yield agenda_data(person, seats.get(person.id, ()), labels=labels[language], language=language)

    agendas = list(each())
    fonts = FontSet(t for a in agendas for t in a.texts())
    total = len(agendas)
    report = (lambda done: progress(done, total)) if progress is not None else None
    return render_agendas(agendas, out, fonts=fonts, progress=report, title=event.name)
