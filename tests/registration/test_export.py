"""Exporting the participants file (CSV and XLSX), and the round trip: an export imports again unchanged."""
from __future__ import annotations

import codecs
import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from delegates.extensions import db
from delegates.logistics.models import Hotel, Travel
from delegates.registration.exports import COLUMNS
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.participants import Registration, Travelling, register

ROME = ZoneInfo("Europe/Rome")


def people() -> list[Registration]:
    """People in every script, observers, travel, a hotel, dietary needs, two languages, a formula."""
    return [
        Registration(title="H.E.", given_name="Anna Maria", family_name="Cancellieri", country="ITA",
                     category="Minister", function="Minister of the Interior", organisation="Ministero dell'Interno",
                     email="ministro@interno.example.org", phone="+39 06 4686 1234", ui_language="fr",
                     interpretation_language="en", dietary="other", dietary_other="no shellfish",
                     accessibility="Wheelchair access;\na seat near the door", hotel="Rome Cavalieri",
                     arrival=Travelling(datetime(2012, 11, 4, 14, 30, tzinfo=ROME), "AZ 609", "FCO"),
                     departure=Travelling(datetime(2012, 11, 8, 18, 5, tzinfo=ROME), None, "FCO"),
                     status="accredited"),
        Registration(given_name="محمد", family_name="العتيبي", country="ARE", category="Head of Delegation",
                     email="m.otaibi@example.org", ui_language="ar", interpretation_language="en", dietary="halal",
                     hotel="Hotel Quirinale"),
        Registration(given_name="伟", family_name="王", badge_name="WANG Wei", country="CN", category="Delegate",
                     email="wang.wei@example.org", phone="+86 10 1234 5678", ui_language="en",
                     arrival=Travelling(datetime(2012, 11, 3, 23, 55, tzinfo=ROME))),
        Registration(given_name="Владимир", family_name="Колокольцев", country="Russia", category="Minister",
                     email="kolokoltsev@example.org", phone="+7 495 123-45-67", status="accredited"),
        Registration(given_name="अमित", family_name="शर्मा", country="IND", category="Delegate",
                     email="amit.sharma@example.org", dietary="vegetarian", phone="+91 11 2345 6789"),
        Registration(given_name="太郎", family_name="山田", badge_name="YAMADA Taro", country="JPN",
                     category="Delegate", email="yamada@example.org", phone="+81 3-1234-5678"),
        Registration(given_name="Νίκος", family_name="Παπαδόπουλος", country="GRC", category="Delegate",
                     email="papadopoulos@example.org", dietary="gluten_free"),
        Registration(given_name="สมชาย", family_name="ใจดี", country="THA", category="Delegate",
                     email="somchai@example.org", dietary="kosher"),
        Registration(family_name="Sukarno", country="IDN", category="Delegate", email="sukarno@example.org",
                     phone="+62 21 1234567"),
        Registration(given_name="Yury", family_name="Fedotov", country="UNODC", category="Head of Delegation",
                     function="Executive Director", email="fedotov@unodc.example.org", status="accredited"),
        Registration(given_name="Rob", family_name="Wainwright", country="European Police Office",
                     category="Delegate", email="wainwright@europol.example.org"),
        Registration(given_name="José", family_name="Fernández", country="ES", category="Delegate",
                     email="jose.fernandez@example.org", function="=1+2", organisation="@home", dietary="vegan",
                     ui_language="es", interpretation_language="es",
                     departure=Travelling(datetime(2012, 11, 9, 7, 0, tzinfo=ROME), "IB 3231", "FCO")),
    ]


@pytest.fixture
def registered(app, event) -> int:
    """The people above, registered through the registration rules."""
    with app.app_context():
        row = db.session.get(Event, event.id)
        db.session.add_all([Hotel(event_id=event.id, name="Rome Cavalieri"),
                            Hotel(event_id=event.id, name="Hotel Quirinale"),
                            Delegation(event_id=event.id, kind="observer", organisation_acronym="UNODC",
                                       organisation_name="United Nations Office on Drugs and Crime"),
                            Delegation(event_id=event.id, kind="observer", organisation_name="European Police Office")])
        db.session.flush()
        everyone = people()
        for data in everyone:
            register(row, data, via="web", public=False)
        db.session.commit()
        return len(everyone)


