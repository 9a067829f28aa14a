"""The lists that organisers hand the shuttle company, the hotels, the caterer and the technicians.

Each ``*_sheet`` function reads the event's participants (accredited ones, or also submitted registrations)
and returns a :class:`~delegates.logistics.tables.Sheet` in ``language``: the page, the CSV file and the PDF
all show it. Times are on the event's wall clock.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import force_locale, ngettext, pgettext
from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from delegates.common.i18n import RTL_LANGUAGES
from delegates.extensions import db
from delegates.logistics.models import Hotel, Travel
from delegates.logistics.tables import Column, Section, Sheet
from delegates.programme import services as programme
from delegates.programme.agenda_pdf import day_label, event_facts, language_name
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration.models import DIETARY, LANGUAGES, Delegation, Event, Participant
from delegates.registration.search import fold

SHEETS = ("arrivals", "departures", "transfers", "rooming", "catering", "accessibility", "interpretation")


def statuses(include_submitted: bool) -> tuple[str, ...]:
    return ("accredited", "submitted") if include_submitted else ("accredited",)


def participants(event: Event, include_submitted: bool = False) -> list[Participant]:
    """The people the lists count, with what the lists show of them loaded (a fixed number of queries)."""
    query = (select(Participant)
             .where(Participant.event_id == event.id, Participant.status.in_(statuses(include_submitted)))
             .options(selectinload(Participant.delegation).selectinload(Delegation.country),
                      selectinload(Participant.category), selectinload(Participant.hotel),
                      selectinload(Participant.travels)))
    return list(db.session.scalars(query))


def listed(event: Event, include_submitted: bool):
    """The SQL condition on Participant of the people the lists count."""
    return (Participant.event_id == event.id) & Participant.status.in_(statuses(include_submitted))


def travels_of(event: Event, include_submitted: bool = False, direction: str | None = None) -> list[Travel]:
    """The listed people's arrivals and departures (or those of one direction), without loading the people."""
    query = select(Travel).join(Participant, Travel.participant_id == Participant.id).where(
        listed(event, include_submitted))
    if direction:
        query = query.where(Travel.direction == direction)
    return list(db.session.scalars(query))


def count_listed(event: Event, include_submitted: bool = False) -> int:
    return db.session.scalar(select(func.count()).select_from(Participant).where(listed(event, include_submitted)))


def travel(person: Participant, direction: str) -> Travel | None:
    return next((t for t in person.travels if t.direction == direction), None)


def display_name(person: Participant) -> str:
    return " ".join(x for x in (person.title, person.badge_name) if x)


def delegation_name(person: Participant, language: str) -> str:
    return person.delegation.name(language) if person.delegation else ""


def by_delegation_and_name(language: str) -> Callable[[Participant], tuple]:
    return lambda p: (fold(delegation_name(p, language)), fold(p.family_name or p.given_name or ""),
                      fold(p.given_name or ""), p.id)


def by_family_name(p: Participant) -> tuple:
    return fold(p.family_name or p.given_name or ""), fold(p.given_name or ""), p.id


def event_days(event: Event) -> list[date]:
    return [event.starts_on + timedelta(days=n) for n in range((event.ends_on - event.starts_on).days + 1)]


def slot(moment: datetime) -> str:
    """The hour a moment falls in: '14:00–15:00'."""
    return f"{moment.hour:02d}:00–{(moment.hour + 1) % 24:02d}:00"


def scope_label(include_submitted: bool) -> str:
    return (_("Accredited participants and submitted registrations") if include_submitted
            else _("Accredited participants"))


def _sheet(event: Event, language: str, include_submitted: bool, **fields) -> Sheet:
    return Sheet(scope=scope_label(include_submitted), event_name=event.translated("name", language) or event.name,
                 event_facts=event_facts(event, language), rtl=language in RTL_LANGUAGES,
                 labels={"continued": _("continued"), "no_rows": _("Nobody on this list."),
                         "generated": _("Times in %(tz)s", tz=event.timezone)},
                 **fields)


