"""A disk that fills up or turns read-only under SQLite: 503 with the house page, nothing half-written, recovery.

The database lives on a tmpfs of its own (a few MB), mounted for the test: ``mount`` needs root, which CI and
the development machines have; elsewhere the tests skip, and with CI=true they fail instead.
PostgreSQL's side is in test_read_only_database.py.
"""
from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text

from delegates import create_app
from delegates.extensions import db

DISK_MB = 8


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


@pytest.fixture
def disk(tmp_path):
    """A small tmpfs of our own; unmounted after the test."""
    if os.geteuid() != 0:
        message = "mounting a small tmpfs needs root"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path / "disk"
    folder.mkdir()
    mount("-t", "tmpfs", "-o", f"size={DISK_MB}m", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def app(disk, tmp_path):
    """The application with its SQLite database on the small disk (overrides tests/conftest.py's ``app``)."""
    from delegates.registration.countries import load_countries

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{disk / 'delegates.sqlite'}",
                      "SECRET_KEY": "test", "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        load_countries()
        db.session.commit()
    yield app
    release(app)


def release(app) -> None:
    """Close every connection of the app's pool (a read-only remount refuses files open for writing)."""
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def fill(disk: Path) -> Path:
    """Write zeros until the disk says it is full; returns the file that fills it."""
    filler = disk / "filler"
    block = b"\0" * 4096
    with filler.open("wb", buffering=0) as f:
        try:
            while f.write(block):
                pass
        except OSError:  # ENOSPC: full
            pass
    return filler


def jpeg() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (120, 140, 160)).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def what_is_stored(app, tmp_path) -> dict:
    with app.app_context():
        counts = {table: db.session.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608  our own names
                  for table in ("participant", "audit_entry", "assignment")}
        db.session.remove()
    for folder in ("outbox", "photos"):
        path = tmp_path / folder
        counts[folder] = len(list(path.iterdir())) if path.is_dir() else 0
    return counts


@pytest.fixture
def register(client, csrf_token, event):
    """``register(email, token=None)``: the public form, with a photo, as a browser posts it (after reading the
    form for its CSRF token, unless given the token of a form read before)."""
    path = f"/e/{event.slug}/register"

    def post(email: str, token: str | None = None):
        return client.post(path, content_type="multipart/form-data", data={
            "csrf_token": token or csrf_token(client, path), "given_name": "Łukasz", "family_name": "Żółć",
            "country": "POL", "category": str(event.categories["Delegate"]), "email": email,
            "ui_language": "en", "dietary": "none", "photo": (jpeg(), "me.jpg")})

    return post


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert response.headers.get("Retry-After")
    assert "Temporarily unavailable" in response.get_data(as_text=True)


def test_a_full_disk_answers_503_keeps_nothing_of_the_registration_and_the_app_recovers(
        app, event, disk, register, tmp_path):
    assert register("first@example.org").status_code == 303
    with app.app_context():  # the write-ahead log emptied and cut to nothing: the next write needs new space
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
    before = what_is_stored(app, tmp_path)
    filler = fill(disk)

    assert_unavailable_page(register("second@example.org"))
    assert what_is_stored(app, tmp_path) == before  # no row, no audit entry, no mail, no photo left behind

    filler.unlink()
    assert register("second@example.org").status_code == 303
    after = what_is_stored(app, tmp_path)
    assert after["participant"] == before["participant"] + 1 and after["photos"] == before["photos"] + 1
    with app.app_context():
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_a_read_only_disk_answers_503_to_the_form_and_the_api_and_the_app_recovers(
        app, client, csrf_token, event, disk, register, tmp_path):
    from delegates.admin.services import create_api_token
    from delegates.registration.models import Event

    assert register("first@example.org").status_code == 303
    with app.app_context():
        _row, token = create_api_token(db.session.get(Event, event.id), "registrar", "integration")
        db.session.commit()
    form_token = csrf_token(client, f"/e/{event.slug}/register")  # the form was open when the disk turned
    before = what_is_stored(app, tmp_path)
    release(app)
    mount("-o", "remount,ro", str(disk))
    try:
        assert_unavailable_page(register("second@example.org", form_token))
        api = client.post(f"/api/v1/events/{event.slug}/participants", headers={"Authorization": f"Bearer {token}"},
                          json={"given_name": "Ana", "family_name": "García", "country": "ESP",
                                "category": "Delegate", "email": "ana@example.org"})
        assert api.status_code == 503 and api.get_json()["error"] == "service_unavailable"
    finally:
        release(app)
        mount("-o", "remount,rw", str(disk))
    assert what_is_stored(app, tmp_path) == before

    assert register("second@example.org").status_code == 303
    assert what_is_stored(app, tmp_path)["participant"] == before["participant"] + 1
