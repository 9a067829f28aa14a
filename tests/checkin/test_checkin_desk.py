"""The check-in desk and the attendance pages, as organisers use them."""
from __future__ import annotations

import csv
import io
import re

import pytest

from delegates.checkin.models import Attendance, Scan

DESK = "/admin/e/test/checkin"


def desk_token(client, path: str = DESK) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert found, "the desk carries no CSRF token for its script"
    return found.group(1)


def scan_at_desk(client, code: str, place: str = "entrance", token: str | None = None):
    token = token if token is not None else desk_token(client)
    return client.post(f"{DESK}/scan", json={"code": code, "place": place},
                       headers={"X-CSRFToken": token})


def test_the_desk_offers_the_entrance_and_every_session_door(client, logged_in, event, sessions):
    logged_in(client, roles=("checkin",))
    page = client.get(DESK)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Venue entrance" in html and "Ministerial meeting" in html and "Terrorist violence" in html
    assert 'id="scan-input"' in html and "autofocus" in html
    assert "js/checkin.js" in html and "<script>" not in html


def test_choosing_a_session_door_sets_the_desk_s_place(client, logged_in, event, sessions):
    logged_in(client, roles=("checkin",))
    html = client.get(DESK, query_string={"place": f"session:{sessions['panel']}"}).get_data(as_text=True)
    assert f'data-place="session:{sessions["panel"]}"' in html
    assert "Check-in: <span id=\"place-name\">Terrorist violence (06/11 14:30)</span>" in html


def test_a_checkin_organiser_admits_a_badge_from_the_desk(client, logged_in, event, badge, count_rows):
    staff = logged_in(client, roles=("checkin",))
    b = badge(category="Minister")

    response = scan_at_desk(client, b.code)

    assert response.status_code == 200
    body = response.get_json()
    assert body["result"] == "admitted"
    assert body["participant"]["badge_name"] == b.name and body["participant"]["delegation"] == "Italy"
    assert count_rows(Scan, organiser_id=staff.id, result="admitted") == 1


def test_the_desk_says_already_with_the_time_of_the_first_scan(client, logged_in, event, badge):
    logged_in(client, roles=("checkin",))
    b = badge()
    token = desk_token(client)
    first = scan_at_desk(client, str(b.number), token=token).get_json()
    again = scan_at_desk(client, str(b.number), token=token).get_json()
    assert first["result"] == "admitted" and again["result"] == "already"
    assert re.fullmatch(r"\d\d:\d\d", again["first_scan_time"])


def test_the_desk_says_why_a_badge_is_refused(client, logged_in, event, badge):
    logged_in(client, roles=("checkin",))
    body = scan_at_desk(client, badge(status="submitted").code).get_json()
    assert body["result"] == "refused" and "Not accredited" in body["message"]


def test_a_viewer_sees_the_desk_but_may_not_scan(client, logged_in, event, badge, count_rows):
    logged_in(client, roles=("viewer",))
    assert client.get(DESK).status_code == 200
    assert scan_at_desk(client, badge().code).status_code == 403
    assert count_rows(Scan) == 0


def test_a_scan_without_the_csrf_token_is_refused(client, logged_in, event, badge, count_rows):
    logged_in(client, roles=("checkin",))
    response = scan_at_desk(client, badge().code, token="forged")
    assert response.status_code == 400
    assert count_rows(Scan) == 0


def test_a_bad_place_at_the_desk_is_a_400(client, logged_in, event, badge):
    logged_in(client, roles=("checkin",))
    assert scan_at_desk(client, badge().code, place="bar").status_code == 400


def test_a_registrar_has_no_desk(client, logged_in, event):
    logged_in(client, roles=("registrar",))
    assert client.get(DESK).status_code == 403


def test_the_desk_is_behind_the_login(client, event):
    assert client.get(DESK).status_code in (302, 303)


# -- attendance ------------------------------------------------------------------------------------------------