# -- arrivals and departures ----------------------------------------------------------------------------------

def movements_sheet(event: Event, language: str, direction: str, include_submitted: bool = False) -> Sheet:
    """Arrivals (or departures) by day, then hour and airport: how many people, on which flights, how many
    need a transfer (for the shuttles)."""
    travels = travels_of(event, include_submitted, direction)
    everyone = count_listed(event, include_submitted)
    unknown = everyone - len(travels)
    days: dict[date, dict[tuple[str, str], list[Travel]]] = defaultdict(lambda: defaultdict(list))
    for t in travels:
        local = event.local(t.at)
        days[local.date()][(slot(local), t.airport or "")].append(t)
    columns = (Column("hour", _("Hour"), 1.2, ltr=True), Column("airport", _("Airport"), 0.8, ltr=True),
               Column("flights", _("Flights"), 4.5, ltr=True), Column("people", _("People"), 0.8, numeric=True),
               Column("transfers", _("Need a transfer"), 1.1, numeric=True))
    no_flight = _("no flight number")
    sections = []
    for day in sorted(days):
        rows = []
        for (hour, airport), travels in sorted(days[day].items()):
            flights = Counter(t.flight or no_flight for t in sorted(travels, key=lambda t: t.at))
            listed = ", ".join(f"{f} ({n})" if n > 1 else f for f, n in flights.items())
            rows.append((hour, airport, listed, len(travels), sum(t.needs_transfer for t in travels)))
        total, transfers = sum(r[3] for r in rows), sum(r[4] for r in rows)
        sections.append(Section(
            title=day_label(day, language), columns=columns, rows=tuple(rows), group=(day.isoformat(),),
            facts=(ngettext("%(num)d person", "%(num)d people", total),
                   ngettext("%(num)d needs a transfer", "%(num)d need a transfer", transfers))))
    arrival = direction == "arrival"
    return _sheet(
        event, language, include_submitted, name="arrivals" if arrival else "departures",
        title=_("Arrivals by day and hour") if arrival else _("Departures by day and hour"),
        rule=_("Each person counts once, in the hour of their flight's time on the event's clock (%(tz)s). "
               "Flights that land or leave several people in that hour show how many.", tz=event.timezone),
        notes=((ngettext("%(num)d of %(total)d people has not given their arrival yet.",
                         "%(num)d of %(total)d people have not given their arrival yet.", unknown, total=everyone)
                if arrival else
                ngettext("%(num)d of %(total)d people has not given their departure yet.",
                         "%(num)d of %(total)d people have not given their departure yet.", unknown,
                         total=everyone)),),
        group_keys=("date",), sections=tuple(sections), landscape=True,
        empty=_("Nobody has given their arrival yet.") if arrival else _("Nobody has given their departure yet."))


# -- transfer manifests ---------------------------------------------------------------------------------------

