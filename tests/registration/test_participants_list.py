"""The organisers' participants list: sort, columns, filters (session, arrival day, needs), bulk actions
(accredit, assign, print badges, mail) and the export of exactly the filtered view."""
from __future__ import annotations

import csv
import html
import io
import re
import time
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from delegates.badges.models import BadgePrint
from delegates.extensions import db
from delegates.logistics.models import Travel
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration.admin_forms import FilterForm
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.services import participants_query, search_participants

LIST = "/admin/e/test/participants"


# -- helpers --------------------------------------------------------------------------------------------------

def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def names_listed(response) -> list[str]:
    """The badge names in the list's rows, in their order."""
    return [html.unescape(name) for name in re.findall(r'<th scope="row" class="who">\s*<a [^>]*>([^<]+)</a>',
                                                       response.get_data(as_text=True))]


def headers(response) -> list[str]:
    """The column headers of the participants table, as read."""
    table = response.get_data(as_text=True).split('<table class="table participants">')[1].split("</thead>")[0]
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", c))).replace("▲", "").replace("▼", "").strip()
            for c in cells if "select-all" not in c and "visually-hidden" not in c]


def aria_sort(response) -> dict[str, str]:
    page = response.get_data(as_text=True)
    return {html.unescape(re.sub(r"<[^>]+>|[▲▼]", "", label)).strip(): value for value, label in
            re.findall(r'<th scope="col" aria-sort="(\w+)">(.*?)</th>', page, re.S)}


@pytest.fixture
def people(app, event, new_participant):
    """``people(*specs)``: save participants, each a dict of columns (plus ``country``, ``category`` names);
    returns their ids in order."""

    def add(*specs: dict) -> list[int]:
        ids = []
        with app.app_context():
            ev = db.session.get(Event, event.id)
            for spec in specs:
                spec = dict(spec)
                country = spec.pop("country", "ITA")
                observer = spec.pop("observer", None)
                if observer:
                    found = db.session.scalar(select(Delegation).where(Delegation.event_id == event.id,
                                                                       Delegation.organisation_name == observer))
                    if found is None:
                        found = Delegation(event=ev, kind="observer", organisation_name=observer)
                        db.session.add(found)
                        db.session.flush()
                    delegation_id = found.id
                elif country not in event.delegations:
                    found = db.session.scalar(select(Delegation).where(Delegation.event_id == event.id,
                                                                       Delegation.country_code == country))
                    if found is None:
                        found = Delegation(event=ev, kind="country", country_code=country)
                        db.session.add(found)
                        db.session.flush()
                    delegation_id = found.id
                else:
                    delegation_id = event.delegations[country]
                category = spec.pop("category", "Delegate")
                arrival = spec.pop("arrival", None)
                name = spec.pop("name", None)
                if name:
                    given, _, family = name.partition(" ")
                    spec.update(given_name=given, family_name=family, badge_name=name)
                participant = new_participant(delegation_id=delegation_id,
                                              category_id=event.categories[category], **spec)
                db.session.add(participant)
                db.session.flush()
                if arrival:
                    db.session.add(Travel(participant_id=participant.id, direction="arrival", at=arrival,
                                          flight="AZ 611", airport="FCO"))
                ids.append(participant.id)
            db.session.commit()
        return ids

    return add


@pytest.fixture
def conference_session(app, event):
    """``conference_session(title, capacity, start_hour)``: a session on 6 November 2012; returns its id."""

    def add(title: str, capacity: int = 100, hour: int = 9) -> int:
        with app.app_context():
            row = ConferenceSession(event_id=event.id, kind="panel", title=title, code=title.lower().replace(" ", "-"),
                                    starts_at=datetime(2012, 11, 6, hour, tzinfo=UTC),
                                    ends_at=datetime(2012, 11, 6, hour + 1, tzinfo=UTC), capacity=capacity)
            db.session.add(row)
            db.session.commit()
            return row.id

    return add


def seat(app, participant_id: int, session_id: int) -> None:
    with app.app_context():
        db.session.add(Assignment(participant_id=participant_id, session_id=session_id, status="confirmed"))
        row = db.session.get(ConferenceSession, session_id)
        row.assigned += 1
        db.session.commit()


def seated(app, session_id: int) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Assignment.participant_id).where(
            Assignment.session_id == session_id, Assignment.status == "confirmed")))


def status_of(app, participant_id: int) -> str:
    with app.app_context():
        return db.session.get(Participant, participant_id).status


