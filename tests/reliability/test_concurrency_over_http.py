"""The last seats and the same badge, asked for by many processes at once over real HTTP.

tests/programme/test_capacity_under_concurrency.py and tests/checkin/test_scan_concurrency.py race threads
of one process; here eight gunicorn worker processes race each other on the database, as in production.
"""
from __future__ import annotations

import json
import re
import threading
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from served import count, csrf_of, database_is_consistent, post_form, registration_fields, request, run_together

from delegates.extensions import db

WORKERS = 8
REQUESTS = 200
SEATS = 50
DOORS = 20


def api_token(app, event, role: str, name: str) -> str:
    from delegates.admin.services import create_api_token
    from delegates.registration.models import Event

    with app.app_context():
        _row, token = create_api_token(db.session.get(Event, event.id), role, name)
        db.session.commit()
        return token


def accredited(app, new_participant, n: int) -> list[int]:
    from delegates.registration.models import Event

    with app.app_context():
        rows = [new_participant(status="accredited", badge_number=k + 1) for k in range(n)]
        db.session.add_all(rows)
        db.session.execute(db.update(Event).values(last_badge_number=n))  # the numbers given, as the app counts
        db.session.commit()
        return [row.id for row in rows]


def session_with_seats(app, event, seats: int) -> int:
    from delegates.programme.models import ConferenceSession, Room

    rome = ZoneInfo("Europe/Rome")
    with app.app_context():
        room = Room(event_id=event.id, name="Plenary Hall", capacity=seats * 4)
        db.session.add(room)
        db.session.flush()
        session = ConferenceSession(event_id=event.id, code="plenary", kind="plenary", title="First plenary",
                                    room_id=room.id, starts_at=datetime(2012, 11, 7, 9, 30, tzinfo=rome),
                                    ends_at=datetime(2012, 11, 7, 12, 30, tzinfo=rome), capacity=seats)
        db.session.add(session)
        db.session.commit()
        return session.id


