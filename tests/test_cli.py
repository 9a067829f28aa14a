"""The `delegates` command line, through Flask's CLI runner."""
import csv
import hashlib
import re

import pytest
from sqlalchemy import func, select

from delegates.admin.models import ApiToken, AuditEntry, Organiser
from delegates.extensions import db
from delegates.registration.exports import COLUMNS
from delegates.registration.models import Event, Participant

PASSWORD = "correct horse battery staple"


def organisers(app) -> dict[str, set[str]]:
    with app.app_context():
        return {o.email: o.roles for o in db.session.scalars(select(Organiser))}


# -- users create ---------------------------------------------------------------------------------------------

def test_users_create_makes_an_organiser_who_can_log_in(app, runner, login):
    result = runner.invoke(args=["users", "create", "Registrar@Example.org", "--role", "registrar",
                                 "--role", "checkin", "--name", "Ana García", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created organiser registrar@example.org with roles: checkin, registrar." in result.output
    assert organisers(app) == {"registrar@example.org": {"registrar", "checkin"}}
    assert login(app.test_client(), "registrar@example.org", PASSWORD).status_code == 303


def test_users_create_asks_for_the_password_twice(app, runner):
    result = runner.invoke(args=["users", "create", "viewer@example.org", "--role", "viewer"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert organisers(app) == {"viewer@example.org": {"viewer"}}


def test_users_create_refuses_a_short_password(app, runner):
    result = runner.invoke(args=["users", "create", "viewer@example.org", "--role", "viewer", "--password-stdin"],
                           input="short-pass1\n")
    assert result.exit_code == 1
    assert "The password is too short: use at least 12 characters." in result.output
    assert organisers(app) == {}


def test_users_create_refuses_an_unknown_role(app, runner):
    result = runner.invoke(args=["users", "create", "boss@example.org", "--role", "superuser", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "Unknown role superuser" in result.output
    assert "registrar" in result.output  # it says which roles exist
    assert organisers(app) == {}


def test_users_create_refuses_an_email_that_has_an_account(app, runner, organiser):
    organiser(email="registrar@example.org", roles="registrar")
    result = runner.invoke(args=["users", "create", "REGISTRAR@example.org", "--role", "admin",
                                 "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "An organiser with the email registrar@example.org exists already." in result.output
    assert organisers(app) == {"registrar@example.org": {"registrar"}}


def test_users_create_refuses_an_invalid_email(app, runner):
    result = runner.invoke(args=["users", "create", "not-an-email", "--role", "admin", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "The email 'not-an-email' is not valid" in result.output
    assert organisers(app) == {}


# -- tokens create --------------------------------------------------------------------------------------------

def test_tokens_create_prints_the_token_once_and_keeps_only_its_hash(app, runner, event):
    result = runner.invoke(args=["tokens", "create", "--event", "test", "--role", "checkin",
                                 "--name", "Door 3 scanner"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"\S{32,}", token)
    with app.app_context():
        row = db.session.scalars(select(ApiToken)).one()
        assert (row.name, row.role, row.event_id) == ("Door 3 scanner", "checkin", event.id)
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        stored = [str(getattr(row, column.key)) for column in ApiToken.__table__.columns]
    assert not any(token in value for value in stored)


def test_tokens_create_refuses_an_unknown_event(app, runner, event):
    result = runner.invoke(args=["tokens", "create", "--event", "nope", "--role", "checkin", "--name", "Door 3"])
    assert result.exit_code == 1
    assert "There is no event 'nope'" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_tokens_create_refuses_an_unknown_role(app, runner, event):
    result = runner.invoke(args=["tokens", "create", "--event", "test", "--role", "doorman", "--name", "Door 3"])
    assert result.exit_code == 1
    assert "Unknown role doorman" in result.output


# -- export ---------------------------------------------------------------------------------------------------

PEOPLE = [
    {"given_name": "محمد", "family_name": "العتيبي", "badge_name": "محمد العتيبي", "email": "m.otaibi@example.org"},
    {"given_name": "伟", "family_name": "王", "badge_name": "王伟", "email": "wang.wei@example.org"},
    {"given_name": "Łukasz", "family_name": "Żółkiewski", "badge_name": "Łukasz Żółkiewski",
     "email": "lukasz.zolkiewski@example.org", "phone": "+39 06 4686"},
]


def export(runner, path):
    result = runner.invoke(args=["export", str(path), "--event", "test"])
    assert result.exit_code == 0, result.output
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def add_people(app, new_participant, people) -> None:
    with app.app_context():
        db.session.add_all(new_participant(**person) for person in people)
        db.session.commit()


def test_export_writes_the_participants_file_columns_and_one_row_each(app, runner, event, new_participant,
                                                                        tmp_path):
    add_people(app, new_participant, PEOPLE)
    rows = export(runner, tmp_path / "participants.csv")
    assert rows[0] == COLUMNS
    assert len(rows) == 1 + len(PEOPLE)


def test_export_keeps_names_in_any_script(app, runner, event, new_participant, tmp_path):
    add_people(app, new_participant, PEOPLE)
    path = tmp_path / "participants.csv"
    header, *rows = export(runner, path)
    exported = {(r["given_name"], r["family_name"], r["badge_name"]) for r in (dict(zip(header, row, strict=True))
                                                                             for row in rows)}
    assert exported == {(p["given_name"], p["family_name"], p["badge_name"]) for p in PEOPLE}
    assert "Żółkiewski" in path.read_bytes().decode("utf-8")
    assert {row[header.index("country")] for row in rows} == {"ITA"}


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://evil.example.org","Click")', "@SUM(A1:A9)",
                                       "+1+cmd|' /C calc'!A0", "-2+3"])
def test_export_defuses_a_value_that_a_spreadsheet_would_run(app, runner, event, new_participant, tmp_path,
                                                             dangerous):
    add_people(app, new_participant, [{"function": dangerous}])
    rows = export(runner, tmp_path / "participants.csv")
    assert rows[1][COLUMNS.index("function")] == "'" + dangerous


def test_export_writes_a_phone_number_unchanged(app, runner, event, new_participant, tmp_path):
    add_people(app, new_participant, PEOPLE[2:])
    rows = export(runner, tmp_path / "participants.csv")
    assert rows[1][COLUMNS.index("phone")] == "+39 06 4686"


def test_export_refuses_an_unknown_event(runner, event, tmp_path):
    result = runner.invoke(args=["export", str(tmp_path / "x.csv"), "--event", "nope"])
    assert result.exit_code == 1
    assert "There is no event 'nope'" in result.output
    assert not (tmp_path / "x.csv").exists()


# -- demo -----------------------------------------------------------------------------------------------------

def test_demo_loads_the_general_assembly_and_says_what_it_loaded(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    summary = re.search(r"Loaded the demo event 'ga81' in [\d.]+ s: (\d+) participants from (\d+) countries",
                        result.output)
    assert summary, result.output
    participants, countries = map(int, summary.groups())
    assert participants >= 1000
    assert countries >= 170
    with app.app_context():
        ga81 = db.session.scalar(select(Event).where(Event.slug == "ga81"))
        assert ga81.city == "Rome"
        stored = db.session.scalar(select(func.count()).select_from(Participant).where(Participant.event_id == ga81.id))
    assert stored == participants


def test_demo_if_empty_leaves_a_database_with_an_event_alone(app, runner, event):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "The database holds events already; the demo was not loaded." in result.output
    with app.app_context():
        assert db.session.scalars(select(Event.slug)).all() == ["test"]


def test_mail_deliver_sends_what_waits_in_the_outbox(app, runner, smtp_server):
    from delegates.common.mail import send_mail

    with app.app_context():
        server = app.config.pop("MAIL_SERVER")
        send_mail("someone@example.org", "Waiting", "It waited in the outbox.")
        app.config["MAIL_SERVER"] = server
    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 0 and "Sent 1 message(s); 0 still waiting" in result.output
    assert [m["Subject"] for m in smtp_server] == ["Waiting"]


# -- window ---------------------------------------------------------------------------------------------------

def test_window_sets_the_registration_window_on_the_events_clock_and_the_form_says_so(app, runner, event, client):
    result = runner.invoke(args=["window", "--event", "test", "--opens", "2012-09-01 09:00",
                                 "--closes", "2012-10-31T18:00", "--changes-close", "2012-11-02 18:00"])
    assert result.exit_code == 0, result.output
    assert "Saved 3 change(s)." in result.output
    assert "registration closes: 2012-10-31 18:00" in result.output and "(Europe/Rome)" in result.output
    assert "Registration is closed now" in result.output
    with app.app_context():
        row = db.session.get(Event, event.id)
        assert row.registration_closes_at.isoformat() == "2012-10-31T17:00:00+00:00"  # 18:00 in Rome, in winter
        assert row.changes_close_at.isoformat() == "2012-11-02T17:00:00+00:00"
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.kind == "event.settings_changed")).one()
        assert set(entry.changes) == {"registration_opens_at", "registration_closes_at", "changes_close_at"}
        assert entry.organiser_id is None
    page = client.get("/e/test/register")
    assert page.status_code == 200 and "Registration closed on" in page.get_data(as_text=True)
    assert 'name="given_name"' not in page.get_data(as_text=True)  # no form to fill in

    again = runner.invoke(args=["window", "--event", "test", "--closes", "none", "--changes-close", "NONE"])
    assert again.exit_code == 0, again.output
    assert "registration closes: not set" in again.output and "changes close:       not set" in again.output
    assert "Registration is open now" in again.output
    with app.app_context():
        row = db.session.get(Event, event.id)
        assert row.registration_closes_at is None and row.changes_close_at is None
        assert row.registration_opens_at.isoformat() == "2012-09-01T07:00:00+00:00"  # kept


def test_window_without_options_shows_the_window_and_changes_nothing(app, runner, event):
    result = runner.invoke(args=["window", "--event", "test"])
    assert result.exit_code == 0, result.output
    assert "Saved" not in result.output and "registration opens:  not set (open already)" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_window_refuses_a_broken_rule_naming_the_option_and_changes_nothing(app, runner, event):
    result = runner.invoke(args=["window", "--event", "test", "--opens", "2012-11-01", "--closes", "2012-10-01",
                                 "--changes-close", "2012-10-15 12:00"])
    assert result.exit_code == 1
    assert "Nothing was changed." in result.output
    assert "--closes: Registration closes: it must be after registration opens." in result.output
    assert "--changes-close: Changes close: it must be after registration opens." in result.output
    late = runner.invoke(args=["window", "--event", "test", "--closes", "2012-11-09 00:00"])
    assert late.exit_code == 1
    assert "--closes: Registration closes: it must be before the event ends (2012-11-08)." in late.output
    with app.app_context():
        row = db.session.get(Event, event.id)
        assert (row.registration_opens_at, row.registration_closes_at, row.changes_close_at) == (None, None, None)


def test_window_refuses_what_is_not_a_moment_and_an_unknown_event(app, runner, event):
    result = runner.invoke(args=["window", "--event", "test", "--closes", "31/10/2012"])
    assert result.exit_code == 2
    assert "“31/10/2012” is not a moment: write it 2012-10-31 18:00 (on the event's clock), or none." in result.output
    offset = runner.invoke(args=["window", "--event", "test", "--closes", "2012-10-31T18:00+01:00"])
    assert offset.exit_code == 2 and "has a UTC offset: write the time on the event's clock" in offset.output
    unknown = runner.invoke(args=["window", "--event", "nope"])
    assert unknown.exit_code == 1 and "There is no event 'nope'" in unknown.output
