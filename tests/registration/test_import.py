"""Importing the participants file: the dry run's report, all or nothing, CSV and XLSX, the command and the page."""
from __future__ import annotations

import codecs
import csv
import io
from datetime import datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.logistics.models import Hotel, Travel
from delegates.registration.exports import COLUMNS
from delegates.registration.imports import ImportRefused, import_file
from delegates.registration.models import Delegation, Event, Participant

FORMULA = '=HYPERLINK("http://evil.example.org","Click")'


def person(n: int, **changes) -> dict:
    """A row that imports: a delegate of Italy."""
    row = {"given_name": "Giulia", "family_name": f"Rossi {n}", "country": "ITA", "category": "Delegate",
           "email": f"giulia.rossi.{n}@example.org"}
    row.update(changes)
    return row


def csv_file(rows: list[dict], *, header=COLUMNS, delimiter: str = ",", bom: bool = False,
             encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    data = out.getvalue().encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


def xlsx_file(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run_import(app, event, data: bytes, name: str = "participants.csv", *, dry_run: bool = False):
    with app.app_context():
        report = import_file(db.session.get(Event, event.id), data, name, dry_run=dry_run)
        db.session.commit()
        return report


def state(app) -> dict:
    """What an import may change."""
    with app.app_context():
        def count(model):
            return db.session.scalar(select(func.count()).select_from(model))
        return {"participants": count(Participant), "audit": count(AuditEntry), "delegations": count(Delegation),
                "travel": count(Travel),
                "badge_counter": db.session.scalar(select(Event.last_badge_number).where(Event.slug == "test"))}


def problems(report) -> set[tuple[int | None, str | None]]:
    return {(p.line, p.column) for p in report.errors}


def message(report, line: int, column: str) -> str:
    return next(p.message for p in report.errors if (p.line, p.column) == (line, column))


@pytest.fixture
def hotel(app, event) -> str:
    with app.app_context():
        db.session.add(Hotel(event_id=event.id, name="Rome Cavalieri"))
        db.session.commit()
    return "Rome Cavalieri"


@pytest.fixture
def registered(app, event, new_participant) -> str:
    """An Italian delegate registered already, and France's quota (1) taken by a French delegate."""
    with app.app_context():
        db.session.add(new_participant(email="registered@example.org"))
        db.session.add(new_participant(email="jean.dupont@example.org", delegation_id=event.delegations["FRA"]))
        db.session.get(Delegation, event.delegations["FRA"]).quota = 1
        db.session.commit()
    return "registered@example.org"


# -- the dry run ----------------------------------------------------------------------------------------------

def test_a_dry_run_lists_every_bad_row_by_line_and_column_and_changes_nothing(app, event, hotel, registered):
    rows = [
        person(1),                                          # line 2: fine
        person(2, country="Narnia"),                        # 3
        person(3, email=""),                                # 4
        person(4, category="Astronaut"),                    # 5
        person(5, email="giulia at example.org"),           # 6
        person(6, phone="12"),                              # 7
        person(7, email="giulia.rossi.1@example.org"),      # 8: the same email as line 2
        person(8, email=registered),                        # 9
        person(9, country="FRA"),                           # 10: France's quota is taken
        person(10, given_name="Giu\x07lia"),                # 11
        person(11, status="happy"),                         # 12
        person(12, arrival="next Tuesday"),                 # 13
        person(13, languages="de"),                         # 14
        person(14, hotel="Grand Budapest"),                 # 15
        person(15, given_name="", family_name=""),          # 16
        person(16, country="Germany", hotel=hotel),         # 17: fine (Germany has no delegation yet)
    ]
    before = state(app)
    report = run_import(app, event, csv_file(rows), dry_run=True)

    assert problems(report) == {
        (3, "country"), (4, "email"), (5, "category"), (6, "email"), (7, "phone"), (8, "email"), (9, "email"),
        (10, "country"), (11, "given_name"), (12, "status"), (13, "arrival"), (14, "languages"), (15, "hotel"),
        (16, "given_name"),
    }
    assert "“Narnia” is not a country we know" in message(report, 3, "country")
    assert "Email is required" in message(report, 4, "email")
    assert "“Astronaut” is not a category of this event" in message(report, 5, "category")
    assert "is not an email address" in message(report, 6, "email")
    assert "is not a phone number" in message(report, 7, "phone")
    assert "on lines 2 and 8" in message(report, 8, "email")
    assert "registered@example.org is registered for this event already" in message(report, 9, "email")
    assert "quota of 1" in message(report, 10, "country")
    assert "control character" in message(report, 11, "given_name")
    assert "not “happy”" in message(report, 12, "status")
    assert "“Grand Budapest” is not one of the event's hotels" in message(report, 15, "hotel")
    assert (report.rows_read, report.to_create, report.created) == (16, 2, 0)
    assert any("only adds new participants" in str(w) for w in report.warnings)
    assert state(app) == before  # not even Germany's delegation


def test_a_dry_run_of_a_good_file_says_it_can_be_imported_and_changes_nothing(app, event):
    before = state(app)
    report = run_import(app, event, csv_file([person(1), person(2)]), dry_run=True)
    assert report.ok and (report.rows_read, report.to_create, report.created) == (2, 2, 0)
    assert "Checked 2 rows: 2 participants can be imported" in report.summary()
    assert state(app) == before


# -- all or nothing -------------------------------------------------------------------------------------------

def test_a_real_import_with_one_bad_row_writes_nothing(app, event, runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_file([person(1), person(2), person(3, country="Narnia"), person(4, country="DEU")]))
    before = state(app)
    result = runner.invoke(args=["import", str(path), "--event", "test"])
    assert result.exit_code == 1
    assert "line 4, country: “Narnia” is not a country we know" in result.output
    assert "nothing was imported" in result.output
    assert state(app) == before


def test_a_good_file_imports_every_row_with_its_own_badge_number_and_audit_entries(app, event, hotel):
    rows = [person(n, status="accredited" if n % 3 == 0 else "", hotel=hotel if n % 2 else "",
                   arrival="2012-11-04 14:30; AZ 609; FCO" if n % 4 == 0 else "",
                   departure="2012-11-08 18:05; FCO" if n % 4 == 0 else "")
            for n in range(1, 31)]
    rows.append(person(31, country="Brazil", given_name="João", family_name="da Silva", phone="+55 61 2020-1234",
                       languages="es;en", dietary="other: no shellfish"))
    report = run_import(app, event, csv_file(rows), "delegates.csv")
    assert report.ok and report.created == 31
    assert report.summary() == "Imported 31 participants from delegates.csv."
    with app.app_context():
        people = db.session.scalars(select(Participant).order_by(Participant.id)).all()
        assert len(people) == 31
        assert sorted(p.badge_number for p in people) == list(range(1, 32))
        assert db.session.scalar(select(Event.last_badge_number).where(Event.id == event.id)) == 31
        assert {p.status for p in people if p.family_name in ("Rossi 3", "Rossi 6")} == {"accredited"}
        assert all(p.accredited_at for p in people if p.status == "accredited")
        assert {p.registered_via for p in people} == {"import"}
        assert sum(p.hotel is not None for p in people) == 15
        joao = next(p for p in people if p.given_name == "João")
        assert (joao.delegation.country_code, joao.ui_language, joao.interpretation_language) == ("BRA", "es", "en")
        assert (joao.dietary, joao.dietary_other, joao.phone) == ("other", "no shellfish", "+55 61 2020-1234")
        travels = db.session.scalars(select(Travel).order_by(Travel.id)).all()
        assert len(travels) == 14
        arrival = next(t for t in travels if t.direction == "arrival")
        assert (arrival.participant.event.local(arrival.at).strftime("%Y-%m-%d %H:%M"), arrival.flight,
                arrival.airport) == ("2012-11-04 14:30", "AZ 609", "FCO")
        departure = next(t for t in travels if t.direction == "departure")
        assert (departure.flight, departure.airport) == (None, "FCO")
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        registered = [e for e in entries if e.kind == "participant.registered"]
        assert sorted(e.participant_id for e in registered) == [p.id for p in people]
        assert all(e.changes["via"] == [None, "import"] for e in registered)
        completed = [e for e in entries if e.kind == "import.completed"]
        assert len(completed) == 1
        assert completed[0].note == "delegates.csv"
        assert completed[0].changes["created"] == [None, 31]
        # imported people are found like anyone else
        assert db.session.scalar(select(Participant).where(Participant.search_key.contains("joao"))) == joao


def test_importing_the_same_file_twice_refuses_every_row_the_second_time(app, event):
    data = csv_file([person(1), person(2)])
    assert run_import(app, event, data).created == 2
    again = run_import(app, event, data)
    assert problems(again) == {(2, "email"), (3, "email")}
    assert state(app)["participants"] == 2


# -- reading --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_a_file_with_a_bom_and_semicolons_or_tabs_is_read(app, event, delimiter):
    rows = [person(1, function="Director, International Relations"), person(2, family_name="Żółć")]
    report = run_import(app, event, csv_file(rows, delimiter=delimiter, bom=True))
    assert report.ok, [str(p) for p in report.errors]
    with app.app_context():
        assert set(db.session.scalars(select(Participant.family_name))) == {"Rossi 1", "Żółć"}
        assert db.session.scalar(select(Participant.function).where(Participant.family_name == "Rossi 1")) == \
            "Director, International Relations"


def test_a_latin1_file_is_refused_with_the_line_of_the_first_bad_character(app, event, runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_file([person(1), person(2, family_name="Müller")], encoding="latin-1"))
    result = runner.invoke(args=["import", str(path), "--event", "test", "--dry-run"])
    assert result.exit_code == 1
    assert "The file is not UTF-8: save it as “CSV UTF-8”" in result.output
    assert "line 3" in result.output
    assert state(app)["participants"] == 0


def test_header_names_are_matched_whatever_their_case_and_spaces(app, event):
    header = [" Given Name ", "FAMILY_NAME", "Country", "category", " EMAIL", "Shoe size"]
    rows = [{" Given Name ": "Ana", "FAMILY_NAME": "García", "Country": "ESP", "category": "Delegate",
             " EMAIL": "ana.garcia@example.org", "Shoe size": "38"}]
    report = run_import(app, event, csv_file(rows, header=header))
    assert report.ok and report.created == 1
    assert [str(w) for w in report.warnings] == [
        "line 1: The column “Shoe size” is not one of the participants file's columns; its values are ignored."]


def test_a_file_without_a_required_column_is_refused_as_a_whole(app, event):
    with pytest.raises(ImportRefused, match="The file has no column email"):
        run_import(app, event, csv_file([person(1)], header=["given_name", "family_name", "country", "category"]))


def test_a_line_longer_than_100_kb_and_a_cell_longer_than_10_kb_are_reported_by_line(app, event):
    rows = [person(1), person(2, accessibility="x" * 11_000), person(3, function="y" * 120_000), person(4)]
    report = run_import(app, event, csv_file(rows), dry_run=True)
    assert problems(report) == {(3, "accessibility"), (4, None)}
    assert "longer than 10 KB" in message(report, 3, "accessibility")
    assert "longer than 100 KB" in str(next(p for p in report.errors if p.line == 4))


def test_a_line_with_more_cells_than_columns_is_refused(app, event):
    data = csv_file([person(1)]) + b"Ana,Garcia,,,ESP,Delegate,,,ana@example.org,,,,,,,,,surplus\r\n"
    report = run_import(app, event, data, dry_run=True)
    assert problems(report) == {(3, None)}


def test_line_numbers_count_the_lines_of_a_cell_written_on_several_lines(app, event):
    rows = [person(1, accessibility="A wheelchair;\nan aisle seat"), person(2, country="Narnia")]
    report = run_import(app, event, csv_file(rows), dry_run=True)
    assert problems(report) == {(4, "country")}


def test_the_separator_line_that_excel_writes_is_understood(app, event):
    data = b"sep=;\r\n" + csv_file([person(1, function="Director, Interpol NCB"), person(2, country="Narnia")],
                                     delimiter=";")
    report = run_import(app, event, data, dry_run=True)
    assert problems(report) == {(4, "country")}
    assert report.rows_read == 2


def test_a_file_with_more_rows_than_an_import_takes_is_refused(app, event, monkeypatch):
    from delegates.registration import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    with pytest.raises(ImportRefused, match="more than 3 participants"):
        run_import(app, event, csv_file([person(n) for n in range(4)]), dry_run=True)


def test_an_apostrophe_that_our_export_put_before_a_formula_is_taken_off(app, event):
    report = run_import(app, event, csv_file([person(1, function="'=SUM(A1:A9)", organisation="'Ndrangheta Unit")]))
    assert report.ok
    with app.app_context():
        imported = db.session.scalar(select(Participant))
        assert (imported.function, imported.organisation) == ("=SUM(A1:A9)", "'Ndrangheta Unit")


def test_a_formula_in_a_name_is_kept_as_text_and_every_export_neutralises_it(app, event, runner, tmp_path):
    """Our choice: the import stores what the web form would store (the text); exports put an apostrophe
    in front, so that no spreadsheet runs it."""
    report = run_import(app, event, csv_file([person(1, family_name=FORMULA)]))
    assert report.ok
    with app.app_context():
        assert db.session.scalar(select(Participant.family_name)) == FORMULA
    assert runner.invoke(args=["export", str(tmp_path / "out.csv"), "--event", "test"]).exit_code == 0
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as f:
        exported = list(csv.DictReader(f))
    assert exported[0]["family_name"] == "'" + FORMULA
    assert exported[0]["badge_name"] == "Giulia " + FORMULA  # not at the start: a spreadsheet shows it as text
    assert runner.invoke(args=["export", str(tmp_path / "out.xlsx"), "--event", "test"]).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    cell = sheet.cell(row=2, column=COLUMNS.index("family_name") + 1)
    assert (cell.data_type, cell.value) == ("s", "'" + FORMULA)


def test_an_xlsx_workbook_imports_like_a_csv_file(app, event, hotel):
    data = xlsx_file([
        ["given_name", "family_name", "country", "category", "email", "phone", "arrival", "hotel", "status"],
        ["Ahmed", "Naser", "BHR", "Head of Delegation", "ahmed.naser@example.org", None,
         datetime(2012, 11, 4, 9, 15), hotel, "accredited"],
        [None, None, None, None, None, None, None, None, None],
        ["伟", "王", "CN", "Delegate", "wang.wei@example.org", "+86 10 1234 5678", "2012-11-04 16:40; CA 939; FCO",
         None, None],
    ])
    report = run_import(app, event, data, "people.xlsx")
    assert report.ok, [str(p) for p in report.errors]
    assert (report.rows_read, report.created) == (2, 2)
    with app.app_context():
        wang = db.session.scalar(select(Participant).where(Participant.email == "wang.wei@example.org"))
        assert (wang.given_name, wang.family_name, wang.badge_name, wang.delegation.country_code) == \
            ("伟", "王", "伟 王", "CHN")
        ahmed = db.session.scalar(select(Participant).where(Participant.email == "ahmed.naser@example.org"))
        assert (ahmed.status, ahmed.hotel.name) == ("accredited", hotel)
        assert ahmed.event.local(ahmed.travels[0].at).strftime("%Y-%m-%d %H:%M") == "2012-11-04 09:15"


def test_an_xlsx_with_bad_rows_reports_them_by_row_number(app, event):
    data = xlsx_file([["given_name", "family_name", "country", "category", "email"],
                      ["Ana", "García", "ESP", "Delegate", "ana@example.org"],
                      ["Ana", "García", "Atlantis", "Delegate", "ana2@example.org"]])
    report = run_import(app, event, data, "people.xlsx", dry_run=True)
    assert problems(report) == {(3, "country")}


def test_a_file_that_is_not_a_workbook_is_refused(app, event):
    with pytest.raises(ImportRefused, match="not an XLSX workbook"):
        run_import(app, event, b"given_name,family_name\r\n", "people.xlsx")


# -- the command ----------------------------------------------------------------------------------------------

def test_the_import_command_dry_run_reports_and_exits_0(app, event, runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_file([person(1), person(2)]))
    result = runner.invoke(args=["import", str(path), "--event", "test", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Checked 2 rows: 2 participants can be imported. Nothing was changed" in result.output
    assert state(app)["participants"] == 0


def test_the_import_command_imports_and_says_how_many(app, event, runner, tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx_file([["given_name", "country", "category", "email"],
                                ["Sukarno", "IDN", "Delegate", "sukarno@example.org"]]))
    result = runner.invoke(args=["import", str(path), "--event", "test"])
    assert result.exit_code == 0, result.output
    assert "Imported 1 participant from people.xlsx." in result.output
    assert state(app)["participants"] == 1


def test_the_import_command_refuses_another_kind_of_file(app, event, runner, tmp_path):
    path = tmp_path / "people.txt"
    path.write_bytes(csv_file([person(1)]))
    result = runner.invoke(args=["import", str(path), "--event", "test"])
    assert result.exit_code == 1
    assert "is not a CSV or XLSX file" in result.output


def test_the_import_command_refuses_an_unknown_event(app, event, runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_file([person(1)]))
    result = runner.invoke(args=["import", str(path), "--event", "nope"])
    assert result.exit_code == 1
    assert "There is no event 'nope'" in result.output


# -- the page -------------------------------------------------------------------------------------------------

IMPORT_PAGE = "/admin/e/test/import"


def upload(client, csrf_token, data: bytes, name: str, button: str = "check"):
    token = csrf_token(client, IMPORT_PAGE)
    return client.post(IMPORT_PAGE, data={"csrf_token": token, "file": (io.BytesIO(data), name), button: "x"},
                       content_type="multipart/form-data")


def test_a_registrar_checks_a_file_and_sees_each_problem_by_line_and_column(app, client, event, logged_in,
                                                                             csrf_token):
    logged_in(client, roles=("registrar",))
    page = client.get(IMPORT_PAGE)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Check only" in text and "/admin/e/test/participants/export.xlsx" in text
    response = upload(client, csrf_token, csv_file([person(1), person(2, country="Narnia")]), "people.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Nothing was imported" in text
    assert "<td class=\"num\">3</td><td><code>country</code></td>" in text
    assert "“Narnia” is not a country we know" in text
    assert state(app)["participants"] == 0


def test_a_registrar_imports_a_file_from_the_page(app, client, event, logged_in, csrf_token):
    account = logged_in(client, roles=("registrar",))
    response = upload(client, csrf_token, csv_file([person(1), person(2)]), "people.csv", button="run")
    assert response.status_code == 200
    assert "Imported 2 participants from people.csv." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 2
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "import.completed"))
        assert (entry.organiser_id, entry.note) == (account.id, "people.csv")


def test_the_page_refuses_a_file_that_is_not_csv_or_xlsx(app, client, event, logged_in, csrf_token):
    logged_in(client, roles=("registrar",))
    response = upload(client, csrf_token, b"%PDF-1.4", "people.pdf")
    assert response.status_code == 400
    assert "Choose a .csv or .xlsx file." in response.get_data(as_text=True)


def test_the_page_says_when_a_latin1_file_must_be_saved_again(app, client, event, logged_in, csrf_token):
    logged_in(client, roles=("registrar",))
    response = upload(client, csrf_token, csv_file([person(1, family_name="Müller")], encoding="cp1252"),
                      "people.csv")
    assert response.status_code == 400
    assert "The file is not UTF-8: save it as “CSV UTF-8”" in response.get_data(as_text=True)


def test_a_viewer_sees_the_page_but_may_not_import(app, client, event, logged_in, csrf_token):
    logged_in(client, roles=("viewer",))
    page = client.get(IMPORT_PAGE)
    assert page.status_code == 200
    assert "Check only" not in page.get_data(as_text=True)  # no form for a viewer
    token = csrf_token(client, IMPORT_PAGE)  # the logout form's
    response = client.post(IMPORT_PAGE, data={"csrf_token": token, "run": "x",
                                              "file": (io.BytesIO(csv_file([person(1)])), "people.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    assert state(app)["participants"] == 0


def test_a_file_over_the_upload_limit_gets_a_page_that_says_what_to_do(app, client, event, logged_in, csrf_token):
    logged_in(client, roles=("registrar",))
    token = csrf_token(client, IMPORT_PAGE)
    big = FileStorage(io.BytesIO(b"x" * app.config["MAX_CONTENT_LENGTH"]), "big.csv")
    # encoded here, in memory: the test client would spool a body this big to a file that nobody closes
    boundary, body = encode_multipart({"csrf_token": token, "run": "x", "file": big})
    response = client.post(IMPORT_PAGE, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "larger than 8 MB" in text and "delegates import FILE --event test" in text


def test_the_import_page_asks_anonymous_visitors_to_log_in(client, event):
    response = client.get(IMPORT_PAGE)
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_an_export_imported_into_its_own_event_changes_nothing_and_is_no_error(app, event, new_participant):
    """The contract's `delegates import <export> --dry-run`: every row is the registration it came from."""
    from delegates.registration.exports import participants_for_export, write_csv
    from delegates.registration.imports import import_file

    with app.app_context():
        db.session.add_all([new_participant(), new_participant(status="rejected", rejection_reason="No credentials"),
                            new_participant(status="cancelled")])
        db.session.commit()
        out = io.StringIO()
        write_csv(participants_for_export(db.session.get(Event, event.id)), out)
        data = out.getvalue().encode()
        for dry_run in (True, False):
            report = import_file(db.session.get(Event, event.id), data, "export.csv", dry_run=dry_run)
            assert report.ok and (report.unchanged, report.to_create, report.created) == (3, 0, 0)
        changed = data.replace(b"Rossi 1,", b"Rossini 1,")
        report = import_file(db.session.get(Event, event.id), changed, "export.csv", dry_run=True)
        assert [(p.line, p.column) for p in report.errors] == [(2, "email")]
        assert "family_name, badge_name" in report.errors[0].message


def test_rejected_and_cancelled_rows_of_another_event_import_with_their_status(app, event):
    from delegates.registration.imports import REJECTED_IN_FILE, import_file

    data = (b"given_name,family_name,country,category,email,status\n"
            b"Ana,Silva,PRT,Delegate,ana@example.org,rejected\n"
            b"Rui,Costa,PRT,Delegate,rui@example.org,cancelled\n")
    with app.app_context():
        report = import_file(db.session.get(Event, event.id), data, "other.csv", dry_run=False)
        db.session.commit()
        assert report.ok and report.created == 2
        people = {p.given_name: p for p in db.session.scalars(select(Participant))}
        assert (people["Ana"].status, people["Ana"].rejection_reason) == ("rejected", REJECTED_IN_FILE)
        assert people["Rui"].status == "cancelled"
