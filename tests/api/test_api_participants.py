"""The participants API, as an integration uses it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.admin.services import create_api_token
from delegates.extensions import db
from delegates.registration.models import Event, Participant


@pytest.fixture
def token(app, event):
    """``token(role)``: a bearer token of ``event`` with that role, as an Authorization header."""

    def make(role: str = "registrar", slug: str | None = None) -> dict:
        with app.app_context():
            target = db.session.scalar(select(Event).where(Event.slug == (slug or event.slug)))
            _row, value = create_api_token(target, role, f"test {role}")
            db.session.commit()
        return {"Authorization": f"Bearer {value}"}

    return make


ROW = {"title": "H.E.", "given_name": "Jorge", "family_name": "Fernández Díaz", "country": "ESP",
       "category": "Minister", "function": "Minister of the Interior", "email": "jfd@example.org",
       "phone": "+34 915 37 10 00", "languages": "es;en", "dietary": "other: no shellfish",
       "arrival": "2012-11-04 14:35; IB 3230; FCO"}


def test_create_answers_201_with_the_id_and_a_private_token_that_opens_the_private_page(
        app, client, event, token, smtp_server):
    response = client.post(f"/api/v1/events/{event.slug}/participants", json=ROW, headers=token())
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] and len(body["token"]) >= 43
    assert (body["family_name"], body["country"], body["status"]) == ("Fernández Díaz", "ESP", "submitted")
    assert client.get(f"/me/{body['token']}").status_code == 200
    with app.app_context():
        person = db.session.get(Participant, body["id"])
        assert (person.ui_language, person.interpretation_language, person.dietary_other) == ("es", "en",
                                                                                              "no shellfish")
        assert person.event.local(person.travels[0].at).strftime("%H:%M") == "14:35"
        assert person.registered_via == "api"
    assert len(smtp_server) == 1


def test_the_list_has_items_and_a_total_and_filters(client, event, token):
    headers = token()
    client.post(f"/api/v1/events/{event.slug}/participants", json=ROW, headers=headers)
    client.post(f"/api/v1/events/{event.slug}/participants", headers=headers, json={
        "given_name": "王", "family_name": "小洪", "badge_name": "Wang Xiaohong", "country": "CHN",
        "category": "Head of Delegation", "email": "wxh@example.org"})
    everyone = client.get(f"/api/v1/events/{event.slug}/participants", headers=headers).get_json()
    assert everyone["total"] == 2 and len(everyone["items"]) == 2
    for key in ("id", "given_name", "family_name", "country", "category", "email", "status"):
        assert key in everyone["items"][0]
    china = client.get(f"/api/v1/events/{event.slug}/participants?country=CN", headers=headers).get_json()
    assert [p["badge_name"] for p in china["items"]] == ["Wang Xiaohong"]
    found = client.get(f"/api/v1/events/{event.slug}/participants?q=fernandez", headers=headers).get_json()
    assert [p["email"] for p in found["items"]] == ["jfd@example.org"]
    page2 = client.get(f"/api/v1/events/{event.slug}/participants?per_page=1&page=2", headers=headers).get_json()
    assert page2["total"] == 2 and len(page2["items"]) == 1
    bad = client.get(f"/api/v1/events/{event.slug}/participants?status=happy", headers=headers)
    assert bad.status_code == 400 and "status" in bad.get_json()["message"]


@pytest.mark.parametrize(("change", "status", "error", "field"), [
    ({"country": "Narnia"}, 400, "invalid", "country"),
    ({"email": ""}, 400, "invalid", "email"),
    ({"category": "Emperor"}, 400, "invalid", "category"),
    ({"given_name": "", "family_name": ""}, 400, "invalid", "given_name"),
    ({"status": "rejected"}, 400, "invalid", "status"),
])
def test_create_refuses_bad_data_naming_the_field(app, client, event, token, change, status, error, field):
    response = client.post(f"/api/v1/events/{event.slug}/participants", json=ROW | change, headers=token())
    body = response.get_json()
    assert (response.status_code, body["error"], body["field"]) == (status, error, field)
    assert body["message"]
    with app.app_context():
        assert db.session.scalar(select(Participant)) is None


def test_create_refuses_unknown_fields_and_non_objects(client, event, token):
    headers = token()
    unknown = client.post(f"/api/v1/events/{event.slug}/participants", json=ROW | {"nickname": "J"}, headers=headers)
    assert unknown.status_code == 400 and "nickname" in unknown.get_json()["message"]
    listed = client.post(f"/api/v1/events/{event.slug}/participants", json=[ROW], headers=headers)
    assert listed.status_code == 400 and listed.get_json()["error"] == "invalid"


def test_the_same_email_twice_is_a_409_naming_the_registration(client, event, token):
    headers = token()
    first = client.post(f"/api/v1/events/{event.slug}/participants", json=ROW, headers=headers).get_json()
    again = client.post(f"/api/v1/events/{event.slug}/participants", json=ROW, headers=headers)
    assert again.status_code == 409
    assert again.get_json() | {"message": ""} == {"error": "already_registered", "field": "email",
                                                  "id": first["id"], "message": ""}


def test_accredit_changes_the_status_and_records_the_token(app, client, event, token, smtp_server):
    headers = token()
    created = client.post(f"/api/v1/events/{event.slug}/participants", json=ROW, headers=headers).get_json()
    response = client.post(f"/api/v1/events/{event.slug}/participants/{created['id']}/accredit", headers=headers)
    assert response.status_code == 200 and response.get_json()["status"] == "accredited"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "participant.accredited"))
        assert entry.api_token_id is not None and entry.participant_id == created["id"]
    assert len(smtp_server) == 2  # the private link, then the accreditation
    missing = client.post(f"/api/v1/events/{event.slug}/participants/999999/accredit", headers=headers)
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_roles_and_events_are_enforced(app, client, event, token):
    viewer = token("viewer")
    assert client.get(f"/api/v1/events/{event.slug}/participants", headers=viewer).status_code == 200
    refused = client.post(f"/api/v1/events/{event.slug}/participants", json=ROW, headers=viewer)
    assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"
    checkin = token("checkin")
    assert client.post(f"/api/v1/events/{event.slug}/participants", json=ROW, headers=checkin).status_code == 403
    with app.app_context():
        db.session.add(Event(slug="other", name="Other", city="Lyon", timezone="Europe/Paris",
                             starts_on=event_date(), ends_on=event_date()))
        db.session.commit()
    elsewhere = token("registrar", slug="other")
    wrong = client.get(f"/api/v1/events/{event.slug}/participants", headers=elsewhere)
    assert wrong.status_code == 403 and "other" in wrong.get_json()["message"]
    nobody = client.get(f"/api/v1/events/{event.slug}/participants")
    assert nobody.status_code == 401 and set(nobody.get_json()) == {"error", "message"}


def event_date():
    from datetime import date

    return date(2013, 1, 1)


def test_the_openapi_document_describes_the_participant_routes(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3")
    participants = spec["paths"]["/api/v1/events/{slug}/participants"]
    assert {"get", "post"} <= participants.keys()
    assert "post" in spec["paths"]["/api/v1/events/{slug}/participants/{id}/accredit"]