def transfers_sheet(event: Event, language: str, include_submitted: bool = False,
                    direction: str | None = None) -> Sheet:
    """One manifest per direction, airport and hour: who, when, which flight, which hotel, which phone."""
    slots: dict[tuple, list[tuple[datetime, Participant, Travel]]] = defaultdict(list)
    for person in participants(event, include_submitted):
        for t in person.travels:
            if not t.needs_transfer or (direction and t.direction != direction):
                continue
            local = event.local(t.at)
            order = 0 if t.direction == "arrival" else 1
            slots[(order, local.date(), t.airport or "", local.hour)].append((local, person, t))
    columns = (Column("time", _("Time"), 0.7, ltr=True), Column("name", _("Name"), 2.4),
               Column("delegation", _("Delegation"), 1.8), Column("flight", _("Flight"), 0.9, ltr=True),
               Column("hotel", _("Hotel"), 2.0), Column("phone", _("Phone"), 1.5, ltr=True))
    names = {0: _("Arrivals"), 1: _("Departures")}
    sections = []
    for key in sorted(slots):
        order, day, airport, _hour = key
        riders = sorted(slots[key], key=lambda r: (r[0], by_family_name(r[1])))
        hour = slot(riders[0][0])
        rows = tuple((f"{local:%H:%M}", display_name(p), delegation_name(p, language), t.flight or "",
                      p.hotel.name if p.hotel else "", p.phone or "") for local, p, t in riders)
        sections.append(Section(
            title=" · ".join(x for x in (names[order], airport, day_label(day, language), hour) if x),
            columns=columns, rows=rows, group=("arrival" if order == 0 else "departure", day.isoformat(),
                                               airport, hour),
            facts=(ngettext("%(num)d person", "%(num)d people", len(rows)),)))
    return _sheet(
        event, language, include_submitted, name="transfers", title=_("Transfer manifests"),
        rule=_("One manifest per airport and hour, for the people who asked for a transfer: from the airport to "
               "the hotel on arrival, from the hotel to the airport on departure. Times on the event's clock "
               "(%(tz)s).", tz=event.timezone),
        group_keys=("direction", "date", "airport", "slot"), sections=tuple(sections), landscape=True,
        empty=_("Nobody has asked for a transfer yet."))


# -- rooming lists --------------------------------------------------------------------------------------------

def stay(event: Event, person: Participant) -> tuple[date | None, date | None]:
    """(arrival day, departure day) on the event's clock, each None while unknown."""
    arrival, departure = travel(person, "arrival"), travel(person, "departure")
    return (event.local(arrival.at).date() if arrival else None,
            event.local(departure.at).date() if departure else None)


def rooming_sheet(event: Event, language: str, include_submitted: bool = False) -> Sheet:
    """One list per hotel: guest, delegation, check-in, check-out, nights; rooms blocked against used."""
    hotels = list(db.session.scalars(select(Hotel).where(Hotel.event_id == event.id).order_by(Hotel.name)))
    guests: dict[int, list[Participant]] = defaultdict(list)
    for person in participants(event, include_submitted):
        if person.hotel_id is not None:
            guests[person.hotel_id].append(person)
    columns = (Column("guest", _("Guest"), 2.6), Column("delegation", _("Delegation"), 2.0),
               Column("category", _("Category"), 1.4),
               Column("check_in", pgettext("hotel", "Check-in"), 1.0, ltr=True),
               Column("check_out", pgettext("hotel", "Check-out"), 1.0, ltr=True),
               Column("nights", _("Nights"), 0.6, numeric=True))
    sections = []
    for hotel in hotels:
        rows = []
        for person in sorted(guests.get(hotel.id, []), key=by_family_name):
            check_in, check_out = stay(event, person)
            nights = (check_out - check_in).days if check_in and check_out and check_out > check_in else ""
            rows.append((display_name(person), delegation_name(person, language), person.category.label(language),
                         check_in.isoformat() if check_in else "", check_out.isoformat() if check_out else "",
                         nights))
        used = len(rows)
        facts = [x for x in (hotel.address, hotel.phone) if x]
        if hotel.rooms_blocked is not None:
            facts.append(_("Rooms blocked: %(n)d", n=hotel.rooms_blocked))
        facts.append(_("Rooms used: %(n)d", n=used))
        if hotel.rooms_blocked is not None and used > hotel.rooms_blocked:
            facts.append(_("%(n)d more than blocked", n=used - hotel.rooms_blocked))
        elif hotel.rooms_blocked is not None:
            facts.append(_("%(n)d free", n=hotel.rooms_blocked - used))
        facts.append(_("Room nights: %(n)d", n=sum(r[5] for r in rows if r[5] != "")))
        sections.append(Section(title=hotel.name, columns=columns, rows=tuple(rows), group=(hotel.name,),
                                facts=tuple(facts)))
    return _sheet(
        event, language, include_submitted, name="rooming", title=_("Rooming lists"),
        rule=_("One room per guest. Check-in is the day of arrival and check-out the day of departure, on the "
               "event's clock; a guest who has not given their travel yet has no dates."),
        group_keys=("hotel",), sections=tuple(sections),
        empty=_("No hotel has a guest yet.") if hotels else _("The event has no hotel yet."))


