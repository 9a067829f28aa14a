"""POST /api/v1/events/<slug>/scans: what a door device sends and reads back."""
from __future__ import annotations

import pytest

from delegates.checkin.models import Attendance, Scan
from delegates.extensions import db


def post_scan(client, token: str, body, slug: str = "test"):
    return client.post(f"/api/v1/events/{slug}/scans", json=body, headers={"Authorization": f"Bearer {token}"})


def test_a_device_scans_a_badge_and_reads_who_it_is(client, event, badge, device):
    _id, token = device()
    b = badge(category="Minister")

    response = post_scan(client, token, {"code": b.code, "place": "entrance"})

    assert response.status_code == 200
    body = response.get_json()
    assert body["result"] == "admitted" and body["reason"] == ""
    assert body["participant"] == {"id": b.participant_id, "badge_name": b.name, "delegation": "Italy",
                                   "country": "ITA", "category": "Minister", "badge_number": b.number}
    assert body["first_scan_at"]


def test_an_observer_organisation_s_delegate_is_shown_by_a_typed_badge_number(app, client, event, badge, device):
    from delegates.registration.models import Delegation

    with app.app_context():
        observer = Delegation(event_id=event.id, kind="observer", organisation_name="Organisation of Observers",
                              organisation_acronym="OBS")
        db.session.add(observer)
        db.session.commit()
        observer_id = observer.id
    _id, token = device()
    b = badge(delegation_id=observer_id)

    body = post_scan(client, token, {"code": str(b.number), "place": "entrance"}).get_json()

    assert body["result"] == "admitted"
    assert body["participant"] == {"id": b.participant_id, "badge_name": b.name,
                                   "delegation": "Organisation of Observers", "country": "OBS",
                                   "category": "Delegate", "badge_number": b.number}


def test_a_second_reading_answers_already_with_the_first_time(client, event, badge, device):
    _id, token = device()
    b = badge()
    first = post_scan(client, token, {"code": b.code, "place": "entrance"}).get_json()
    again = post_scan(client, token, {"code": b.code, "place": "entrance"}).get_json()
    assert again["result"] == "already"
    assert again["first_scan_at"] == first["first_scan_at"]


@pytest.mark.parametrize("code", ["", "x" * 5000, "A.B.C.D", "....", "1.1.1.AAAA", "héllo", "12345678901234",
                                  "-1", "0", 42, "<script>"])
def test_nonsense_codes_are_refused_never_a_server_error(client, event, device, code):
    _id, token = device()
    response = post_scan(client, token, {"code": code, "place": "entrance"})
    assert response.status_code == 200
    assert response.get_json()["result"] == "refused"
    assert response.get_json()["participant"] is None


def test_a_refusal_says_why_in_a_sentence(client, event, badge, device):
    _id, token = device()
    b = badge(status="cancelled")
    body = post_scan(client, token, {"code": b.code, "place": "entrance"}).get_json()
    assert (body["result"], body["reason"]) == ("refused", "cancelled")
    assert "cancelled" in body["message"]
    assert body["participant"]["id"] == b.participant_id


@pytest.mark.parametrize("place", ["hall", "session:999", "", 5, None, "session:x"])
def test_a_bad_place_is_a_400(client, event, badge, device, place):
    _id, token = device()
    response = post_scan(client, token, {"code": badge().code, "place": place})
    assert response.status_code == 400
    assert response.get_json()["error"] in ("invalid_place", "invalid")


@pytest.mark.parametrize("body", [None, [], "code", {"place": "entrance"}, {"code": None}, {"code": ["a"]},
                                  {"code": "x", "idempotency_key": 5}])
def test_a_malformed_body_is_a_400(client, event, device, body):
    _id, token = device()
    response = post_scan(client, token, body)
    assert response.status_code == 400
    assert set(response.get_json()) >= {"error", "message"}


def test_a_session_door_admits_by_the_session_s_rules(client, event, badge, device, sessions):
    _id, token = device()
    place = f"session:{sessions['ministerial']}"
    assert post_scan(client, token, {"code": badge().code, "place": place}).get_json()["reason"] == "not_allowed"
    assert post_scan(client, token, {"code": badge(category="Minister").code,
                                     "place": place}).get_json()["result"] == "admitted"