def export(runner, path) -> None:
    result = runner.invoke(args=["export", str(path), "--event", "test"])
    assert result.exit_code == 0, result.output


def import_(runner, path) -> str:
    result = runner.invoke(args=["import", str(path), "--event", "test"])
    assert result.exit_code == 0, result.output
    return result.output


def remove_participants(app, event) -> None:
    with app.app_context():
        ids = select(Participant.id).where(Participant.event_id == event.id).scalar_subquery()
        db.session.execute(delete(Travel).where(Travel.participant_id.in_(ids)))
        db.session.execute(delete(Participant).where(Participant.event_id == event.id))
        db.session.commit()


def sheet_values(path) -> list[list[str]]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [["" if value is None else value for value in row]
                for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()  # a read-only workbook keeps its file open until then


def test_an_export_imports_again_unchanged_as_csv(app, event, runner, tmp_path, registered):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export(runner, first)
    remove_participants(app, event)
    assert f"Imported {registered} participants from first.csv." in import_(runner, first)
    export(runner, second)
    assert second.read_bytes() == first.read_bytes()
    text = first.read_text(encoding="utf-8")
    for expected in ("UNODC", "European Police Office", "other: no shellfish", "fr;en", "2012-11-04 14:30; AZ 609; FCO",
                     "2012-11-08 18:05; FCO", "Rome Cavalieri", "'=1+2", "'@home", "Колокольцев", "العتيبي"):
        assert expected in text


def test_an_export_imports_again_unchanged_as_xlsx(app, event, runner, tmp_path, registered):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    export(runner, first)
    export(runner, tmp_path / "first.csv")
    remove_participants(app, event)
    assert f"Imported {registered} participants from first.xlsx." in import_(runner, first)
    export(runner, second)
    # a workbook holds the time it was written, so the files differ in bytes: their cells are the same
    assert sheet_values(second) == sheet_values(first)
    with open(tmp_path / "first.csv", encoding="utf-8", newline="") as f:
        assert sheet_values(first) == list(csv.reader(f))  # and the same as the CSV file


def test_the_xlsx_export_writes_every_value_as_text_and_no_formula(app, event, runner, tmp_path, registered):
    path = tmp_path / "participants.xlsx"
    export(runner, path)
    sheet = load_workbook(path).worksheets[0]
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert sheet.max_row == registered + 1
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}
    values = {cell.value for cell in cells}
    assert {"'=1+2", "'@home", "+39 06 4686 1234", "ITA"} <= values


def test_export_refuses_a_file_that_is_not_csv_or_xlsx(app, event, runner, tmp_path):
    result = runner.invoke(args=["export", str(tmp_path / "participants.pdf"), "--event", "test"])
    assert result.exit_code == 1
    assert "give a file name ending in .csv or .xlsx" in result.output
    assert not (tmp_path / "participants.pdf").exists()


# -- downloads from the import page ---------------------------------------------------------------------------

def today_in_rome() -> str:
    return datetime.now(ROME).date().isoformat()


def test_a_registrar_downloads_the_participants_as_csv(app, client, event, logged_in, registered):
    logged_in(client, roles=("registrar",))
    response = client.get("/admin/e/test/participants/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == \
        f"attachment; filename=test-participants-{today_in_rome()}.csv"
    data = response.get_data()
    assert data.startswith(codecs.BOM_UTF8)  # so that Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == COLUMNS and len(rows) == registered + 1


def test_a_viewer_downloads_the_participants_as_xlsx(app, client, event, logged_in, registered, tmp_path):
    logged_in(client, roles=("viewer",))
    response = client.get("/admin/e/test/participants/export.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        f"attachment; filename=test-participants-{today_in_rome()}.xlsx"
    path = tmp_path / "download.xlsx"
    path.write_bytes(response.get_data())
    values = sheet_values(path)
    assert values[0] == COLUMNS and len(values) == registered + 1


def test_other_roles_may_not_download_the_participants(app, client, event, logged_in):
    logged_in(client, roles=("checkin",))
    assert client.get("/admin/e/test/participants/export.csv").status_code == 403


def test_the_export_comes_as_csv_or_xlsx_only(app, client, event, logged_in):
    logged_in(client, roles=("registrar",))
    assert client.get("/admin/e/test/participants/export.pdf").status_code == 404