def post(client, csrf_token, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, LIST), **data})


# -- the reusable query and filter form -----------------------------------------------------------------------

def test_the_filter_form_gives_the_query_its_filters_from_another_view(app, event, people, conference_session):
    """What "mail to many" does: FilterForm(request.args) → participants_query(event, **filters.filters())."""
    anna, _, carla = people({"name": "Anna Verdi", "dietary": "halal"}, {"name": "Bruno Neri"},
                            {"name": "Carla Blu", "dietary": "vegan", "country": "FRA"})
    with app.test_request_context("/elsewhere?dietary=any&country=ITA&session=&arrival=bad-day&status=happy"):
        ev = db.session.get(Event, event.id)
        form = FilterForm(formdata=__import__("flask").request.args)
        form.fill(ev, "en")
        wanted = form.filters()
        assert wanted["dietary"] == "any" and wanted["country"] == "ITA"
        assert wanted["arrival"] is None and wanted["status"] is None and wanted["session"] is None
        found = db.session.scalars(participants_query(ev, **wanted)).all()
        assert [p.id for p in found] == [anna]
        assert form.query_args() == {"country": "ITA", "dietary": "any"}
        rows, total = search_participants(ev, dietary="any")
        assert total == 2 and {p.id for p in rows} == {anna, carla}


# -- sort -----------------------------------------------------------------------------------------------------

def test_the_list_sorts_by_each_column_both_ways_and_says_so_to_screen_readers(client, logged_in, people):
    people({"name": "Carla Blu", "badge_number": 3, "country": "FRA", "category": "Minister"},
           {"name": "anna Verdi", "badge_number": 1, "country": "ITA"},
           {"name": "Bruno Neri", "badge_number": 2, "country": "DEU", "category": "Head of Delegation",
            "status": "accredited"})
    logged_in(client, roles=("registrar",))
    by_name = client.get(LIST, query_string={"sort": "name"})
    assert names_listed(by_name) == ["anna Verdi", "Bruno Neri", "Carla Blu"]
    assert aria_sort(by_name) == {"Name": "ascending"}
    by_name_desc = client.get(LIST, query_string={"sort": "-name"})
    assert names_listed(by_name_desc) == ["Carla Blu", "Bruno Neri", "anna Verdi"]
    assert aria_sort(by_name_desc) == {"Name": "descending"}
    # the header link turns the order round
    assert 'href="/admin/e/test/participants?sort=-name"' in by_name.get_data(as_text=True)

    # country names in the page's language: France, Germany, Italy — Allemagne, France, Italie
    assert names_listed(client.get(LIST, query_string={"sort": "country"})) == ["Carla Blu", "Bruno Neri",
                                                                                 "anna Verdi"]
    assert names_listed(client.get(LIST, query_string={"sort": "country", "lang": "fr"})) == [
        "Bruno Neri", "Carla Blu", "anna Verdi"]
    assert names_listed(client.get(LIST, query_string={"sort": "-country", "lang": "en"})) == [
        "anna Verdi", "Bruno Neri", "Carla Blu"]
    # observer organisations after the countries, whatever their name
    people({"name": "Olga Obs", "observer": "African Union", "badge_number": 4})
    assert names_listed(client.get(LIST, query_string={"sort": "country"}))[-1] == "Olga Obs"
    assert names_listed(client.get(LIST, query_string={"sort": "-country"})) == [
        "anna Verdi", "Bruno Neri", "Carla Blu", "Olga Obs"]
    # category in protocol order: Minister, Head of Delegation, Delegate
    assert names_listed(client.get(LIST, query_string={"sort": "category"})) == ["Carla Blu", "Bruno Neri",
                                                                                  "anna Verdi", "Olga Obs"]
    assert names_listed(client.get(LIST, query_string={"sort": "-badge"})) == ["Olga Obs", "Carla Blu",
                                                                                "Bruno Neri", "anna Verdi"]
    assert names_listed(client.get(LIST, query_string={"sort": "badge"})) == ["anna Verdi", "Bruno Neri",
                                                                               "Carla Blu", "Olga Obs"]
    # submitted before accredited
    assert names_listed(client.get(LIST, query_string={"sort": "status"}))[-1] == "Bruno Neri"
    assert names_listed(client.get(LIST, query_string={"sort": "registered"})) == ["Carla Blu", "anna Verdi",
                                                                                    "Bruno Neri", "Olga Obs"]
    assert aria_sort(client.get(LIST, query_string={"sort": "-registered"})) == {"Registered": "descending"}


