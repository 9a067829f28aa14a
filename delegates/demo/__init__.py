"""The demo event: the 81st INTERPOL General Assembly, Rome, 5–8 November 2012.

The programme, the figures and the people named in INTERPOL's press release of
5 November 2012 are as it tells them; everybody else is generated, realistic
for their country and the same on every run.
"""
from __future__ import annotations

import random
import time

from sqlalchemy import func, select

from delegates.demo import delegations, event, logistics, programme
from delegates.demo.declaration import add_declaration
from delegates.demo.membership import member_alpha2
from delegates.demo.names import NameMaker
from delegates.demo.people import PeopleBuilder
from delegates.extensions import db
from delegates.registration.countries import load_countries
from delegates.registration.models import Country, Event

SEED = 81


class DemoError(Exception):
    """The demo cannot be loaded (an event with its slug exists)."""


def load_demo(slug: str = "ga81") -> dict:
    """Add the demo event and everything in it; flushes, the caller commits.

    Returns a summary: participants, countries (country delegations), ministers,
    observers (observer delegations), sessions, and the seconds it took.
    """
    started = time.perf_counter()
    if db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        raise DemoError(f"An event with the slug '{slug}' already exists; the demo was not loaded again.")
    if not db.session.scalar(select(func.count()).select_from(Country)):
        load_countries()
    rng = random.Random(SEED)
    names = NameMaker(rng, SEED)
    countries = {c.alpha2: c for c in db.session.scalars(select(Country))}
    members = member_alpha2()

    demo = event.add_event(slug)
    categories = event.add_categories(demo)
    event.add_members(demo, [countries[a2].alpha3 for a2 in members], {a2: countries[a2].alpha3 for a2 in members})
    rooms, hotels = event.add_rooms_and_hotels(demo)
    attending = delegations.choose_countries(members, rng)
    with_minister = delegations.choose_minister_countries(attending, rng)
    groups = delegations.add_delegations(demo, [countries[a2] for a2 in attending], with_minister, rng, names)
    db.session.flush()

    builder = PeopleBuilder(demo, categories, groups, countries, rng, names)
    people = builder.build()
    logistics.assign_hotels(people, hotels, rng)
    db.session.add_all(p.participant for p in people)
    sessions = programme.add_sessions(demo, rooms, categories)
    add_declaration(demo)
    db.session.flush()

    for delegation in [*groups.countries.values(), *groups.observers.values()]:
        delegation.head_id = builder.heads[delegation].participant.id
    demo.last_badge_number = len(people)
    logistics.add_travel(people, rng)
    programme.assign(sessions, people, rng)
    db.session.flush()
    return {
        "participants": len(people),
        "countries": len(groups.countries),
        "ministers": sum(p.category == "Minister" for p in people),
        "observers": len(groups.observers),
        "sessions": len(sessions),
        "seconds": round(time.perf_counter() - started, 2),
    }