@pytest.fixture
def a_day_of_scans(badge, scan_at, sessions, seat):
    """A minister at the entrance and the ministerial meeting; a delegate at the entrance only."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    rome = ZoneInfo("Europe/Rome")
    minister, delegate, absent = badge(category="Minister"), badge(), badge(category="Minister")
    for person in (minister, absent):
        seat(person, sessions["ministerial"])
    scan_at(minister.code, now=datetime(2012, 11, 5, 8, 40, tzinfo=rome))
    scan_at(delegate.code, now=datetime(2012, 11, 5, 8, 45, tzinfo=rome))
    scan_at(minister.code, f"session:{sessions['ministerial']}", now=datetime(2012, 11, 5, 10, 25, tzinfo=rome))
    return minister, delegate, absent


def test_the_attendance_page_shows_presence_by_day_and_per_session(client, logged_in, event, a_day_of_scans):
    minister, delegate, _absent = a_day_of_scans
    logged_in(client, roles=("protocol",))
    html = client.get("/admin/e/test/attendance").get_data(as_text=True)
    assert "2012-11-05" in html
    assert minister.name in html and delegate.name in html
    person = client.get(f"/admin/e/test/attendance/people/{minister.participant_id}").get_data(as_text=True)
    assert "Ministerial meeting" in person and "Venue entrance" in person and "2012-11-05 10:25" in person


def test_the_session_list_shows_who_came_and_an_organiser_ticks_the_others(
        client, logged_in, event, sessions, a_day_of_scans, csrf_token, count_rows):
    minister, _delegate, absent = a_day_of_scans
    logged_in(client, roles=("checkin",))
    path = f"/admin/e/test/attendance/sessions/{sessions['ministerial']}"
    html = client.get(path).get_data(as_text=True)
    assert "1 of 2 on the list attended." in html
    assert re.search(rf'value="{minister.participant_id}"[^>]*checked disabled', html)

    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "present": [str(absent.participant_id), "999999"]})

    assert response.status_code == 303
    assert "2 of 2 on the list attended." in client.get(path).get_data(as_text=True)
    assert count_rows(Attendance, source="list", participant_id=absent.participant_id) == 1


def test_a_viewer_may_not_tick_the_list(client, logged_in, event, sessions, a_day_of_scans, csrf_token, count_rows):
    _minister, _delegate, absent = a_day_of_scans
    logged_in(client, roles=("viewer",))
    path = f"/admin/e/test/attendance/sessions/{sessions['ministerial']}"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "present": [str(absent.participant_id)]})
    assert response.status_code == 403
    assert count_rows(Attendance, source="list") == 0


def read_csv(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_exports_list_who_attended_what(client, logged_in, event, a_day_of_scans):
    minister, delegate, _absent = a_day_of_scans
    logged_in(client, roles=("protocol",))
    people = {row["badge_name"]: row for row in read_csv(client.get("/admin/e/test/attendance/people.csv"))}
    assert people[minister.name]["days_present"] == "2012-11-05"
    assert people[minister.name]["sessions_attended"] == "ministerial"
    assert people[delegate.name]["sessions_attended"] == ""
    sessions = read_csv(client.get("/admin/e/test/attendance/sessions.csv"))
    assert [(r["session_code"], r["badge_name"], r["first_seen"], r["source"]) for r in sessions] == [
        ("ministerial", minister.name, "2012-11-05 10:25", "scan")]


def test_the_exports_neutralise_formulas(client, logged_in, event, badge, scan_at):
    b = badge(badge_name="=HYPERLINK(\"http://evil\")")
    scan_at(b.code)
    logged_in(client, roles=("checkin",))
    rows = read_csv(client.get("/admin/e/test/attendance/people.csv"))
    assert rows[0]["badge_name"].startswith("'=")


def test_the_attendance_search_is_accent_blind(client, logged_in, event, badge, scan_at):
    scan_at(badge(given_name="José", family_name="Fernández", badge_name="José Fernández").code)
    scan_at(badge(badge_name="Anna Berg", family_name="Berg").code)
    logged_in(client, roles=("protocol",))
    html = client.get("/admin/e/test/attendance", query_string={"q": "fernandez"}).get_data(as_text=True)
    assert "José Fernández" in html and "Anna Berg" not in html
