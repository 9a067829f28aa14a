"""The declaration's API: the list with signature counts, and recording a signature with its status codes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from declaration_world import rome_today

from delegates.declaration.models import Declaration
from delegates.extensions import db


@pytest.fixture
def protocol(api_token):
    return {"Authorization": f"Bearer {api_token('protocol')}"}


def signatures_path(world):
    return f"/api/v1/events/test/declarations/{world.declaration}/signatures"


def test_the_list_gives_each_declaration_with_its_number_of_signatures(client, world, protocol):
    client.post(signatures_path(world), headers=protocol,
                json={"country": "ITA", "participant_id": world.people["ita_minister"], "method": "in_person"})
    response = client.get("/api/v1/events/test/declarations", headers=protocol)
    assert response.status_code == 200
    [item] = response.get_json()["items"]
    assert (item["id"], item["title"], item["signatures"]) == (world.declaration, "Joint Ministerial Declaration", 1)


def test_a_signature_is_recorded_with_201(client, world, protocol):
    response = client.post(signatures_path(world), headers=protocol,
                           json={"country": "ESP", "participant_id": world.people["esp_minister"],
                                 "method": "in_person"})
    assert response.status_code == 201
    body = response.get_json()
    assert (body["country"], body["participant_id"], body["method"]) == ("ESP", world.people["esp_minister"],
                                                                         "in_person")


def test_a_signature_by_letter_carries_its_date_and_reference(client, world, protocol):
    day = (rome_today() - timedelta(days=1)).isoformat()
    response = client.post(signatures_path(world), headers=protocol,
                           json={"country": "FRA", "participant_id": world.people["fra_minister"], "method": "letter",
                                 "letter_date": day, "letter_reference": "NV/2012/118"})
    assert response.status_code == 201
    assert (response.get_json()["letter_date"], response.get_json()["letter_reference"]) == (day, "NV/2012/118")


def test_a_letter_without_a_date_is_refused(client, world, protocol):
    response = client.post(signatures_path(world), headers=protocol,
                           json={"country": "FRA", "participant_id": world.people["fra_minister"], "method": "letter"})
    assert response.status_code == 400
    assert response.get_json()["field"] == "letter_date"


def test_a_second_signature_for_a_country_answers_409(client, world, protocol):
    first = {"country": "ITA", "participant_id": world.people["ita_minister"], "method": "in_person"}
    assert client.post(signatures_path(world), headers=protocol, json=first).status_code == 201
    again = client.post(signatures_path(world), headers=protocol,
                        json={**first, "participant_id": world.people["ita_head"]})
    assert again.status_code == 409
    assert again.get_json()["error"] == "already_signed" and again.get_json()["message"]


@pytest.mark.parametrize("who, country", [("fra_minister", "ITA"), ("ita_delegate", "ITA"),
                                          ("fra_minister_pending", "FRA")])
def test_someone_who_cannot_sign_for_the_country_is_refused(client, world, protocol, who, country):
    response = client.post(signatures_path(world), headers=protocol,
                           json={"country": country, "participant_id": world.people[who], "method": "in_person"})
    assert response.status_code == 422
    assert response.get_json()["error"] == "not_signatory" and response.get_json()["message"]


def test_a_participant_id_that_does_not_exist_is_refused(client, world, protocol):
    response = client.post(signatures_path(world), headers=protocol,
                           json={"country": "ITA", "participant_id": 999999, "method": "in_person"})
    assert response.status_code == 422
    assert set(response.get_json()) >= {"error", "message"}


def test_a_country_without_a_delegation_is_refused(client, world, protocol):
    response = client.post(signatures_path(world), headers=protocol,
                           json={"country": "BRA", "participant_id": world.people["ita_minister"]})
    assert response.status_code == 422
    assert response.get_json()["error"] == "unknown_country"


def test_a_signature_before_the_opening_time_answers_409_not_open(app, client, world, protocol):
    with app.app_context():
        declaration = db.session.get(Declaration, world.declaration)
        declaration.opens_at = declaration.opens_at + timedelta(days=3)
        db.session.commit()
    response = client.post(signatures_path(world), headers=protocol,
                           json={"country": "ITA", "participant_id": world.people["ita_minister"]})
    assert response.status_code == 409
    assert response.get_json()["error"] == "not_open"


def test_a_checkin_token_may_neither_list_nor_sign(client, world, api_token):
    checkin = {"Authorization": f"Bearer {api_token('checkin')}"}
    assert client.get("/api/v1/events/test/declarations", headers=checkin).status_code == 403
    response = client.post(signatures_path(world), headers=checkin,
                           json={"country": "ITA", "participant_id": world.people["ita_minister"]})
    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"


def test_an_unknown_declaration_answers_404(client, world, protocol):
    response = client.post("/api/v1/events/test/declarations/9999/signatures", headers=protocol,
                           json={"country": "ITA", "participant_id": world.people["ita_minister"]})
    assert response.status_code == 404


def test_a_malformed_body_answers_400(client, world, protocol):
    response = client.post(signatures_path(world), headers=protocol, json={"country": "ITA", "participant_id": "x"})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"


def test_the_openapi_document_describes_the_declaration_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/api/v1/events/{slug}/declarations"]
    assert {"201", "409", "422", "403"} <= set(paths["/api/v1/events/{slug}/declarations/{id}/signatures"]["post"]
                                                ["responses"])
