"""No personal data, token or password reaches a log line: every logger is captured, at DEBUG, through a
registration, a failed and a good login, API calls, a scan, a badge download and a server error."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from delegates.extensions import db
from delegates.registration.models import Participant

GIVEN, FAMILY = "Владимир", "Колокольцев"
EMAIL = "v.kolokoltsev@example.org"
PHONE = "+7 495 667 02 47"
PASSWORD = "correct horse battery staple"
WRONG_PASSWORD = "Tr0ub4dor&3-not-it"
API_ROW = {"given_name": "Jorge", "family_name": "Fernández Díaz", "country": "ESP", "category": "Minister",
           "email": "jfd@example.org", "phone": "+34 915 37 10 00"}


@pytest.fixture
def every_log_line(caplog):
    """Every logger at DEBUG, except SQLAlchemy's engine at INFO: its statements are logged (their parameters
    hidden by hide_parameters); its DEBUG level prints result rows, a switch for debugging on a copy only."""
    caplog.set_level(logging.DEBUG)
    levels = {"sqlalchemy.engine": logging.INFO, "werkzeug": logging.DEBUG, "delegates": logging.DEBUG,
              "flask_limiter": logging.DEBUG}
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    yield caplog
    for name in levels:
        logging.getLogger(name).setLevel(logging.NOTSET)


def logged_text(caplog) -> str:
    """Every record as a handler would write it, traceback included."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_a_day_of_work_leaves_no_personal_data_in_the_logs(app, client, csrf_token, organiser, login, event,
                                                           every_log_line):
    from delegates.admin.services import create_api_token
    from delegates.badges.codes import code_for
    from delegates.registration.models import Event
    from delegates.registration.participants import Actor, accredit

    secrets = [GIVEN, FAMILY, EMAIL, PHONE, PASSWORD, WRONG_PASSWORD, *API_ROW.values()]
    secrets.remove("ESP")
    secrets.remove("Minister")

    # a registration through the public form (a mail goes to the outbox)
    path = f"/e/{event.slug}/register"
    response = client.post(path, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, path), "ui_language": "en", "dietary": "none", "country": "FRA",
        "category": str(event.categories["Delegate"]), "given_name": GIVEN, "family_name": FAMILY,
        "email": EMAIL, "phone": PHONE})
    assert response.status_code == 303
    private_token = response.headers["Location"].rsplit("/", 1)[-1]
    secrets.append(private_token)
    assert client.get(f"/me/{private_token}").status_code == 200

    # logins: a wrong password, then the right one
    account = organiser(email="registrar@example.org", password=PASSWORD, roles="registrar")
    assert login(client, account.email, WRONG_PASSWORD).status_code == 401
    assert login(client, account.email, PASSWORD).status_code == 303
    assert client.get(f"/admin/e/{event.slug}/participants", query_string={"q": FAMILY}).status_code == 200

    # accreditation, the API and a scan
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.email == EMAIL))
        accredit(person, actor=Actor())
        _row, api_token = create_api_token(db.session.get(Event, event.id), "admin", "desk 1")
        db.session.commit()
        code = code_for(person)
    secrets += [api_token, code]
    headers = {"Authorization": f"Bearer {api_token}"}
    assert client.post(f"/api/v1/events/{event.slug}/participants", json=API_ROW, headers=headers).status_code == 201
    assert client.get(f"/api/v1/events/{event.slug}/participants", headers=headers).status_code == 200
    scan = client.post(f"/api/v1/events/{event.slug}/scans", json={"code": code, "place": "entrance"},
                       headers=headers)
    assert scan.status_code == 200 and scan.get_json()["result"] == "admitted"
    assert client.get(f"/me/{private_token}/badge.pdf").status_code == 200
    # a refused token and a refused duplicate: errors are logged too, without what was sent
    assert client.get(f"/api/v1/events/{event.slug}/participants",
                      headers={"Authorization": "Bearer dlg_" + "x" * 40}).status_code == 401
    assert client.post(f"/api/v1/events/{event.slug}/participants", json=API_ROW, headers=headers).status_code \
        in (400, 409)

    text = logged_text(every_log_line)
    assert "INSERT INTO participant" in text, "the SQL log was not captured: the test would prove nothing"
    assert "SQL parameters hidden" in text
    found = [s for s in secrets if s and s in text]
    assert found == [], f"in the logs: {found}"
    assert "dlg_" + "x" * 40 not in text


def test_a_server_error_logs_the_route_not_the_data(app, client, every_log_line, event):
    from delegates.registration.views import bp  # noqa: F401  (the app is built; add a failing route to it)

    @app.route("/boom/<token>")
    def boom(token):
        raise RuntimeError("boom")

    response = client.get(f"/boom/secret-token-{EMAIL}?email={EMAIL}")
    assert response.status_code == 500
    text = logged_text(every_log_line)
    assert "unhandled RuntimeError on GET /boom/<token>" in text
    assert EMAIL not in text.split("Traceback")[0]


def test_a_database_error_is_logged_without_the_rows_values(app, client, every_log_line, new_participant):
    """PostgreSQL's own message quotes the row ("Key (event_id, email)=(1, v.k…@example.org) already exists"):
    the log keeps the table, the constraint and the traceback, not the message."""
    with app.app_context():
        db.session.add(new_participant(email=EMAIL, phone=PHONE))
        db.session.commit()

    @app.route("/duplicate")
    def duplicate():
        db.session.add(new_participant(email=EMAIL, phone=PHONE))
        db.session.commit()
        return "stored"

    assert client.get("/duplicate").status_code == 500
    text = logged_text(every_log_line)
    assert "unhandled IntegrityError" in text and "GET /duplicate" in text
    assert "Traceback" in text
    assert EMAIL not in text and PHONE not in text
