"""PostgreSQL turned read-only (``default_transaction_read_only``, as on a standby or a database put aside for
maintenance): 503 with the house page or the API's JSON, no row written, and the app recovers once it is back.

SQLite's read-only and full disks are in test_disk_faults.py.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select, text

from delegates.extensions import db
from delegates.registration.models import Event, Participant


def set_read_only(app, on: bool) -> None:
    """For every new connection to the test database; the app's pool is emptied so that it reconnects."""
    with app.app_context():
        url = db.engine.url
        with db.engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("SET default_transaction_read_only = off")
            value = "on" if on else "DEFAULT"
            connection.exec_driver_sql(f'ALTER DATABASE "{url.database}" SET default_transaction_read_only = {value}')
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def read_only(app):
    """``read_only(True|False)``; the database is writable again after the test, whatever happens."""
    yield lambda on: set_read_only(app, on)
    set_read_only(app, False)


def participants(app) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(Participant))
        db.session.remove()
        return n


@pytest.mark.postgresql
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL only: TEST_DATABASE_URL is not set")
@pytest.mark.parametrize("app", ["postgresql"], indirect=True)
def test_a_read_only_database_answers_503_and_the_app_recovers(app, client, csrf_token, event, read_only):
    from delegates.admin.services import create_api_token

    with app.app_context():
        _row, token = create_api_token(db.session.get(Event, event.id), "registrar", "integration")
        db.session.commit()
    path = f"/e/{event.slug}/register"
    form = {"csrf_token": csrf_token(client, path), "given_name": "Ngozi", "family_name": "Okonkwo",
            "country": "FRA", "category": str(event.categories["Delegate"]), "ui_language": "en", "dietary": "none"}
    person = {"given_name": "Ana", "family_name": "García", "country": "ESP", "category": "Delegate"}
    api = {"headers": {"Authorization": f"Bearer {token}"}}

    read_only(True)
    with app.app_context(), db.engine.connect() as connection:
        assert connection.scalar(text("SHOW default_transaction_read_only")) == "on"
    page = client.post(path, data=form | {"email": "ngozi@example.org"})
    assert page.status_code == 503 and page.headers.get("Retry-After")
    assert "Temporarily unavailable" in page.get_data(as_text=True)
    answer = client.post(f"/api/v1/events/{event.slug}/participants", json=person | {"email": "ana@example.org"},
                         **api)
    assert answer.status_code == 503 and answer.get_json()["error"] == "service_unavailable"
    assert client.get(f"/e/{event.slug}/register").status_code == 200  # reading goes on
    assert participants(app) == 0

    read_only(False)
    assert client.post(path, data=form | {"email": "ngozi@example.org"}).status_code == 303
    assert client.post(f"/api/v1/events/{event.slug}/participants", json=person | {"email": "ana@example.org"},
                       **api).status_code == 201
    assert participants(app) == 2
