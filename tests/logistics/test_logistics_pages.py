"""The logistics pages at /admin/e/<slug>/logistics: figures against the ``travellers`` fixture (see conftest),
the CSV file equal to the page's rows, the PDF's text in order, and who may read them."""
from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest

from delegates.logistics.services import SHEETS

BASE = "/admin/e/test/logistics"


class _Tables(HTMLParser):
    """The rows of every ``<table data-group>`` of a page, each section's group in front, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.group: str | None = None
        self.in_body = False
        self.cell: list[str] | None = None
        self.row: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-group" in attrs:
            self.group = attrs["data-group"]
        elif self.group is not None and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.row = [x for x in self.group.split("|") if x] if self.group else []
        elif self.in_body and tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.in_body:
            self.rows.append(self.row)
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.group = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_rows(html: str) -> list[list[str]]:
    """The rows a page shows in its CSV-backed tables, each section's group in front (as the CSV has it)."""
    parser = _Tables()
    parser.feed(html)
    return parser.rows


def csv_rows(body: bytes) -> list[list[str]]:
    """The rows of a CSV download (header included), formulas' apostrophes taken off again."""
    from delegates.registration.exports import restore_cell

    text = body.decode("utf-8")
    assert text.startswith("\ufeff"), "the CSV starts with a byte-order mark for Excel"
    return [[restore_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text[1:]))]


@pytest.fixture
def registrar(client, logged_in):
    logged_in(client, roles=("registrar",))
    return client


def download_csv(client, name: str, **query) -> list[list[str]]:
    response = client.get(f"{BASE}/{name}.csv", query_string=query)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert f"test-{name}-" in response.headers["Content-Disposition"]
    return csv_rows(response.data)


# -- every list: page, CSV and PDF agree ----------------------------------------------------------------------

@pytest.mark.parametrize("name", SHEETS)
@pytest.mark.parametrize("include", [None, "submitted"])
def test_each_csv_holds_exactly_the_rows_of_its_page(registrar, travellers, name, include):
    query = {"include": include} if include else {}
    page = registrar.get(f"{BASE}/{name}", query_string=query)
    assert page.status_code == 200
    shown = page_rows(page.get_data(as_text=True))
    downloaded = download_csv(registrar, name, **query)
    assert shown, "the page shows rows"
    assert downloaded[1:] == shown


