"""Badges to scan, a small programme to scan them at, and scanning devices, on the ``event`` fixture (Rome)."""
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
class Badge:
    participant_id: int
    code: str  # what the QR code holds
    number: int
    name: str


@pytest.fixture
def badge(app, event, new_participant):
    """``badge(category="Delegate", status="accredited", **columns)``: a saved participant with a badge number;
    returns a Badge (its current code, its number)."""
    from delegates.badges.codes import code_for

    numbers = itertools.count(1)

    def make(category: str = "Delegate", status: str = "accredited", **columns) -> Badge:
        n = next(numbers)
        with app.app_context():
            values = {"badge_name": f"{category} Bearer {n}"}
            if status == "rejected":
                values["rejection_reason"] = "Not a delegate"
            row = new_participant(category_id=event.categories[category], status=status, badge_number=n,
                                  **(values | columns))
            db.session.add(row)
            db.session.commit()
            return Badge(row.id, code_for(row), n, row.badge_name)

    return make


@pytest.fixture
def sessions(app, event) -> dict[str, int]:
    """``ministerial`` (5 Nov, Ministers and Heads of Delegation only) and ``panel`` (6 Nov, open to all)."""
    from delegates.programme.models import ConferenceSession
    from delegates.registration.models import Category

    with app.app_context():
        leaders = list(db.session.scalars(select(Category).where(
            Category.id.in_([event.categories["Minister"], event.categories["Head of Delegation"]]))))
        rows = {
            "ministerial": ConferenceSession(event_id=event.id, code="ministerial", kind="ministerial",
                                             title="Ministerial meeting", starts_at=rome(5, 10, 30),
                                             ends_at=rome(5, 13), capacity=10, allowed_categories=leaders),
            "panel": ConferenceSession(event_id=event.id, code="panel-terrorism", kind="panel",
                                       title="Terrorist violence", starts_at=rome(6, 14, 30), ends_at=rome(6, 16),
                                       capacity=30),
        }
        db.session.add_all(rows.values())
        db.session.commit()
        return {code: s.id for code, s in rows.items()}


@pytest.fixture
def seat(app):
    """``seat(badge, session_id, role="attendee")``: a confirmed assignment, written directly."""
    from delegates.programme.models import Assignment, ConferenceSession

    def add(b: Badge, session_id: int, role: str = "attendee") -> None:
        with app.app_context():
            db.session.add(Assignment(session_id=session_id, participant_id=b.participant_id, role=role,
                                      status="confirmed"))
            session = db.session.get(ConferenceSession, session_id)
            session.assigned += 1
            db.session.commit()

    return add


@pytest.fixture
def device(app, event):
    """``device(role="checkin", name=...)``: a new API token for the event; returns (token id, bearer token)."""
    from delegates.admin.services import create_api_token
    from delegates.registration.models import Event

    names = itertools.count(1)

    def create(role: str = "checkin", name: str | None = None) -> tuple[int, str]:
        with app.app_context():
            row, token = create_api_token(db.session.get(Event, event.id), role, name or f"Door {next(names)}")
            db.session.commit()
            return row.id, token

    return create


@pytest.fixture
def scan_at(app, event):
    """``scan_at(code, place="entrance", **options)``: services.scan in a transaction of its own; returns
    (result, reason, participant id, first scan time)."""
    from delegates.checkin import services
    from delegates.registration.models import Event

    def read(code: str, place: str = "entrance", **options):
        with app.app_context():
            answer = services.scan(db.session.get(Event, event.id), code, place, **options)
            db.session.commit()
            return (answer.result, answer.reason, answer.participant.id if answer.participant else None,
                    answer.first_scan_at)

    return read


@pytest.fixture
def count_rows(app):
    """``count_rows(Model, **where)``: how many rows match."""

    def count(model, **where) -> int:
        with app.app_context():
            query = select(db.func.count()).select_from(model)
            for name, value in where.items():
                query = query.where(getattr(model, name) == value)
            return db.session.scalar(query)

    return count
