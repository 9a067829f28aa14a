"""The programme officer builds the programme on its pages: rooms, sessions, one assignment at a time."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.programme.models import Assignment, ConferenceSession, Room

SESSION = {"kind": "panel", "title": "Extremism and ultraviolence", "title_fr": "Extrémisme et ultraviolence",
           "title_es": "Extremismo y ultraviolencia", "title_ar": "التطرف والعنف المفرط",
           "description": "Panel discussion of the Ministerial meeting.", "day": "2012-11-05", "start": "14:30",
           "end": "15:50", "capacity": ""}


def post_form(client, page: str, csrf_token, data: dict, action: str | None = None):
    return client.post(action or page, data={"csrf_token": csrf_token(client, page), **data})


def test_a_programme_officer_adds_a_room_and_sees_it_listed(client, event, logged_in, csrf_token, app):
    logged_in(client, "programme")
    page = f"/admin/e/{event.slug}/programme/rooms/new"
    response = post_form(client, page, csrf_token, {"name": "Room B", "capacity": "200", "floor": "First floor",
                                                    "booths": "4", "interpretation_languages": ["fr", "en", "ar"]})
    assert response.status_code == 303
    listing = client.get(f"/admin/e/{event.slug}/programme").get_data(as_text=True)
    assert "Room B" in listing and "First floor" in listing
    with app.app_context():
        room = db.session.scalar(select(Room).where(Room.name == "Room B"))
        assert (room.capacity, room.booths, room.interpretation_languages) == (200, 4, "ar,en,fr")


def test_a_session_entered_on_romes_clock_is_stored_in_utc_with_its_translations(
        client, event, logged_in, csrf_token, app, programme):
    logged_in(client, "programme")
    with app.app_context():
        room_b = db.session.scalar(select(Room).where(Room.name == "Room B"))
        room_id = room_b.id
    page = f"/admin/e/{event.slug}/programme/sessions/new"
    response = post_form(client, page, csrf_token, SESSION | {"room": str(room_id), "day": "2012-11-08",
                                                              "categories": [str(event.categories["Minister"])]})
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        session = db.session.scalar(select(ConferenceSession).where(ConferenceSession.title == SESSION["title"]))
        assert session.starts_at == datetime(2012, 11, 8, 13, 30, tzinfo=UTC)  # 14:30 in Rome, winter time
        assert session.capacity == 3  # the room's
        assert session.translated("title", "ar") == "التطرف والعنف المفرط"
        assert [c.name for c in session.allowed_categories] == ["Minister"]
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "session.created")) is not None
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0 of 3" in detail and "14:30–15:50" in detail


def test_a_room_cannot_hold_two_sessions_at_once(client, event, logged_in, csrf_token, app, programme):
    logged_in(client, "programme")
    with app.app_context():
        room_a = db.session.scalar(select(Room).where(Room.name == "Room A")).id
    page = f"/admin/e/{event.slug}/programme/sessions/new"
    response = post_form(client, page, csrf_token, SESSION | {"room": str(room_a), "day": "2012-11-06",
                                                              "start": "15:00", "end": "16:00"})
    assert response.status_code == 400
    assert "&#39;Room A&#39; holds &#39;Terrorist violence&#39; at that time (14:30–15:50)." in response.get_data(
        as_text=True)


def test_a_session_cannot_have_more_seats_than_its_room(client, event, logged_in, csrf_token, app, programme):
    logged_in(client, "programme")
    with app.app_context():
        room_a = db.session.scalar(select(Room).where(Room.name == "Room A")).id
    page = f"/admin/e/{event.slug}/programme/sessions/new"
    response = post_form(client, page, csrf_token, SESSION | {"room": str(room_a), "day": "2012-11-07",
                                                              "capacity": "4"})
    assert response.status_code == 400
    assert "&#39;Room A&#39; has 3 seats: the session cannot have more." in response.get_data(as_text=True)


def test_a_session_that_ends_before_it_starts_is_refused(client, event, logged_in, csrf_token):
    logged_in(client, "programme")
    page = f"/admin/e/{event.slug}/programme/sessions/new"
    response = post_form(client, page, csrf_token, SESSION | {"start": "16:00", "end": "15:00", "capacity": "20"})
    assert response.status_code == 400
    assert "The session must end after it starts." in response.get_data(as_text=True)


def test_the_session_page_shows_seats_assignments_and_the_waiting_list(
        client, event, logged_in, programme, people, seat):
    panel = programme["panel-terrorism"]
    holders = people(3)
    for person in holders:
        seat(person, panel)
    [waiting] = people(1)
    seat(waiting, panel, waitlist=True)
    logged_in(client, "viewer")
    text = client.get(f"/admin/e/{event.slug}/programme/sessions/{panel}").get_data(as_text=True)
    assert "3 of 3" in text
    assert "Assigned (3)" in text and "Waiting list (1)" in text
    for person in holders + [waiting]:
        assert person.name in text


def test_an_organiser_assigns_one_person_found_by_name(client, event, logged_in, csrf_token, programme, people, app):
    [person] = people(1, family_name="Fernández Díaz")
    logged_in(client, "programme")
    page = f"/admin/e/{event.slug}/programme/sessions/{programme['plenary']}?q=fernandez"
    found = client.get(page).get_data(as_text=True)
    assert "Fernández Díaz" in found
    response = post_form(client, page, csrf_token, {"participant_id": str(person.id), "role": "speaker"},
                         action=f"/admin/e/{event.slug}/programme/sessions/{programme['plenary']}/assign")
    assert response.status_code == 303
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is assigned." in shown and "1 of 50" in shown
    with app.app_context():
        assignment = db.session.scalar(select(Assignment).where(Assignment.participant_id == person.id))
        assert (assignment.role, assignment.status) == ("speaker", "confirmed")


def test_an_overlap_is_refused_on_the_page_then_allowed_with_a_reason(
        client, event, logged_in, csrf_token, programme, people, seat, app):
    [person] = people(1)
    seat(person, programme["panel-terrorism"])
    logged_in(client, "programme")
    page = f"/admin/e/{event.slug}/programme/sessions/{programme['panel-police']}"
    action = page + "/assign"
    refused = post_form(client, page, csrf_token, {"participant_id": str(person.id), "role": "attendee"}, action)
    assert "already in &#39;Terrorist violence&#39; at the same time" in client.get(
        refused.headers["Location"]).get_data(as_text=True)
    allowed = post_form(client, page, csrf_token, {"participant_id": str(person.id), "role": "attendee",
                                                   "override_reason": "Rapporteur of both panels"}, action)
    text = client.get(allowed.headers["Location"]).get_data(as_text=True)
    assert "Overlap allowed: Rapporteur of both panels" in text


def test_a_request_is_turned_into_a_seat_on_the_session_page(
        client, event, logged_in, csrf_token, programme, people, app, seats_of):
    from delegates.programme.services import request_sessions
    from delegates.registration.models import Participant

    [person] = people(1)
    with app.app_context():
        request_sessions(db.session.get(Participant, person.id), [programme["panel-terrorism"]])
        db.session.commit()
        assignment_id = db.session.scalar(select(Assignment.id).where(Assignment.participant_id == person.id))
    logged_in(client, "programme")
    page = f"/admin/e/{event.slug}/programme/sessions/{programme['panel-terrorism']}"
    assert "Requests (1)" in client.get(page).get_data(as_text=True)
    response = post_form(client, page, csrf_token, {},
                         f"/admin/e/{event.slug}/programme/assignments/{assignment_id}/confirm")
    assert "has a seat." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert seats_of(programme["panel-terrorism"]) == (1, 1, [])


def test_a_registrar_may_read_the_programme_but_not_change_it(client, event, logged_in, csrf_token, programme):
    logged_in(client, "registrar")
    assert client.get(f"/admin/e/{event.slug}/programme").status_code == 403
    logged_in(client, "viewer")
    page = f"/admin/e/{event.slug}/programme"
    assert client.get(page).status_code == 200
    response = post_form(client, page, csrf_token, {"name": "Room Z", "capacity": "10"},
                         f"/admin/e/{event.slug}/programme/rooms/new")
    assert response.status_code == 403


def test_a_room_in_use_cannot_be_deleted(client, event, logged_in, csrf_token, programme, app):
    logged_in(client, "programme")
    with app.app_context():
        room_a = db.session.scalar(select(Room).where(Room.name == "Room A")).id
    page = f"/admin/e/{event.slug}/programme/rooms/{room_a}"
    response = post_form(client, page, csrf_token, {}, page + "/delete")
    assert "1 session(s) take place in &#39;Room A&#39;" in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_the_public_programme_lists_sessions_by_day_and_room_in_french(client, event, programme):
    text = client.get(f"/e/{event.slug}/programme?lang=fr").get_data(as_text=True)
    assert "La violence terroriste" in text and "Le rôle de la police" in text
    assert text.index("Réunion ministérielle") < text.index("La violence terroriste")  # 5 then 6 November
    assert "Room A" in text and "Room B" in text
    assert "14:30" in text


def test_the_event_page_links_to_the_programme(client, event, programme):
    assert f'href="/e/{event.slug}/programme"' in client.get(f"/e/{event.slug}/").get_data(as_text=True)


def test_the_public_programme_names_chairs_and_speakers(client, event, programme, people, seat):
    [chair] = people(1, category="Minister", badge_name="Khoo Boon Hui", title="Mr")
    [speaker] = people(1, badge_name="Ronald K. Noble")
    seat(chair, programme["ministerial"], "chair")
    seat(speaker, programme["ministerial"], "speaker")
    text = client.get(f"/e/{event.slug}/programme").get_data(as_text=True)
    assert "Chair: <bdi>Mr Khoo Boon Hui</bdi>" in text
    assert "Speaker: <bdi>Ronald K. Noble</bdi>" in text


def test_a_session_cannot_shrink_below_the_seats_it_has_given(
        client, event, logged_in, csrf_token, programme, people, seat):
    for person in people(2):
        seat(person, programme["panel-terrorism"])
    logged_in(client, "programme")
    page = f"/admin/e/{event.slug}/programme/sessions/{programme['panel-terrorism']}/edit"
    form = client.get(page).get_data(as_text=True)
    assert 'value="Terrorist violence"' in form and 'value="14:30"' in form
    response = post_form(client, page, csrf_token, SESSION | {"title": "Terrorist violence", "day": "2012-11-06",
                                                              "capacity": "1"})
    assert response.status_code == 400
    assert "2 seats are taken already: the capacity cannot be lower." in response.get_data(as_text=True)