@pytest.mark.parametrize("name", SHEETS)
def test_each_pdf_is_offered_with_embedded_fonts(registrar, travellers, name, pdf_text, pdf_fonts, tmp_path):
    response = registrar.get(f"{BASE}/{name}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Test General Assembly" in text and "Accredited participants" in text
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(response.data)
    fonts = pdf_fonts(path)
    assert fonts and all(embedded == "yes" for _name, embedded in fonts)
    assert not any("Helvetica" in font for font, _embedded in fonts)


# -- arrivals and departures ----------------------------------------------------------------------------------

def test_arrivals_by_day_hour_and_airport_on_romes_clock(registrar, travellers):
    assert download_csv(registrar, "arrivals") == [
        ["date", "hour", "airport", "flights", "people", "transfers"],
        ["2012-11-04", "10:00–11:00", "FCO", "AZ101, AF1204", "2", "2"],
        ["2012-11-05", "07:00–08:00", "CIA", "LH232", "1", "1"],
    ]
    page = registrar.get(f"{BASE}/arrivals").get_data(as_text=True)
    assert "Sunday, November 4, 2012" in page and "Monday, November 5, 2012" in page
    assert "1 of 4 people has not given their arrival yet." in page  # Petrov
    assert "Rita Rejected" not in page


def test_submitted_registrations_are_counted_only_when_asked(registrar, travellers):
    rows = download_csv(registrar, "arrivals", include="submitted")
    assert rows[1] == ["2012-11-04", "10:00–11:00", "FCO", "AZ101, AF1204 (2)", "3", "3"]
    page = registrar.get(f"{BASE}/arrivals", query_string={"include": "submitted"}).get_data(as_text=True)
    assert "Accredited participants and submitted registrations" in page
    assert 'name="include" value="submitted" checked' in page
    assert f"{BASE}/arrivals.csv?include=submitted" in page  # the downloads keep the choice


def test_departures_by_day_and_hour(registrar, travellers):
    assert download_csv(registrar, "departures")[1:] == [
        ["2012-11-06", "20:00–21:00", "CIA", "LH233", "1", "0"],
        ["2012-11-07", "18:00–19:00", "FCO", "AZ102", "1", "1"],
        ["2012-11-09", "07:00–08:00", "FCO", "AF1205", "1", "0"],
    ]


# -- transfers ------------------------------------------------------------------------------------------------

def test_transfer_manifests_per_airport_and_hour_list_who_flight_hotel_and_phone(registrar, travellers):
    assert download_csv(registrar, "transfers") == [
        ["direction", "date", "airport", "slot", "time", "name", "delegation", "flight", "hotel", "phone"],
        ["arrival", "2012-11-04", "FCO", "10:00–11:00", "10:20", "H.E. Anna Bianchi", "Italy", "AZ101",
         "Hotel Roma", "+39 06 1234 5678"],
        ["arrival", "2012-11-04", "FCO", "10:00–11:00", "10:45", "Ms Claire Martin", "France", "AF1204",
         "Hotel Roma", "+33 6 12 34 56 78"],
        ["arrival", "2012-11-05", "CIA", "07:00–08:00", "07:10", "Jonas Weber", "Germany", "LH232",
         "Albergo Sole", ""],
        ["departure", "2012-11-07", "FCO", "18:00–19:00", "18:05", "H.E. Anna Bianchi", "Italy", "AZ102",
         "Hotel Roma", "+39 06 1234 5678"],
    ]
    page = registrar.get(f"{BASE}/transfers").get_data(as_text=True)
    assert "Arrivals · FCO · Sunday, November 4, 2012 · 10:00–11:00" in page


def test_transfers_of_one_direction(registrar, travellers):
    rows = download_csv(registrar, "transfers", direction="departure")
    assert [row[0] for row in rows[1:]] == ["departure"]


# -- rooming --------------------------------------------------------------------------------------------------

def test_rooming_lists_per_hotel_with_dates_nights_and_rooms_blocked_against_used(registrar, travellers):
    rows = download_csv(registrar, "rooming")
    assert rows[0] == ["hotel", "guest", "delegation", "category", "check_in", "check_out", "nights"]
    assert rows[1] == ["Albergo Sole", "Jonas Weber", "Germany", "Delegate", "2012-11-05", "2012-11-06", "1"]
    assert rows[2] == ["Hotel Roma", "H.E. Anna Bianchi", "Italy", "Minister", "2012-11-04", "2012-11-07", "3"]
    assert rows[3] == ["Hotel Roma", "Ms Claire Martin", "France", "Delegate", "2012-11-04", "2012-11-09", "5"]
    assert rows[4][:2] == ["Hotel Roma", "Oleg Petrov"] and rows[4][4:] == ["", "", ""]  # no travel given
    assert len(rows) == 5  # the rejected guest is not on the list
    page = registrar.get(f"{BASE}/rooming").get_data(as_text=True)
    assert "Rooms blocked: 2 · Rooms used: 3 · 1 more than blocked · Room nights: 8" in page
    assert "Rooms blocked: 5 · Rooms used: 1 · 4 free · Room nights: 1" in page
    overview = registrar.get(BASE).get_data(as_text=True)
    assert "1 over" in overview


# -- catering -------------------------------------------------------------------------------------------------

def test_catering_counts_who_is_in_rome_each_day_and_lists_the_other_needs(registrar, travellers):
    rows = download_csv(registrar, "catering")
    assert rows[0] == ["date", "need", "people", "details"]
    by_day = {}
    for day, need, people, details in rows[1:]:
        by_day.setdefault(day, {})[need] = (int(people), details)
    assert list(by_day) == ["2012-11-05", "2012-11-06", "2012-11-07", "2012-11-08"]
    # Weber leaves on the 6th, Bianchi on the 7th; Petrov gave no travel, so he counts every day
    assert [by_day[d]["Total"][0] for d in by_day] == [4, 4, 3, 2]
    assert by_day["2012-11-05"]["Vegetarian"] == (1, "") and by_day["2012-11-05"]["Halal"] == (1, "")
    assert by_day["2012-11-06"]["Halal"] == (1, "") and by_day["2012-11-07"]["Halal"] == (0, "")
    assert by_day["2012-11-08"]["Vegetarian"] == (0, "")
    assert by_day["2012-11-08"]["Other"] == (2, "lactose free; no shellfish")
    assert by_day["2012-11-05"]["Kosher"] == (0, "")  # the rejected registration does not eat
    page = registrar.get(f"{BASE}/catering").get_data(as_text=True)
    assert "a person without any travel counts on every day" in page  # the rule is stated
    with_submitted = download_csv(registrar, "catering", include="submitted")
    assert ["2012-11-08", "Vegan", "1", ""] in with_submitted


# -- accessibility --------------------------------------------------------------------------------------------

def test_accessibility_needs_with_delegation_and_sessions_assigned(registrar, travellers):
    response = registrar.get(f"{BASE}/accessibility.csv")
    assert "'+ guide dog" in response.get_data(as_text=True)  # a formula-like cell is neutralised
    assert csv_rows(response.data) == [
        ["name", "delegation", "category", "need", "sessions"],
        ["Ms Claire Martin", "France", "Delegate", "Wheelchair user",
         "Opening ceremony (05.11 09:00, Plenary Hall); Terrorist violence (06.11 14:30, Room A)"],
        ["Jonas Weber", "Germany", "Delegate", "+ guide dog", "Opening ceremony (05.11 09:00, Plenary Hall)"],
    ]  # Weber is only waitlisted for the panel


# -- interpretation -------------------------------------------------------------------------------------------

def test_interpretation_receivers_per_session_and_language(registrar, travellers):
    opening, panel = str(travellers.sessions["opening"]), str(travellers.sessions["panel"])
    assert download_csv(registrar, "interpretation") == [
        ["session_id", "starts", "channel", "receivers", "note"],
        [opening, "2012-11-05 09:00", "English", "1", ""],
        [opening, "2012-11-05 09:00", "French", "1", ""],
        [opening, "2012-11-05 09:00", "Arabic", "1", ""],
        [opening, "2012-11-05 09:00", "No interpretation asked", "1", ""],
        [opening, "2012-11-05 09:00", "Receivers needed", "3", ""],
        [panel, "2012-11-06 14:30", "French", "1", ""],
        [panel, "2012-11-06 14:30", "Arabic", "1", "not offered in this room"],
        [panel, "2012-11-06 14:30", "No interpretation asked", "0", ""],
        [panel, "2012-11-06 14:30", "Receivers needed", "1", ""],
    ]
    rows = download_csv(registrar, "interpretation", include="submitted")
    assert [opening, "2012-11-05 09:00", "Spanish", "1", ""] in rows


# -- the overview, languages and roles ------------------------------------------------------------------------

def test_the_overview_gives_the_figures_and_links_to_each_list(registrar, travellers):
    page = registrar.get(BASE)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in SHEETS:
        assert f'href="{BASE}/{name}"' in html and f'href="{BASE}/{name}.csv"' in html
        assert f'href="{BASE}/{name}.pdf"' in html
    assert '<span class="stat-n">4</span><span class="stat-l">accredited participants</span>' in html
    assert '<span class="stat-n">3</span><span class="stat-l">arrivals known</span>' in html
    assert '<span class="stat-n">2</span><span class="stat-l">with an accessibility need</span>' in html


def test_pages_in_arabic_are_right_to_left_and_name_countries_in_arabic(registrar, travellers):
    html = registrar.get(f"{BASE}/rooming", query_string={"lang": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in html and "إيطاليا" in html  # Italy


def test_an_unknown_list_or_event_is_not_found(registrar, travellers):
    assert registrar.get(f"{BASE}/shuttles").status_code == 404
    assert registrar.get("/admin/e/nope/logistics/rooming.csv").status_code == 404


@pytest.mark.parametrize("roles, status", [(("registrar",), 200), (("viewer",), 200), (("admin",), 200),
                                           (("programme",), 403), (("checkin",), 403)])
def test_who_may_read_the_logistics_lists(client, logged_in, travellers, roles, status):
    logged_in(client, roles=roles)
    for path in (BASE, f"{BASE}/rooming", f"{BASE}/rooming.csv", f"{BASE}/rooming.pdf"):
        assert client.get(path).status_code == status, path


def test_visitors_who_are_not_logged_in_go_to_the_login_page(client, travellers):
    response = client.get(f"{BASE}/transfers.csv")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
