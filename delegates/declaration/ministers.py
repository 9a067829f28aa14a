"""The ministers, as the protocol officer follows them: registered, accredited, arrived, present today,
at the ministerial meeting and each panel; counts by region.

A fixed number of queries whatever the number of participants: the ministers (one query with their
category, delegation and country), their attendance rows (one), the sessions that count (one).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from delegates.checkin.models import Attendance
from delegates.extensions import db
from delegates.programme.models import ConferenceSession
from delegates.registration.models import REGIONS, Category, Delegation, Event, Participant
from delegates.registration.search import fold

MINISTERIAL_CODE = "ministerial"
ACTIVE = ("submitted", "accredited")
FIGURES = ("registered", "accredited", "arrived", "present", "ministerial")


@dataclass
class MinisterLine:
    id: int
    name: str
    country: str
    region: str | None
    status: str
    accredited: bool
    arrived: bool
    present: bool
    ministerial: bool
    panels: list[int]


@dataclass
class MinistersReport:
    day: date
    ministerial: ConferenceSession | None
    panels: list[ConferenceSession]
    ministers: list[MinisterLine]
    # region -> figure -> count; the region None holds ministers of observer organisations
    regions: dict[str | None, Counter] = field(default_factory=dict)
    totals: Counter = field(default_factory=Counter)


def ministerial_meeting(sessions: list[ConferenceSession]) -> ConferenceSession | None:
    """The session coded "ministerial", else the first ministerial session."""
    ministerial = [s for s in sessions if s.kind == "ministerial"]
    coded = [s for s in ministerial if s.code == MINISTERIAL_CODE]
    return (coded or ministerial or [None])[0]


def report(event: Event, day: date, language: str) -> MinistersReport:
    ministers = db.session.scalars(
        select(Participant).join(Participant.category).outerjoin(Participant.delegation)
        .outerjoin(Delegation.country)
        .where(Participant.event_id == event.id, Category.is_minister.is_(True))
        .options(contains_eager(Participant.category),
                 contains_eager(Participant.delegation).contains_eager(Delegation.country))
    ).unique().all()
    sessions = list(db.session.scalars(
        select(ConferenceSession).where(ConferenceSession.event_id == event.id,
                                        ConferenceSession.kind.in_(("ministerial", "panel")))
        .order_by(ConferenceSession.starts_at, ConferenceSession.id)))
    ministerial = ministerial_meeting(sessions)
    panels = [s for s in sessions if s.kind == "panel"]
    places = {"entrance"} | {f"session:{s.id}" for s in ([ministerial] if ministerial else []) + panels}
    seen: dict[int, set[str]] = {}
    today: set[int] = set()
    rows = db.session.execute(
        select(Attendance.participant_id, Attendance.place, Attendance.day)
        .join(Participant, Attendance.participant_id == Participant.id).join(Participant.category)
        .where(Attendance.event_id == event.id, Category.is_minister.is_(True), Attendance.place.in_(places)))
    for participant_id, place, when in rows:
        seen.setdefault(participant_id, set()).add(place)
        if place == "entrance" and when == day:
            today.add(participant_id)

    lines = []
    for person in ministers:
        places_seen = seen.get(person.id, set())
        delegation = person.delegation
        lines.append(MinisterLine(
            id=person.id,
            name=" ".join(x for x in (person.title, person.full_name) if x),
            country=delegation.name(language) if delegation else "",
            region=delegation.country.region if delegation and delegation.country else None,
            status=person.status,
            accredited=person.status == "accredited",
            arrived="entrance" in places_seen,
            present=person.id in today,
            ministerial=ministerial is not None and f"session:{ministerial.id}" in places_seen,
            panels=[s.id for s in panels if f"session:{s.id}" in places_seen],
        ))
    lines.sort(key=lambda line: (fold(line.country), fold(line.name)))

    regions: dict[str | None, Counter] = {region: Counter() for region in REGIONS}
    totals: Counter = Counter()
    for line in lines:
        figures = Counter(registered=line.status in ACTIVE, accredited=line.accredited, arrived=line.arrived,
                          present=line.present, ministerial=line.ministerial)
        regions.setdefault(line.region, Counter()).update(figures)
        totals.update(figures)
    return MinistersReport(day=day, ministerial=ministerial, panels=panels, ministers=lines,
                           regions=regions, totals=totals)

