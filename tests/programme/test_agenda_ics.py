"""/me/<token>/agenda.ics: the person's seats in their calendar application, on Rome's clock."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

ROME = ZoneInfo("Europe/Rome")


def events_of(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def test_the_calendar_holds_one_event_per_seat_at_romes_times(client, programme, people, seat):
    [person] = people(1, category="Minister")
    seat(person, programme["ministerial"], "chair")
    seat(person, programme["panel-terrorism"])
    response = client.get(f"/me/{person.token}/agenda.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.data)
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Rome"
    ministerial, panel = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert str(ministerial["SUMMARY"]) == "Ministerial meeting"
    assert ministerial.decoded("DTSTART") == datetime(2012, 11, 5, 10, 30, tzinfo=ROME)
    assert ministerial.decoded("DTEND") == datetime(2012, 11, 5, 13, 0, tzinfo=ROME)
    assert ministerial["DTSTART"].params["TZID"] == "Europe/Rome"
    assert str(ministerial["LOCATION"]) == "Ministerial Room"
    assert str(ministerial["DESCRIPTION"]) == "Your role: Chair"
    assert panel.decoded("DTSTART").astimezone(ROME).strftime("%d %H:%M") == "06 14:30"
    assert str(panel["LOCATION"]) == "Room A"


def test_the_uids_stay_the_same_across_downloads(client, programme, people, seat):
    [person] = people(1)
    seat(person, programme["plenary"])
    seat(person, programme["panel-terrorism"])
    first = {str(e["UID"]) for e in events_of(client.get(f"/me/{person.token}/agenda.ics").data)}
    again = {str(e["UID"]) for e in events_of(client.get(f"/me/{person.token}/agenda.ics").data)}
    assert first == again and len(first) == 2
    assert all(uid.startswith("assignment-") for uid in first)


def test_the_titles_are_in_the_persons_language(client, programme, people, seat):
    [person] = people(1, ui_language="fr")
    seat(person, programme["panel-terrorism"])
    [event] = events_of(client.get(f"/me/{person.token}/agenda.ics").data)
    assert str(event["SUMMARY"]) == "La violence terroriste"


def test_only_seats_of_the_tokens_owner_and_only_confirmed_ones(client, programme, people, seat):
    me, someone_else = people(2)
    seat(me, programme["plenary"])
    seat(someone_else, programme["panel-terrorism"])
    for filler in people(3):
        seat(filler, programme["panel-police"])
    seat(me, programme["panel-police"], waitlist=True)
    [mine] = events_of(client.get(f"/me/{me.token}/agenda.ics").data)
    assert str(mine["SUMMARY"]) == "First plenary session"


def test_the_calendar_is_never_cached_and_unknown_tokens_get_404(client, programme, people, seat):
    [person] = people(1)
    seat(person, programme["plenary"])
    response = client.get(f"/me/{person.token}/agenda.ics")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert client.get("/me/not-a-token-of-anyone/agenda.ics").status_code == 404


def test_the_private_page_offers_the_calendar_once_accredited(client, programme, people):
    [accredited] = people(1)
    [waiting] = people(1, status="submitted")
    assert f"/me/{accredited.token}/agenda.ics" in client.get(f"/me/{accredited.token}").get_data(as_text=True)
    assert "agenda.ics" not in client.get(f"/me/{waiting.token}").get_data(as_text=True)
    assert client.get(f"/me/{waiting.token}/agenda.ics").status_code == 404