def test_a_retry_with_the_same_idempotency_key_is_recorded_once(client, event, badge, device, count_rows):
    _id, token = device()
    b = badge()
    answers = [post_scan(client, token, {"code": b.code, "idempotency_key": "dev-7"}).get_json() for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["result"] == "admitted"
    assert count_rows(Scan) == 1 and count_rows(Attendance) == 1


def test_a_scan_is_recorded_with_the_device_that_made_it(client, event, badge, device, count_rows):
    token_id, token = device()
    post_scan(client, token, {"code": badge().code})
    assert count_rows(Scan, device_token_id=token_id) == 1


def test_without_a_token_or_with_a_revoked_one_the_answer_is_401(app, client, event, badge, device, runner):
    _id, token = device(name="Lost phone")
    b = badge()
    assert post_scan(client, "", {"code": b.code}).status_code == 401

    result = runner.invoke(args=["tokens", "revoke", "--event", "test", token[:10]])
    assert result.exit_code == 0, result.output
    assert "Revoked" in result.output

    response = post_scan(client, token, {"code": b.code})
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_revoking_an_unknown_prefix_says_so(runner, event, device):
    device()
    result = runner.invoke(args=["tokens", "revoke", "--event", "test", "dlg_nothing"])
    assert result.exit_code != 0
    assert "No API token" in result.output


@pytest.mark.parametrize("role", ["registrar", "viewer", "protocol"])
def test_a_token_without_the_checkin_role_may_not_scan(client, event, badge, device, role):
    _id, token = device(role=role)
    response = post_scan(client, token, {"code": badge().code})
    assert response.status_code == 403


def test_a_token_of_another_event_may_not_scan_here(app, client, event, badge, device):
    _id, token = device()
    response = post_scan(client, token, {"code": badge().code}, slug="elsewhere")
    assert response.status_code in (403, 404)


def test_the_device_gets_the_photo_it_is_pointed_to(app, client, event, device, badge):
    from io import BytesIO

    from PIL import Image

    from delegates.extensions import db
    from delegates.registration import photos
    from delegates.registration.models import Participant

    _id, token = device()
    b = badge()
    picture = BytesIO()
    Image.new("RGB", (300, 400), (200, 170, 140)).save(picture, "JPEG")
    picture.seek(0)
    with app.app_context():
        db.session.get(Participant, b.participant_id).photo_filename = photos.store_photo(picture)
        db.session.commit()

    body = post_scan(client, token, {"code": b.code}).get_json()
    with client.get(body["participant"]["photo_url"], headers={"Authorization": f"Bearer {token}"}) as photo:
        assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert client.get(body["participant"]["photo_url"]).status_code == 401


def test_the_openapi_document_describes_the_scan_route(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    post = spec["paths"]["/api/v1/events/{slug}/scans"]["post"]
    assert set(post["responses"]) >= {"200", "400", "401", "403"}


def test_an_admin_revokes_a_lost_device_s_token_from_the_devices_page(client, logged_in, event, badge, device,
                                                                      csrf_token):
    token_id, token = device(name="Door 3 phone")
    b = badge()
    assert post_scan(client, token, {"code": b.code}).status_code == 200
    logged_in(client, roles=("admin",))
    page = client.get("/admin/e/test/checkin/devices").get_data(as_text=True)
    assert "Door 3 phone" in page and token[:10] in page

    response = client.post(f"/admin/e/test/checkin/devices/{token_id}/revoke",
                           data={"csrf_token": csrf_token(client, "/admin/e/test/checkin/devices")})

    assert response.status_code == 303
    assert "revoked" in client.get("/admin/e/test/checkin/devices").get_data(as_text=True)
    assert post_scan(client, token, {"code": b.code}).status_code == 401


def test_only_an_admin_may_revoke_a_token(client, logged_in, event, device, csrf_token):
    token_id, _token = device()
    logged_in(client, roles=("checkin",))
    assert client.get("/admin/e/test/checkin/devices").status_code == 403
    response = client.post(f"/admin/e/test/checkin/devices/{token_id}/revoke",
                           data={"csrf_token": csrf_token(client, "/admin/e/test/checkin")})
    assert response.status_code == 403
