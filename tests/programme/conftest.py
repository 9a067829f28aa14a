"""A small programme on the ``event`` fixture (Rome, 5–8 November 2012), and people to seat in it."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from delegates.extensions import db

ROME = ZoneInfo("Europe/Rome")


def rome(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2012, 11, day, hour, minute, tzinfo=ROME)


@dataclass(frozen=True)
class Person:
    id: int
    token: str
    name: str


@pytest.fixture
def programme(app, event) -> dict[str, int]:
    """Rooms and sessions; returns the sessions' ids by code.

    - ``ministerial``: Ministerial Room, 5 Nov 10:30–13:00, 10 seats, Ministers and Heads of Delegation only
    - ``panel-terrorism``: Room A, 6 Nov 14:30–15:50, 3 seats
    - ``panel-police``: Room B, 6 Nov 15:00–16:00 (overlaps the panel in Room A), 3 seats
    - ``plenary``: Plenary Hall, 7 Nov 09:30–12:30, 50 seats
    """
    from delegates.programme.models import ConferenceSession, Room
    from delegates.registration.models import Category

    with app.app_context():
        rooms = {name: Room(event_id=event.id, name=name, capacity=capacity, booths=4,
                            interpretation_languages="ar,en,es,fr")
                 for name, capacity in (("Ministerial Room", 10), ("Room A", 3), ("Room B", 3), ("Plenary Hall", 50))}
        db.session.add_all(rooms.values())
        db.session.flush()
        leaders = list(db.session.scalars(select(Category).where(
            Category.id.in_([event.categories["Minister"], event.categories["Head of Delegation"]]))))
        sessions = {
            "ministerial": ConferenceSession(
                event_id=event.id, code="ministerial", kind="ministerial", title="Ministerial meeting",
                translations={"fr": {"title": "Réunion ministérielle"}, "ar": {"title": "الاجتماع الوزاري"}},
                room_id=rooms["Ministerial Room"].id, starts_at=rome(5, 10, 30), ends_at=rome(5, 13), capacity=10,
                allowed_categories=leaders),
            "panel-terrorism": ConferenceSession(
                event_id=event.id, code="panel-terrorism", kind="panel", title="Terrorist violence",
                translations={"fr": {"title": "La violence terroriste"}, "es": {"title": "La violencia terrorista"}},
                room_id=rooms["Room A"].id, starts_at=rome(6, 14, 30), ends_at=rome(6, 15, 50), capacity=3),
            "panel-police": ConferenceSession(
                event_id=event.id, code="panel-police", kind="panel", title="The role for police",
                translations={"fr": {"title": "Le rôle de la police"}},
                room_id=rooms["Room B"].id, starts_at=rome(6, 15), ends_at=rome(6, 16), capacity=3),
            "plenary": ConferenceSession(
                event_id=event.id, code="plenary", kind="plenary", title="First plenary session",
                translations={"fr": {"title": "Première séance plénière"}},
                room_id=rooms["Plenary Hall"].id, starts_at=rome(7, 9, 30), ends_at=rome(7, 12, 30), capacity=50),
        }
        db.session.add_all(sessions.values())
        db.session.commit()
        return {code: s.id for code, s in sessions.items()}


@pytest.fixture
def people(app, event, new_participant):
    """``people(n, category="Delegate", status="accredited", **columns)``: n participants saved; list of Person."""
    from delegates.registration.services import new_private_token

    numbers = itertools.count(1)

    def create(n: int = 1, category: str = "Delegate", status: str = "accredited", **columns) -> list[Person]:
        made = []
        with app.app_context():
            rows = []
            for _ in range(n):
                k = next(numbers)
                token, token_hash, token_seed = new_private_token()
                values = {"given_name": f"{category[:4]}{k}", "family_name": f"Person {category} {k}",
                          "badge_name": f"{category} Person {k}",
                          "email": f"{category.lower().replace(' ', '-')}-{k}@example.org"}
                row = new_participant(category_id=event.categories[category], status=status, token_hash=token_hash,
                                      token_seed=token_seed,
                                      **(values | columns))
                rows.append((row, token))
            db.session.add_all([r for r, _t in rows])
            db.session.commit()
            made = [Person(r.id, t, r.full_name) for r, t in rows]
        return made

    return create


@pytest.fixture
def seat(app):
    """``seat(person, code_or_id, **options)``: ``assignments.assign`` in its own transaction; returns the status,
    or the error's code when it refuses."""
    from delegates.programme import assignments
    from delegates.programme.models import ConferenceSession
    from delegates.registration.models import Participant

    def assign(person: Person, session_id: int, role: str = "attendee", **options) -> str:
        with app.app_context():
            try:
                result = assignments.assign(db.session.get(Participant, person.id),
                                            db.session.get(ConferenceSession, session_id), role, **options)
                db.session.commit()
                return result.status
            except assignments.AssignmentError as error:
                db.session.rollback()
                return error.code

    return assign


@pytest.fixture
def seats_of(app):
    """``seats_of(session_id)``: (assigned, confirmed rows, waiting list as participant ids in order)."""
    from delegates.programme.assignments import waiting_list
    from delegates.programme.models import Assignment, ConferenceSession

    def read(session_id: int):
        with app.app_context():
            session = db.session.get(ConferenceSession, session_id)
            confirmed = db.session.scalar(select(db.func.count()).select_from(Assignment).where(
                Assignment.session_id == session_id, Assignment.status == "confirmed"))
            return session.assigned, confirmed, [a.participant_id for a in waiting_list(session)]

    return read