def test_the_page_links_keep_the_sort(client, logged_in, people):
    people(*({"name": f"Person {n:02d}"} for n in range(55)))
    logged_in(client, roles=("registrar",))
    page = client.get(LIST, query_string={"sort": "-name"})
    assert names_listed(page)[0] == "Person 54"
    assert 'href="/admin/e/test/participants?sort=-name&amp;page=2"' in page.get_data(as_text=True)
    assert names_listed(client.get(LIST, query_string={"sort": "-name", "page": 2})) == [
        "Person 04", "Person 03", "Person 02", "Person 01", "Person 00"]


# -- columns --------------------------------------------------------------------------------------------------

def test_the_organiser_chooses_the_columns_and_the_choice_is_remembered(client, logged_in, people):
    people({"name": "Anna Verdi", "email": "anna@example.org", "phone": "+39 06 4686", "dietary": "halal",
            "accessibility": "Wheelchair access"})
    logged_in(client, roles=("registrar",))
    default = client.get(LIST)
    assert headers(default) == ["Badge", "Name", "Delegation", "Category", "Function", "Status", "Registered"]
    assert "anna@example.org" not in text(default)

    chosen = client.get(LIST, query_string={"cols": ["email", "dietary", "accessibility", "phone"]})
    assert headers(chosen) == ["Name", "Email", "Phone", "Dietary needs", "Accessibility needs"]
    page = text(chosen)
    assert "anna@example.org" in page and "Halal" in page and "Wheelchair access" in page and "+39 06 4686" in page
    assert "Category" not in headers(chosen)
    # the checkboxes of the column form say what is shown
    assert re.search(r'name="cols" value="email" id="col-email" checked', chosen.get_data(as_text=True))
    assert not re.search(r'name="cols" value="category" id="col-category" checked', chosen.get_data(as_text=True))

    # remembered in the organiser's session, and kept in links when the address carries it
    assert headers(client.get(LIST)) == ["Name", "Email", "Phone", "Dietary needs", "Accessibility needs"]
    sorted_page = client.get(LIST, query_string={"cols": "name,email", "sort": "name"})
    assert 'sort=-name&amp;cols=name,email' in sorted_page.get_data(as_text=True)
    # unknown columns are ignored; the name always stays
    assert headers(client.get(LIST, query_string={"cols": "nonsense"})) == ["Name"]
    assert headers(client.get(LIST, query_string={"cols": "badge,name,delegation,category,function,status,"
                                                          "registered"}))[0] == "Badge"


def test_arrival_hotel_and_sessions_columns_show_what_they_say(client, logged_in, people, conference_session, app):
    panel = conference_session("Cybercrime panel")
    (anna,) = people({"name": "Anna Verdi", "arrival": datetime(2012, 11, 4, 13, 30, tzinfo=UTC)})
    seat(app, anna, panel)
    logged_in(client, roles=("registrar",))
    page = text(client.get(LIST, query_string={"cols": "name,arrival,sessions"}))
    assert "AZ 611 · FCO" in page and "cybercrime-panel" in page
    assert "Nov 4, 2012 14:30" in page  # 13:30 UTC on the Rome clock


# -- filters --------------------------------------------------------------------------------------------------

def test_the_session_filter_lists_the_people_with_a_seat(app, client, logged_in, people, conference_session):
    panel = conference_session("Cybercrime panel")
    anna, bruno, _ = people({"name": "Anna Verdi"}, {"name": "Bruno Neri"}, {"name": "Carla Blu"})
    seat(app, anna, panel)
    seat(app, bruno, panel)
    with app.app_context():
        db.session.add(Assignment(participant_id=_, session_id=panel, status="waitlisted"))
        db.session.commit()
    logged_in(client, roles=("registrar",))
    page = client.get(LIST, query_string={"session": panel, "sort": "name"})
    assert names_listed(page) == ["Anna Verdi", "Bruno Neri"]
    assert "Participants 1 to 2 of 2" in text(page)
    assert re.search(rf'<option selected value="{panel}">', page.get_data(as_text=True))
    assert "<details class=\"more-filters\" open>" in page.get_data(as_text=True)