def post_json_at_once(port: int, path: str, bodies: list[dict], tokens: list[str]) -> Counter:
    """Every body posted at the same moment from a thread of its own; (status, result or error) counted."""
    start = threading.Barrier(len(bodies))
    answers: Counter = Counter()
    lock = threading.Lock()

    def post(body: dict, token: str) -> None:
        start.wait()
        try:
            answer = request(port, "POST", path, body=json.dumps(body).encode(), timeout=120,
                             headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            data = json.loads(answer.body) if answer.body.startswith("{") else {}
            outcome = (answer.status, data.get("status") or data.get("result") or data.get("error"))
        except OSError as error:
            outcome = (0, type(error).__name__)
        with lock:
            answers[outcome] += 1

    run_together([threading.Thread(target=post, args=pair) for pair in zip(bodies, tokens, strict=True)])
    return answers


def test_two_hundred_processes_asking_for_fifty_seats_at_once_seat_exactly_fifty(app, event, new_participant,
                                                                                   serve):
    plenary = session_with_seats(app, event, SEATS)
    people = accredited(app, new_participant, REQUESTS)
    token = api_token(app, event, "programme", "registration desk")

    with serve(workers=WORKERS) as server:
        answers = post_json_at_once(server.port, f"/api/v1/events/{event.slug}/sessions/{plenary}/assignments",
                                    [{"participant_id": p} for p in people], [token] * REQUESTS)

    assert answers == Counter({(201, "confirmed"): SEATS, (409, "full"): REQUESTS - SEATS})
    assert count(app, "SELECT assigned FROM conference_session WHERE id = :s", s=plenary) == SEATS
    assert count(app, "SELECT count(*) FROM assignment WHERE session_id = :s AND status = 'confirmed'",
                 s=plenary) == SEATS
    assert database_is_consistent(app) == []


def test_twenty_doors_posting_one_badge_at_once_to_the_server_make_one_attendance(app, event, new_participant,
                                                                                 serve):
    from delegates.badges.codes import code_for
    from delegates.registration.models import Participant

    [person] = accredited(app, new_participant, 1)
    with app.app_context():
        code = code_for(db.session.get(Participant, person))
    tokens = [api_token(app, event, "checkin", f"Door {n}") for n in range(DOORS)]

    with serve(workers=WORKERS) as server:
        answers = post_json_at_once(server.port, f"/api/v1/events/{event.slug}/scans",
                                    [{"code": code, "place": "entrance"}] * DOORS, tokens)

    assert answers == Counter({(200, "admitted"): 1, (200, "already"): DOORS - 1})
    assert count(app, "SELECT count(*) FROM attendance") == 1
    assert count(app, "SELECT count(*) FROM scan") == DOORS


def test_twenty_people_of_a_country_new_to_the_event_registering_at_once_make_one_delegation(app, event, serve):
    """The first registrations of a country make its delegation: at once, one of them makes it, none fails."""
    token = api_token(app, event, "registrar", "integration")
    people = [{"given_name": "Kwame", "family_name": f"Mensah {n}", "country": "GHA", "category": "Delegate",
               "email": f"kwame.{n}@example.org"} for n in range(DOORS)]

    with serve(workers=WORKERS) as server:
        answers = post_json_at_once(server.port, f"/api/v1/events/{event.slug}/participants", people,
                                    [token] * DOORS)

    assert sum(n for (status, _), n in answers.items() if status == 201) == DOORS, answers
    assert count(app, "SELECT count(*) FROM delegation WHERE country_code = 'GHA'") == 1
    assert count(app, "SELECT count(DISTINCT delegation_id) FROM participant") == 1


def test_one_form_sent_ten_times_at_once_makes_one_registration_that_every_answer_leads_to(app, event, serve):
    """A double click (or ten) on Register while the first is on its way: every sending lands on the private page of
    the one registration made, and one confirmation is mailed, whichever worker answers first."""
    sendings = 10
    with serve(workers=WORKERS) as server:
        path = f"/e/{event.slug}/register"
        page = server.get(path)
        key = re.search(r'name="submission"[^>]*value="([^"]+)"', page.body).group(1)
        fields = registration_fields(csrf_of(page.body), "ann.lee@example.org", event.categories["Delegate"], 0)
        fields["submission"] = key
        answers: Counter = Counter()
        lock = threading.Lock()
        start = threading.Barrier(sendings)

        def send() -> None:
            start.wait()
            answer = post_form(server.port, path, fields, page.cookie(), timeout=120)
            with lock:
                answers[(answer.status, answer.headers.get("location"))] += 1

        run_together([threading.Thread(target=send) for _ in range(sendings)])
        assert server.errors() == []

    [(status, location)] = answers
    assert status == 303 and location.startswith("/me/"), answers
    assert count(app, "SELECT count(*) FROM participant") == 1
    assert len(list((server.folder / "outbox").glob("*.eml"))) == 1
    assert database_is_consistent(app) == []


def test_one_email_posted_ten_times_at_once_is_registered_once_and_refused_nine_times_without_an_error(
        app, event, serve):
    """On PostgreSQL the ten all find the email free; the UNIQUE constraint lets one in and the nine others are
    told it is registered already (409), as when they come one after the other: not a 500."""
    token = api_token(app, event, "registrar", "integration")
    person = {"given_name": "Ann", "family_name": "Lee", "country": "FRA", "category": "Delegate",
              "email": "ann.lee@example.org"}

    with serve(workers=WORKERS) as server:
        answers = post_json_at_once(server.port, f"/api/v1/events/{event.slug}/participants", [person] * DOORS,
                                    [token] * DOORS)
        assert server.errors() == []

    assert answers == Counter({(201, "submitted"): 1, (409, "already_registered"): DOORS - 1})
    assert count(app, "SELECT count(*) FROM participant") == 1