# -- catering -------------------------------------------------------------------------------------------------

def dietary_labels() -> dict[str, str]:
    return {"none": _("No special need"), "vegetarian": _("Vegetarian"), "vegan": _("Vegan"),
            "gluten_free": _("Gluten free"), "halal": _("Halal"), "kosher": _("Kosher"), "other": _("Other")}


def present_on(stay: tuple[date | None, date | None], day: date) -> bool:
    """In town that day: from the arrival day to the departure day; a missing date stretches to the event's
    first or last day, so a person without travel counts on every day of the event."""
    arrival, departure = stay
    return (arrival is None or arrival <= day) and (departure is None or day <= departure)


def catering_sheet(event: Event, language: str, include_submitted: bool = False) -> Sheet:
    """For each day of the event, how many people of each dietary need are in town; the 'other' needs
    written out."""
    people = db.session.execute(select(Participant.id, Participant.dietary, Participant.dietary_other)
                                .where(listed(event, include_submitted))).all()
    stays: dict[int, list] = defaultdict(lambda: [None, None])
    for t in travels_of(event, include_submitted):
        stays[t.participant_id][0 if t.direction == "arrival" else 1] = event.local(t.at).date()
    labels = dietary_labels()
    columns = (Column("need", _("Dietary need"), 1.6), Column("people", _("People"), 0.7, numeric=True),
               Column("details", _("Details"), 4.0))
    summary_columns = (Column("day", _("Day"), 2.2),
                       *(Column(need, labels[need], 1.0, numeric=True) for need in DIETARY),
                       Column("total", _("Total"), 0.9, numeric=True))
    sections, summary = [], []
    for day in event_days(event):
        here = [p for p in people if present_on(stays.get(p.id, (None, None)), day)]
        counts = Counter(p.dietary for p in here)
        others = Counter((p.dietary_other or "").strip() or _("not described") for p in here if p.dietary == "other")
        details = "; ".join(f"{text} ({n})" if n > 1 else text
                            for text, n in sorted(others.items(), key=lambda x: (-x[1], fold(x[0]))))
        rows = tuple((labels[need], counts[need], details if need == "other" else "") for need in DIETARY)
        rows += ((_("Total"), len(here), ""),)
        label = day_label(day, language)
        sections.append(Section(title=label, columns=columns, rows=rows, group=(day.isoformat(),)))
        summary.append((label, *(counts[need] for need in DIETARY), len(here)))
    if summary:
        sections.insert(0, Section(title=_("All days"), columns=summary_columns, rows=tuple(summary), in_csv=False))
    return _sheet(
        event, language, include_submitted, name="catering", title=_("Catering by day and dietary need"),
        rule=_("A person counts on every day from the day of their arrival to the day of their departure, both "
               "included. A person whose arrival or departure is not known counts from the event's first day "
               "or to its last day; a person without any travel counts on every day."),
        group_keys=("date",), sections=tuple(sections), landscape=True,
        empty=_("Nobody is on the list yet."))


# -- accessibility --------------------------------------------------------------------------------------------

def confirmed_seats(event: Event, include_submitted: bool, participant_ids: set[int]) -> list[Assignment]:
    """The confirmed seats of these people, in time order, with their session and room."""
    query = (select(Assignment)
             .join(ConferenceSession, Assignment.session_id == ConferenceSession.id)
             .join(Participant, Assignment.participant_id == Participant.id)
             .where(ConferenceSession.event_id == event.id, Assignment.status == "confirmed",
                    Participant.status.in_(statuses(include_submitted)), Participant.id.in_(participant_ids))
             .options(selectinload(Assignment.session).selectinload(ConferenceSession.room))
             .order_by(ConferenceSession.starts_at, ConferenceSession.id))
    return list(db.session.scalars(query))