def test_the_arrival_day_is_the_day_on_the_event_clock(client, logged_in, people):
    people({"name": "Late Owl", "arrival": datetime(2012, 11, 4, 23, 30, tzinfo=UTC)},  # 00:30 on 5 Nov in Rome
           {"name": "Early Bird", "arrival": datetime(2012, 11, 4, 8, 0, tzinfo=UTC)},
           {"name": "No Travel"})
    logged_in(client, roles=("registrar",))
    page = client.get(LIST, query_string={"arrival": "2012-11-05"})
    assert names_listed(page) == ["Late Owl"]
    assert names_listed(client.get(LIST, query_string={"arrival": "2012-11-04"})) == ["Early Bird"]
    # the choice lists each day from the first arrival to the last
    assert re.findall(r'<option (?:selected )?value="(2012-11-0\d)"', page.get_data(as_text=True)) == [
        "2012-11-04", "2012-11-05"]
    # a day that is no day is ignored
    assert len(names_listed(client.get(LIST, query_string={"arrival": "2012-13-45"}))) == 3


def test_the_needs_filters(client, logged_in, people):
    people({"name": "Anna Verdi", "dietary": "halal"}, {"name": "Bruno Neri", "dietary": "vegan"},
           {"name": "Carla Blu", "accessibility": "Wheelchair"}, {"name": "Dario Rosa", "accessibility": "  "})
    logged_in(client, roles=("registrar",))
    assert names_listed(client.get(LIST, query_string={"dietary": "any", "sort": "name"})) == [
        "Anna Verdi", "Bruno Neri"]
    assert names_listed(client.get(LIST, query_string={"dietary": "vegan"})) == ["Bruno Neri"]
    assert names_listed(client.get(LIST, query_string={"accessibility": "y"})) == ["Carla Blu"]
    assert len(names_listed(client.get(LIST, query_string={"dietary": "chocolate"}))) == 4


# -- bulk actions ---------------------------------------------------------------------------------------------

def test_bulk_assign_gives_seats_until_the_session_is_full_and_says_why_the_others_were_refused(
        app, client, logged_in, csrf_token, people, conference_session):
    panel = conference_session("Small panel", capacity=2)
    other = conference_session("Same time", hour=9)
    anna, bruno, carla, dario, elena = people(
        {"name": "Anna Verdi"}, {"name": "Bruno Neri"}, {"name": "Carla Blu"}, {"name": "Dario Rosa"},
        {"name": "Elena Gialli", "status": "cancelled"})
    seat(app, dario, other)
    logged_in(client, roles=("programme",))
    response = post(client, csrf_token, f"{LIST}/assign", session_id=str(panel),
                    selected=[str(i) for i in (anna, bruno, carla, dario, elena)], next=f"{LIST}?sort=name")
    assert response.status_code == 303 and response.headers["Location"] == f"{LIST}?sort=name"
    assert seated(app, panel) == {anna, bruno}
    page = text(client.get(response.headers["Location"]))
    assert "2 participants assigned to “Small panel”." in page
    assert "3 refused — 1: the session is full (2 of 2 seats); 1: they hold another session at that time; " \
           "1: their registration is rejected or cancelled." in page
    # again: they hold seats already, and nobody else fits
    again = post(client, csrf_token, f"{LIST}/assign", session_id=str(panel), selected=[str(anna), str(carla)])
    assert "0 participants assigned" in text(client.get(again.headers["Location"]))


def test_bulk_assign_without_a_session_of_the_event_is_refused(client, logged_in, csrf_token, people):
    (anna,) = people({"name": "Anna Verdi"})
    logged_in(client, roles=("programme",))
    response = post(client, csrf_token, f"{LIST}/assign", session_id="999", selected=str(anna))
    assert "Choose the session to assign the participants to." in text(client.get(response.headers["Location"]))


