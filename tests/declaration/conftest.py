"""People who may (and may not) sign, a declaration open since yesterday, the ministerial meeting and two
panels, on the ``event`` fixture; and a way to say someone went through a door (Attendance rows)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from declaration_world import TEXTS, rome, rome_today

from delegates.extensions import db


@dataclass(frozen=True)
class World:
    declaration: int
    people: dict[str, int]
    sessions: dict[str, int]
    delegations: dict[str, int]


# key: (country, category, status, given name, family name)
PEOPLE = {
    "ita_minister": ("ITA", "Minister", "accredited", "Anna Maria", "Cancellieri"),
    "ita_head": ("ITA", "Head of Delegation", "accredited", "Antonio", "Manganelli"),
    "ita_delegate": ("ITA", "Delegate", "accredited", "Giulia", "Rossi"),
    "fra_minister": ("FRA", "Minister", "accredited", "Manuel", "Valls"),
    "fra_minister_pending": ("FRA", "Minister", "submitted", "Christiane", "Taubira"),
    "esp_minister": ("ESP", "Minister", "accredited", "Jorge", "Fernández Díaz"),
}


@pytest.fixture
def world(app, event) -> World:
    """Delegations of Italy, France and Spain (and Germany, with nobody who may sign); the people of PEOPLE;
    a declaration in four languages open since yesterday; the ministerial meeting, the adoption of the
    declaration (also ministerial) and two panels."""
    from delegates.declaration.models import Declaration, DeclarationText
    from delegates.programme.models import ConferenceSession
    from delegates.registration.models import Delegation, Participant
    from delegates.registration.services import new_private_token

    with app.app_context():
        delegations = dict(event.delegations)
        for code in ("ESP", "DEU"):
            row = Delegation(event_id=event.id, kind="country", country_code=code)
            db.session.add(row)
            db.session.flush()
            delegations[code] = row.id
        people = {}
        for key, (country, category, status, given, family) in PEOPLE.items():
            row = Participant(event_id=event.id, delegation_id=delegations[country],
                              category_id=event.categories[category], status=status, given_name=given,
                              family_name=family, badge_name=f"{given} {family}", email=f"{key}@example.org",
                              token_hash=new_private_token()[1])
            db.session.add(row)
            db.session.flush()
            people[key] = row.id
        declaration = Declaration(event_id=event.id, code="rome-2012", title=TEXTS["en"][0],
                                  opens_at=datetime.now().astimezone() - timedelta(days=1))
        declaration.texts = [DeclarationText(language=lang, version=1, title=title, body=body)
                             for lang, (title, body) in TEXTS.items()]
        sessions = {
            "ministerial": ConferenceSession(event_id=event.id, code="ministerial", kind="ministerial",
                                             title="Ministerial meeting", starts_at=rome(5, 10, 30),
                                             ends_at=rome(5, 13), capacity=100),
            "declaration": ConferenceSession(event_id=event.id, code="declaration", kind="ministerial",
                                             title="Adoption of the declaration", starts_at=rome(5, 9),
                                             ends_at=rome(5, 10), capacity=100),
            "panel-terrorism": ConferenceSession(event_id=event.id, code="panel-terrorism", kind="panel",
                                                 title="Terrorist violence",
                                                 translations={"fr": {"title": "La violence terroriste"}},
                                                 starts_at=rome(5, 14, 30), ends_at=rome(5, 15, 50), capacity=100),
            "panel-police": ConferenceSession(event_id=event.id, code="panel-police", kind="panel",
                                              title="The role for police", starts_at=rome(5, 16),
                                              ends_at=rome(5, 17, 20), capacity=100),
        }
        db.session.add(declaration)
        db.session.add_all(sessions.values())
        db.session.commit()
        return World(declaration=declaration.id, people=people, sessions={k: s.id for k, s in sessions.items()},
                     delegations=delegations)


@pytest.fixture
def attend(app, event):
    """``attend(participant_id, place="entrance", day=today in Rome)``: an Attendance row, as a scan makes."""

    def add(participant_id: int, place: str = "entrance", day: date | None = None) -> None:
        from delegates.checkin.models import Attendance

        session_id = int(place.split(":", 1)[1]) if place.startswith("session:") else None
        with app.app_context():
            db.session.add(Attendance(event_id=event.id, participant_id=participant_id, place=place,
                                      session_id=session_id, day=day or rome_today(), source="scan"))
            db.session.commit()

    return add


@pytest.fixture
def add_person(app, event):
    """``add_person(country, category="Minister", status="accredited")``: one more participant; returns its id."""
    numbers = itertools.count(1)

    def add(country: str, category: str = "Minister", status: str = "accredited", **columns) -> int:
        from sqlalchemy import select

        from delegates.registration.models import Delegation, Participant
        from delegates.registration.services import new_private_token

        n = next(numbers)
        with app.app_context():
            delegation = db.session.scalar(select(Delegation).where(Delegation.event_id == event.id,
                                                                    Delegation.country_code == country))
            if delegation is None:
                delegation = Delegation(event_id=event.id, kind="country", country_code=country)
                db.session.add(delegation)
                db.session.flush()
            values = {"given_name": "Person", "family_name": f"{country} {n}", "badge_name": f"Person {country} {n}",
                      "email": f"person.{country.lower()}.{n}@example.org"}
            values.update(columns)
            row = Participant(event_id=event.id, delegation_id=delegation.id, category_id=event.categories[category],
                              status=status, token_hash=new_private_token()[1], **values)
            db.session.add(row)
            db.session.commit()
            return row.id

    return add


@pytest.fixture
def api_token(app, event):
    """``api_token(role)``: a new bearer token of that role for the event."""

    def create(role: str) -> str:
        from delegates.admin.services import create_api_token
        from delegates.registration.models import Event

        with app.app_context():
            _, token = create_api_token(db.session.get(Event, event.id), role, f"{role} device")
            db.session.commit()
            return token

    return create