def accessibility_sheet(event: Event, language: str, include_submitted: bool = False) -> Sheet:
    """Who needs what, their delegation and the sessions they are assigned to (to prepare each room)."""
    people = [p for p in participants(event, include_submitted) if (p.accessibility or "").strip()]
    wanted = {p.id for p in people}
    sessions: dict[int, list[str]] = defaultdict(list)
    if wanted:
        for seat in confirmed_seats(event, include_submitted, wanted):
            s = seat.session
            room = f", {s.room.name}" if s.room else ""
            sessions[seat.participant_id].append(
                f"{s.translated('title', language)} ({event.local(s.starts_at):%d.%m %H:%M}{room})")
    columns = (Column("name", _("Name"), 1.7), Column("delegation", _("Delegation"), 1.3),
               Column("category", _("Category"), 1.1), Column("need", _("Need"), 2.2),
               Column("sessions", _("Sessions assigned"), 6.0))
    rows = tuple((display_name(p), delegation_name(p, language), p.category.label(language), p.accessibility.strip(),
                  "; ".join(sessions.get(p.id, ()))) for p in sorted(people, key=by_delegation_and_name(language)))
    return _sheet(
        event, language, include_submitted, name="accessibility", title=_("Accessibility needs"),
        rule=_("Everyone who described an accessibility need, by delegation, with the sessions where they have a "
               "confirmed seat (day, time and room)."),
        group_keys=(), sections=(Section(title=_("Accessibility needs"), columns=columns, rows=rows),),
        landscape=True, empty=_("Nobody has described an accessibility need."))


# -- interpretation -------------------------------------------------------------------------------------------

def interpretation_sheet(event: Event, language: str, include_submitted: bool = False) -> Sheet:
    """For each session, its confirmed attendees by interpretation language: how many receivers on each channel."""
    listening: dict[int, Counter] = defaultdict(Counter)
    query = (select(Assignment.session_id, Participant.interpretation_language, func.count())
             .join(ConferenceSession, Assignment.session_id == ConferenceSession.id)
             .join(Participant, Assignment.participant_id == Participant.id)
             .where(ConferenceSession.event_id == event.id, Assignment.status == "confirmed",
                    Participant.status.in_(statuses(include_submitted)))
             .group_by(Assignment.session_id, Participant.interpretation_language))
    for session_id, code, count in db.session.execute(query):
        listening[session_id][code or ""] += count
    columns = (Column("channel", _("Channel"), 2.0), Column("receivers", _("Receivers"), 0.8, numeric=True),
               Column("note", _("Note"), 2.4))
    sections = []
    for s in programme.sessions_of(event):
        counts = listening.get(s.id, Counter())
        offered = [x for x in (s.room.interpretation_languages or "").split(",") if x] if s.room else []
        rows = [(language_name(code, language), counts[code], "" if code in offered else _("not offered in this room"))
                for code in LANGUAGES if counts[code]]
        if counts:
            rows.append((_("No interpretation asked"), counts[""], ""))
            rows.append((_("Receivers needed"), sum(counts[code] for code in offered), ""))
        starts, ends = event.local(s.starts_at), event.local(s.ends_at)
        facts = [f"{day_label(starts.date(), language)}, {starts:%H:%M}–{ends:%H:%M}"]
        if s.room:
            facts.append(s.room.name)
            facts.append(_("Channels in the room: %(channels)s",
                           channels=", ".join(language_name(code, language) for code in offered) or _("none")))
        facts.append(ngettext("%(num)d person assigned", "%(num)d people assigned", sum(counts.values())))
        sections.append(Section(title=s.translated("title", language) or "", columns=columns, rows=tuple(rows),
                                group=(str(s.id), f"{starts:%Y-%m-%d %H:%M}"), facts=tuple(facts)))
    return _sheet(
        event, language, include_submitted, name="interpretation", title=_("Interpretation receivers"),
        rule=_("For each session, the people with a confirmed seat (whatever their role) by the language they "
               "asked to hear. A receiver is needed for each person whose language is a channel of the room."),
        group_keys=("session_id", "starts"), sections=tuple(sections),
        empty=_("The programme has no session yet."))