def wait_for(client, url, seconds=60) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        body = client.get(url).get_json()
        if body["state"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_bulk_print_starts_a_badge_job_for_exactly_the_selected_accredited_people(
        app, client, logged_in, csrf_token, people):
    anna, bruno, carla, _dario = people(
        {"name": "Anna Verdi", "status": "accredited", "badge_number": 1},
        {"name": "Bruno Neri", "status": "accredited", "badge_number": 2},
        {"name": "Carla Blu"},
        {"name": "Dario Rosa", "status": "accredited", "badge_number": 4})
    logged_in(client, roles=("registrar", "printer"))
    response = post(client, csrf_token, f"{LIST}/badges", layout="cr80", selected=[str(anna), str(bruno), str(carla)])
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert location.path == "/admin/e/test/badges"
    job_id = parse_qs(location.query)["job"][0]
    printer_page = text(client.get(response.headers["Location"]))
    assert "Printing 2 badges. 1 skipped: only accredited participants get a badge." in printer_page
    body = wait_for(client, f"/admin/e/test/badges/jobs/{job_id}")
    assert body["state"] == "done" and body["count"] == 2
    with app.app_context():
        printed = db.session.scalars(select(BadgePrint)).all()
        assert {(p.participant_id, p.layout) for p in printed} == {(anna, "cr80"), (bruno, "cr80")}


def test_bulk_print_of_nobody_accredited_starts_no_job(client, logged_in, csrf_token, people):
    (carla,) = people({"name": "Carla Blu"})
    logged_in(client, roles=("registrar", "printer"))
    response = post(client, csrf_token, f"{LIST}/badges", layout="a6", selected=str(carla))
    assert urlsplit(response.headers["Location"]).path == LIST
    assert "No badge to print" in text(client.get(response.headers["Location"]))


def test_a_bulk_action_on_all_matching_the_filter_takes_every_page_and_nobody_else(
        app, client, logged_in, csrf_token, people, smtp_server):
    french = people(*({"name": f"Français {n:02d}", "country": "FRA"} for n in range(53)))
    italian = people({"name": "Anna Verdi"})
    logged_in(client, roles=("registrar",))
    page = client.get(LIST, query_string={"country": "FRA"})
    body = page.get_data(as_text=True)
    assert "all 53 participants matching the filters" in text(page)
    action = re.search(r'<form method="post" action="([^"]+)" class="bulk">', body).group(1)
    assert html.unescape(action) == f"{LIST}/accredit?country=FRA"
    response = post(client, csrf_token, f"{LIST}/accredit?country=FRA", scope="all")
    assert response.status_code == 303
    assert {status_of(app, i) for i in french} == {"accredited"}
    assert status_of(app, italian[0]) == "submitted"
    assert "53 participants accredited." in text(client.get(response.headers["Location"]))


def test_the_mail_link_carries_the_filters(client, logged_in, people):
    people({"name": "Anna Verdi", "dietary": "halal"})
    logged_in(client, roles=("registrar",))
    page = client.get(LIST, query_string={"country": "ITA", "dietary": "any", "sort": "name"})
    link = re.search(r'<a href="([^"]*/mail[^"]*)">Write to these 1 people</a>', page.get_data(as_text=True))
    url = urlsplit(html.unescape(link.group(1)))
    assert url.path == "/admin/e/test/mail"
    assert parse_qs(url.query) == {"country": ["ITA"], "dietary": ["any"]}


# -- export ---------------------------------------------------------------------------------------------------

def test_the_filtered_export_holds_exactly_the_rows_of_the_view_in_its_order(client, logged_in, people):
    people(*({"name": f"Delegate {n:02d}", "country": "FRA" if n % 3 else "ITA",
              "dietary": "halal" if n % 2 else "none"} for n in range(70)))
    people({"name": "=HYPERLINK(\"http://evil\") Bad", "country": "FRA", "dietary": "halal"})
    logged_in(client, roles=("viewer",))
    query = {"country": "FRA", "dietary": "any", "sort": "-name"}
    shown = []
    for page in (1, 2):
        shown += names_listed(client.get(LIST, query_string={**query, "page": page}))
    assert len(shown) == 24 and shown[-1] == "=HYPERLINK(\"http://evil\") Bad"
    page = client.get(LIST, query_string=query).get_data(as_text=True)
    csv_link = html.unescape(re.search(r'href="([^"]+list\.csv[^"]*)"', page).group(1))
    assert parse_qs(urlsplit(csv_link).query) == {"country": ["FRA"], "dietary": ["any"], "sort": ["-name"]}

    exported = client.get(csv_link)
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert list(rows[0]) == ["title", "given_name", "family_name", "badge_name", "country", "category", "function",
                             "organisation", "email", "phone", "languages", "dietary", "accessibility", "arrival",
                             "departure", "hotel", "status"]
    assert [r["badge_name"].removeprefix("'") for r in rows] == shown
    assert rows[-1]["badge_name"] == "'=HYPERLINK(\"http://evil\") Bad"  # neutralised, as in every export
    assert {r["country"] for r in rows} == {"FRA"} and {r["dietary"] for r in rows} == {"halal"}

    workbook = load_workbook(io.BytesIO(client.get(csv_link.replace("list.csv", "list.xlsx")).data))
    sheet = workbook.active
    values = list(sheet.iter_rows(values_only=True))
    assert [v[3].removeprefix("'") for v in values[1:]] == shown


# -- roles and query counts -----------------------------------------------------------------------------------

def test_each_bulk_action_needs_its_role(app, client, logged_in, csrf_token, people, conference_session):
    panel = conference_session("Panel")
    (anna,) = people({"name": "Anna Verdi", "status": "accredited", "badge_number": 1})
    logged_in(client, roles=("viewer",))
    page = text(client.get(LIST))
    assert "Anna Verdi" in page and "Accredit selected" not in page and "Assign selected" not in page
    assert "Print badges of selected" not in page and 'name="selected"' not in page
    assert client.get(f"{LIST}/list.csv").status_code == 200
    for path in ("accredit", "assign", "badges"):
        assert post(client, csrf_token, f"{LIST}/{path}", selected=str(anna), session_id=str(panel)
                    ).status_code == 403
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, LIST)})

    logged_in(client, roles=("registrar",))
    page = text(client.get(LIST))
    assert "Accredit selected" in page and "Assign selected" not in page and "Print badges of selected" not in page
    assert post(client, csrf_token, f"{LIST}/assign", selected=str(anna), session_id=str(panel)).status_code == 403
    assert post(client, csrf_token, f"{LIST}/badges", selected=str(anna), layout="a6").status_code == 403
    assert seated(app, panel) == set()
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, LIST)})

    logged_in(client, roles=("programme",))
    page = text(client.get(LIST))
    assert "Assign selected" in page and "Accredit selected" not in page and "list.csv" not in page
    assert client.get(f"{LIST}/list.csv").status_code == 403
    assert post(client, csrf_token, f"{LIST}/accredit", selected=str(anna)).status_code == 403
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, LIST)})

    logged_in(client, roles=("checkin",))
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}/list.csv").status_code == 403


