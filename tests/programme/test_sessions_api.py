"""The sessions API: the programme with its seats, and assignments that answer 201 or 409 full / conflict."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.admin.services import create_api_token
from delegates.extensions import db
from delegates.registration.models import Event


@pytest.fixture
def token(app, event):
    def make(role: str = "programme") -> dict:
        with app.app_context():
            _row, value = create_api_token(db.session.get(Event, event.id), role, f"test {role}")
            db.session.commit()
        return {"Authorization": f"Bearer {value}"}

    return make


def assignments_url(event, session_id: int) -> str:
    return f"/api/v1/events/{event.slug}/sessions/{session_id}/assignments"


def test_the_sessions_come_with_their_capacity_and_seats_taken(client, event, token, programme, people, seat):
    [person] = people(1)
    seat(person, programme["panel-terrorism"])
    response = client.get(f"/api/v1/events/{event.slug}/sessions", headers=token("registrar"))
    assert response.status_code == 200
    items = {item["title"]: item for item in response.get_json()["items"]}
    panel = items["Terrorist violence"]
    assert panel == {"id": programme["panel-terrorism"], "code": "panel-terrorism", "title": "Terrorist violence",
                     "kind": "panel", "room": "Room A", "starts_at": "2012-11-06T13:30:00+00:00",
                     "ends_at": "2012-11-06T14:50:00+00:00", "capacity": 3, "assigned": 1}
    assert [item["title"] for item in response.get_json()["items"]][0] == "Ministerial meeting"


def test_an_assignment_answers_201_and_is_audited_with_the_token(client, app, event, token, programme, people):
    [person] = people(1)
    response = client.post(assignments_url(event, programme["plenary"]), headers=token(),
                           json={"participant_id": person.id, "role": "attendee"})
    assert response.status_code == 201
    body = response.get_json()
    assert (body["status"], body["assigned"], body["capacity"]) == ("confirmed", 1, 50)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "assignment.confirmed"))
        assert entry.api_token_id is not None and entry.participant_id == person.id


def test_a_full_session_answers_409_full(client, event, token, programme, people, seat):
    for person in people(3):
        seat(person, programme["panel-terrorism"])
    [late] = people(1)
    response = client.post(assignments_url(event, programme["panel-terrorism"]), headers=token(),
                           json={"participant_id": late.id, "role": "attendee"})
    assert response.status_code == 409
    assert response.get_json() == {"error": "full", "message": "'Terrorist violence' is full (3 of 3 seats)."}


def test_the_waiting_list_is_offered_through_the_api(client, event, token, programme, people, seat):
    for person in people(3):
        seat(person, programme["panel-terrorism"])
    [late] = people(1)
    response = client.post(assignments_url(event, programme["panel-terrorism"]), headers=token(),
                           json={"participant_id": late.id, "waitlist": True})
    assert response.status_code == 201 and response.get_json()["status"] == "waitlisted"


def test_an_overlap_answers_409_conflict_unless_overridden(client, event, token, programme, people, seat):
    [person] = people(1)
    seat(person, programme["panel-terrorism"])
    headers = token()
    refused = client.post(assignments_url(event, programme["panel-police"]), headers=headers,
                          json={"participant_id": person.id, "role": "attendee"})
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "conflict"
    assert "Terrorist violence" in refused.get_json()["message"]
    allowed = client.post(assignments_url(event, programme["panel-police"]), headers=headers,
                          json={"participant_id": person.id, "role": "speaker", "override_reason": "Speaks twice"})
    assert allowed.status_code == 201


def test_a_delegate_is_refused_from_the_ministerial_meeting_with_403(client, event, token, programme, people):
    [delegate] = people(1)
    response = client.post(assignments_url(event, programme["ministerial"]), headers=token(),
                           json={"participant_id": delegate.id, "role": "attendee"})
    assert response.status_code == 403 and response.get_json()["error"] == "restricted"


@pytest.mark.parametrize("body, field", [({}, "participant_id"), ({"participant_id": "7"}, "participant_id"),
                                         ({"participant_id": 1, "role": "guest"}, "role")])
def test_a_malformed_assignment_answers_400(client, event, token, programme, people, body, field):
    people(1)
    response = client.post(assignments_url(event, programme["plenary"]), headers=token(), json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid" and field in response.get_json()["message"]


def test_unknown_sessions_and_people_answer_404(client, event, token, programme, people):
    [person] = people(1)
    headers = token()
    assert client.post(assignments_url(event, 999), headers=headers,
                       json={"participant_id": person.id}).status_code == 404
    assert client.post(assignments_url(event, programme["plenary"]), headers=headers,
                       json={"participant_id": 999}).status_code == 404


def test_a_registrar_token_may_read_the_sessions_but_not_assign(client, event, token, programme, people):
    [person] = people(1)
    headers = token("registrar")
    response = client.post(assignments_url(event, programme["plenary"]), headers=headers,
                           json={"participant_id": person.id})
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"


def test_the_api_description_names_the_session_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/api/v1/events/{slug}/sessions"]
    assert "409" in paths["/api/v1/events/{slug}/sessions/{id}/assignments"]["post"]["responses"]