# -- one entry point ------------------------------------------------------------------------------------------

def build_sheet(name: str, event: Event, language: str, include_submitted: bool = False, **options) -> Sheet:
    """The sheet called ``name`` (one of :data:`SHEETS`), its labels in ``language``."""
    with force_locale(language):
        if name in ("arrivals", "departures"):
            return movements_sheet(event, language, name[:-1], include_submitted)
        if name == "transfers":
            return transfers_sheet(event, language, include_submitted, options.get("direction"))
        builders = {"rooming": rooming_sheet, "catering": catering_sheet, "accessibility": accessibility_sheet,
                    "interpretation": interpretation_sheet}
        return builders[name](event, language, include_submitted)


@dataclass(frozen=True)
class Overview:
    people: int
    arrivals: int
    departures: int
    transfers: int
    hotels: list[tuple[Hotel, int]]  # (hotel, guests)
    without_hotel: int
    dietary: int
    accessibility: int
    interpretation: int


def overview(event: Event, include_submitted: bool = False) -> Overview:
    """The figures of the logistics page's overview (a fixed number of queries, whatever the numbers)."""
    who = listed(event, include_submitted)

    def counted(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    people, without_hotel, dietary, accessibility, interpretation = db.session.execute(
        select(func.count(), counted(Participant.hotel_id.is_(None)), counted(Participant.dietary != "none"),
               counted(func.coalesce(func.trim(Participant.accessibility), "") != ""),
               counted(Participant.interpretation_language.is_not(None)))
        .select_from(Participant).where(who)).one()
    travels = dict(db.session.execute(select(Travel.direction, func.count()).join(
        Participant, Travel.participant_id == Participant.id).where(who).group_by(Travel.direction)).all())
    transfers = db.session.scalar(
        select(func.count(func.distinct(Travel.participant_id))).join(
            Participant, Travel.participant_id == Participant.id).where(who, Travel.needs_transfer.is_(True)))
    guests = dict(db.session.execute(select(Participant.hotel_id, func.count()).where(
        who, Participant.hotel_id.is_not(None)).group_by(Participant.hotel_id)).all())
    hotels = list(db.session.scalars(select(Hotel).where(Hotel.event_id == event.id).order_by(Hotel.name)))
    return Overview(
        people=people, arrivals=travels.get("arrival", 0), departures=travels.get("departure", 0),
        transfers=transfers, hotels=[(h, guests.get(h.id, 0)) for h in hotels], without_hotel=without_hotel,
        dietary=dietary, accessibility=accessibility, interpretation=interpretation)


def sheet_titles() -> dict[str, tuple[str, str]]:
    """Each list's name and what it is for, in the page's language."""
    return {
        "arrivals": (_("Arrivals"), _("By day and hour, with flights and airports: for planning the shuttles.")),
        "departures": (_("Departures"), _("By day and hour, with flights and airports: for planning the shuttles.")),
        "transfers": (_("Transfer manifests"), _("Per airport and hour: who, flight, hotel and phone, for the "
                                                 "drivers.")),
        "rooming": (_("Rooming lists"), _("Per hotel: guests, check-in and check-out, nights; rooms blocked "
                                          "against rooms used.")),
        "catering": (_("Catering"), _("For each day of the event, how many people of each dietary need.")),
        "accessibility": (_("Accessibility needs"), _("Who needs what, and the sessions they are assigned to.")),
        "interpretation": (_("Interpretation receivers"), _("For each session, how many receivers on each "
                                                             "language channel.")),
    }