def test_an_anonymous_visitor_cannot_export(client, event):
    response = client.get(f"{LIST}/list.csv")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def count_queries(sql_statements, client, url: str) -> int:
    with sql_statements() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_the_query_count_does_not_grow_with_the_participants(app, client, logged_in, people, conference_session,
                                                          sql_statements):
    panel = conference_session("Panel")
    every_column = "badge,name,delegation,category,function,organisation,email,phone,status,registered,arrival," \
                   "hotel,dietary,accessibility,sessions"

    def add(n: int, start: int) -> None:
        ids = people(*({"name": f"Person {start + i}", "country": ("ITA", "FRA", "DEU", "ESP")[i % 4],
                        "category": ("Minister", "Delegate")[i % 2],
                        "arrival": datetime(2012, 11, 4, 10, tzinfo=UTC)} for i in range(n)))
        for pid in ids[:3]:
            seat(app, pid, panel)

    logged_in(client, roles=("admin",))
    add(5, 0)
    url = f"{LIST}?cols={every_column}&sort=country"
    client.get(url)  # the first request of a client loads what a session keeps
    few = count_queries(sql_statements, client, url)
    export_few = count_queries(sql_statements, client, f"{LIST}/list.csv?sort=country")
    add(45, 5)
    many = count_queries(sql_statements, client, url)
    assert many == few, f"{few} queries for 5 participants, {many} for 50"
    assert count_queries(sql_statements, client, f"{LIST}/list.csv?sort=country") == export_few


def test_the_organisers_pages_name_the_event_in_the_pages_language(app, client, logged_in, event):
    with app.app_context():
        db.session.get(Event, event.id).translations = {
            "ar": {"name": "الجمعية العامة التجريبية", "short_name": "الجمعية التجريبية", "city": "روما"}}
        db.session.commit()
    logged_in(client, roles=("admin",))
    for path in (LIST, f"/admin/e/{event.slug}/import", f"/admin/e/{event.slug}/delegations",
                 f"/admin/e/{event.slug}/badges", f"/admin/e/{event.slug}/audit"):
        page = client.get(path, query_string={"lang": "ar"}).get_data(as_text=True)
        assert "الجمعية العامة التجريبية" in page, path
        assert "Test General Assembly" not in page, path
        title = page.split("<title>")[1].split("</title>")[0]
        assert "الجمعية التجريبية" in title or "الجمعية العامة التجريبية" in title, path
    dashboard = client.get(f"/admin/e/{event.slug}/", query_string={"lang": "ar"}).get_data(as_text=True)
    assert "الجمعية العامة التجريبية" in dashboard and "روما ·" in dashboard
