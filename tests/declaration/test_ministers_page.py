"""The ministers page and its JSON: who registered, is accredited, arrived, is here today, attended the
ministerial meeting and the panels; counts by region; a fixed number of queries."""
from __future__ import annotations

from datetime import timedelta

import pytest
from declaration_world import rome_today
from sqlalchemy import event as sa_event

from delegates.extensions import db


def ministers_json(client, **query):
    response = client.get("/admin/e/test/ministers.json", query_string=query)
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def scans(world, attend):
    """Italy's minister: came yesterday and today, at the ministerial meeting and the terrorism panel.
    France's minister: came yesterday only, at the police panel. Spain's minister: never came."""
    yesterday = rome_today() - timedelta(days=1)
    attend(world.people["ita_minister"], day=yesterday)
    attend(world.people["ita_minister"])
    attend(world.people["ita_minister"], f"session:{world.sessions['ministerial']}", day=yesterday)
    attend(world.people["ita_minister"], f"session:{world.sessions['panel-terrorism']}", day=yesterday)
    attend(world.people["fra_minister"], day=yesterday)
    attend(world.people["fra_minister"], f"session:{world.sessions['panel-police']}", day=yesterday)
    attend(world.people["fra_minister"], f"session:{world.sessions['declaration']}", day=yesterday)
    attend(world.people["ita_head"])  # not a minister: never counted here


def test_the_json_gives_each_minister_and_what_they_attended(client, logged_in, world, scans):
    logged_in(client, roles=("protocol",))
    data = ministers_json(client)
    by_id = {m["id"]: m for m in data["ministers"]}
    assert set(by_id) == {world.people[k] for k in ("ita_minister", "fra_minister", "fra_minister_pending",
                                                     "esp_minister")}
    ita, fra = by_id[world.people["ita_minister"]], by_id[world.people["fra_minister"]]
    assert (ita["accredited"], ita["arrived"], ita["present"], ita["ministerial"]) == (True, True, True, True)
    assert ita["panels"] == [world.sessions["panel-terrorism"]]
    # the adoption of the declaration is ministerial too, but the meeting is the session coded "ministerial"
    assert (fra["arrived"], fra["present"], fra["ministerial"]) == (True, False, False)
    assert fra["panels"] == [world.sessions["panel-police"]]
    pending = by_id[world.people["fra_minister_pending"]]
    assert (pending["status"], pending["status_label"], pending["accredited"]) == ("submitted", "submitted", False)
    assert data["ministerial"] == world.sessions["ministerial"]
    assert [p["id"] for p in data["panels"]] == [world.sessions["panel-terrorism"], world.sessions["panel-police"]]


def test_the_counts_by_region_and_in_all(client, logged_in, world, scans):
    logged_in(client, roles=("protocol",))
    data = ministers_json(client)
    assert data["totals"] == {"registered": 4, "accredited": 3, "arrived": 2, "present": 1, "ministerial": 1}
    europe = next(r for r in data["regions"] if r["region"] == "Europe")
    assert europe == {"region": "Europe", "label": "Europe", "registered": 4, "accredited": 3, "arrived": 2,
                      "present": 1, "ministerial": 1}
    africa = next(r for r in data["regions"] if r["region"] == "Africa")
    assert africa["registered"] == 0


def test_present_follows_the_day_asked_for(client, logged_in, world, scans):
    logged_in(client, roles=("protocol",))
    yesterday = (rome_today() - timedelta(days=1)).isoformat()
    assert ministers_json(client, day=yesterday)["totals"]["present"] == 2


def test_the_page_shows_the_ministers_with_words_not_colour_alone(client, logged_in, world, scans):
    logged_in(client, roles=("protocol",))
    response = client.get("/admin/e/test/ministers")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    row = html[html.index("Anna Maria Cancellieri"):]
    row = row[:row.index("</tr>")]
    assert row.count("Yes") == 5 and row.count("No") == 1  # accredited, arrived, today, ministerial, 1 panel
    assert "Terrorist violence" in html and "The role for police" in html
    assert 'src="/static/js/ministers.js"' in html and "<script>" not in html
    assert 'data-url="/admin/e/test/ministers.json' in html


def test_the_page_speaks_the_chosen_language(client, logged_in, world):
    logged_in(client, roles=("protocol",))
    html = client.get("/admin/e/test/ministers?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "إيطاليا" in html  # Italy, in Arabic
    french = client.get("/admin/e/test/ministers.json?lang=fr").get_json()
    assert "Italie" in {m["country"] for m in french["ministers"]}


def test_a_checkin_organiser_may_not_see_the_ministers(client, logged_in, world):
    logged_in(client, roles=("checkin",))
    assert client.get("/admin/e/test/ministers.json").status_code == 403


def count_queries(app, client) -> int:
    statements = []

    def count(*args):
        statements.append(args)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get("/admin/e/test/ministers.json").status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_ministers(app, client, logged_in, world, add_person, attend):
    logged_in(client, roles=("protocol",))
    few = count_queries(app, client)
    for country in ("DEU", "BRA", "JPN", "KEN", "ARG", "EGY", "IND", "CAN", "NGA", "MEX"):
        for _ in range(3):
            person = add_person(country)
            attend(person)
            attend(person, f"session:{world.sessions['ministerial']}")
    assert len(ministers_json(client)["ministers"]) == 34
    assert count_queries(app, client) == few
