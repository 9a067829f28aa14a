"""Many people asking for the last seats at the same moment: the session never holds more than its capacity.

Each request runs in a thread of its own, with its own application context, database session and
connection, as the app server's threads (or processes) do; on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import update

from delegates.extensions import db
from delegates.programme import assignments
from delegates.programme.models import ConferenceSession
from delegates.registration.models import Participant

REQUESTS = 100
FREE_SEATS = 20


def ask_at_once(app, person_ids: list[int], session_id: int, **options) -> Counter:
    """Every person asks for a seat at the same moment; returns how the answers were spread."""
    start = threading.Barrier(len(person_ids))
    answers: list[str] = []
    lock = threading.Lock()

    def ask(person_id: int) -> None:
        with app.app_context():
            start.wait()
            try:
                result = assignments.assign(db.session.get(Participant, person_id),
                                            db.session.get(ConferenceSession, session_id), **options)
                db.session.commit()
                answer = result.status
            except assignments.AssignmentError as error:
                db.session.rollback()
                answer = error.code
            finally:
                db.session.remove()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=ask, args=(pid,)) for pid in person_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    return Counter(answers)


def a_session_with_free_seats(app, session_id: int, capacity: int, free: int) -> None:
    with app.app_context():
        db.session.execute(update(ConferenceSession).where(ConferenceSession.id == session_id)
                           .values(capacity=capacity, assigned=capacity - free))
        db.session.commit()


def test_a_hundred_simultaneous_requests_for_twenty_free_seats_seat_exactly_twenty(app, programme, people, seats_of):
    plenary = programme["plenary"]
    a_session_with_free_seats(app, plenary, capacity=FREE_SEATS, free=FREE_SEATS)
    crowd = [p.id for p in people(REQUESTS)]

    answers = ask_at_once(app, crowd, plenary)

    assert answers == Counter({"confirmed": FREE_SEATS, "full": REQUESTS - FREE_SEATS})
    assert seats_of(plenary)[:2] == (FREE_SEATS, FREE_SEATS)


def test_those_who_do_not_fit_are_queued_when_they_ask_for_the_waiting_list(app, programme, people, seats_of):
    plenary = programme["plenary"]
    a_session_with_free_seats(app, plenary, capacity=50, free=FREE_SEATS)
    crowd = [p.id for p in people(REQUESTS)]

    answers = ask_at_once(app, crowd, plenary, waitlist=True)

    assert answers == Counter({"confirmed": FREE_SEATS, "waitlisted": REQUESTS - FREE_SEATS})
    assigned, confirmed, waiting = seats_of(plenary)
    assert assigned == 50 and confirmed == FREE_SEATS and len(waiting) == REQUESTS - FREE_SEATS


def test_the_same_person_asking_many_times_at_once_gets_one_seat(app, programme, people, seats_of):
    [person] = people(1)
    answers = ask_at_once(app, [person.id] * 20, programme["plenary"])
    assert answers["confirmed"] == 1 and answers["already"] == 19
    assert seats_of(programme["plenary"])[:2] == (1, 1)


def test_simultaneous_api_requests_never_overbook(app, event, programme, people, seats_of):
    from delegates.admin.services import create_api_token
    from delegates.registration.models import Event

    plenary = programme["plenary"]
    a_session_with_free_seats(app, plenary, capacity=10, free=10)
    crowd = [p.id for p in people(40)]
    with app.app_context():
        _row, token = create_api_token(db.session.get(Event, event.id), "programme", "door tablet")
        db.session.commit()
    start = threading.Barrier(len(crowd))
    statuses: list[tuple[int, str]] = []
    lock = threading.Lock()

    def post(person_id: int) -> None:
        client = app.test_client()
        start.wait()
        response = client.post(f"/api/v1/events/{event.slug}/sessions/{plenary}/assignments",
                               json={"participant_id": person_id}, headers={"Authorization": f"Bearer {token}"})
        body = response.get_json()
        with lock:
            statuses.append((response.status_code, body.get("error") or body.get("status")))

    threads = [threading.Thread(target=post, args=(pid,)) for pid in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert Counter(statuses) == Counter({(201, "confirmed"): 10, (409, "full"): 30})
    assert seats_of(plenary)[:2] == (10, 10)


def test_one_person_asked_into_two_overlapping_panels_at_once_gets_only_one(app, programme, people, seats_of):
    from delegates.programme.models import Assignment

    [person] = people(1)
    panels = [programme["panel-terrorism"], programme["panel-police"]]
    start = threading.Barrier(10)
    answers: list[str] = []

    def ask(session_id: int) -> None:
        with app.app_context():
            start.wait()
            try:
                assignments.assign(db.session.get(Participant, person.id),
                                   db.session.get(ConferenceSession, session_id))
                db.session.commit()
                answers.append("confirmed")
            except assignments.AssignmentError as error:
                db.session.rollback()
                answers.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ask, args=(panels[n % 2],)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers.count("confirmed") == 1
    assert set(answers) <= {"confirmed", "already", "conflict"}
    with app.app_context():
        held = db.session.scalars(db.select(Assignment.session_id).where(Assignment.participant_id == person.id)).all()
    assert len(held) == 1
    assert sum(seats_of(panel)[0] for panel in panels) == 1
