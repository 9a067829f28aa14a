"""``delegates report arrivals | departures | transfers | rooming | catering | accessibility | interpretation
OUT.pdf --event SLUG``: the PDF a user hands the shuttle company, the hotel, the caterer; its text in order."""
from __future__ import annotations

import pytest


@pytest.fixture
def report(runner, travellers, tmp_path, pdf_text):
    """``report(name, *options)``: (command output, the PDF's text, the PDF's path)."""

    def run(name: str, *options: str):
        out = tmp_path / f"{name}.pdf"
        result = runner.invoke(args=["report", name, str(out), "--event", "test", *options])
        assert result.exit_code == 0, result.output
        assert f"Wrote the {name} report of test to {out}" in result.output
        return result.output, pdf_text(out), out

    return run


def in_order(text: str, *parts: str) -> bool:
    """Each part appears in the text, after the one before it."""
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        if found < 0:
            raise AssertionError(f"{part!r} is not after position {at} in:\n{text}")
        at = found
    return True


def test_arrivals_report_by_day_then_hour(report, pdf_fonts):
    _output, text, path = report("arrivals")
    assert in_order(text, "Test General Assembly", "Accredited participants", "Arrivals by day and hour",
                    "1 of 4 people has not given their arrival yet.", "Sunday, November 4, 2012",
                    "2 people · 2 need a transfer", "10:00–11:00", "FCO",
                    "AZ101, AF1204", "Monday, November 5, 2012", "1 person · 1 needs a transfer", "07:00–08:00", "CIA",
                    "LH232")
    assert "AF1204 (2)" not in text  # Paula Pending is only submitted
    assert all(embedded == "yes" for _name, embedded in pdf_fonts(path))


def test_arrivals_report_with_submitted_registrations(report):
    _output, text, _path = report("arrivals", "--submitted")
    assert "Accredited participants and submitted registrations" in text
    assert "AZ101, AF1204 (2)" in text


def test_departures_report(report):
    _output, text, _path = report("departures")
    assert in_order(text, "Departures by day and hour", "Tuesday, November 6, 2012", "LH233",
                    "Wednesday, November 7, 2012", "AZ102", "Friday, November 9, 2012", "AF1205")


def test_transfers_report_one_manifest_per_airport_and_hour(report):
    _output, text, _path = report("transfers")
    assert in_order(text, "Transfer manifests", "Arrivals · FCO · Sunday, November 4, 2012 · 10:00–11:00",
                    "10:20", "H.E. Anna Bianchi", "Italy", "AZ101", "Hotel Roma", "+39 06 1234 5678",
                    "10:45", "Ms Claire Martin", "Arrivals · CIA · Monday, November 5, 2012 · 07:00–08:00",
                    "Jonas Weber", "Albergo Sole",
                    "Departures · FCO · Wednesday, November 7, 2012 · 18:00–19:00", "H.E. Anna Bianchi")


def test_rooming_report_hotel_by_hotel_guests_by_family_name(report, pdf_fonts):
    _output, text, path = report("rooming")
    assert in_order(text, "Rooming lists", "Albergo Sole", "Rooms blocked: 5", "Rooms used: 1", "Jonas Weber",
                    "2012-11-05", "2012-11-06", "Hotel Roma", "Via Veneto 1, Rome", "Rooms blocked: 2",
                    "Rooms used: 3", "1 more than blocked", "H.E. Anna Bianchi", "2012-11-04", "2012-11-07",
                    "Ms Claire Martin", "2012-11-09", "Oleg Petrov")
    assert "Rita Rejected" not in text and "Paula Pending" not in text
    assert all(embedded == "yes" for _name, embedded in pdf_fonts(path))


def test_catering_report_states_its_rule_and_counts_each_day(report):
    _output, text, _path = report("catering")
    assert "A person counts on every day from the day of their arrival" in " ".join(text.split())
    assert in_order(text, "Catering by day and dietary need", "All days", "Monday, November 5, 2012",
                    "Thursday, November 8, 2012", "Monday, November 5, 2012", "Vegetarian", "Other",
                    "lactose free; no shellfish", "Total", "Thursday, November 8, 2012", "Total")


def test_accessibility_report_names_the_need_and_the_sessions(report):
    _output, text, _path = report("accessibility")
    flat = " ".join(text.split())
    assert in_order(flat, "Accessibility needs", "Ms Claire Martin", "France", "Wheelchair user",
                    "Opening ceremony (05.11 09:00, Plenary Hall)", "Jonas Weber", "Germany", "+ guide dog")


def test_interpretation_report_in_french(report):
    _output, text, _path = report("interpretation", "--language", "fr")
    assert in_order(text, "Opening ceremony", "Anglais", "Français", "Arabe", "La violence terroriste", "Français",
                    "Arabe")


def test_the_help_lists_the_logistics_reports(runner):
    output = runner.invoke(args=["report", "--help"]).output
    for name in ("arrivals", "departures", "transfers", "rooming", "catering", "accessibility", "interpretation"):
        assert name in output


def test_an_event_without_travellers_gets_a_report_that_says_so(runner, event, tmp_path, pdf_text):
    out = tmp_path / "empty.pdf"
    result = runner.invoke(args=["report", "arrivals", str(out), "--event", "test"])
    assert result.exit_code == 0, result.output
    assert "Nobody has given their arrival yet." in pdf_text(out)
