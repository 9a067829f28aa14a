"""`delegates backup FILE` and `delegates restore FILE`: a backup restores to the same participants, on both
databases; a restore never overwrites data by accident, and refuses a broken or foreign file."""
from __future__ import annotations

import os
import sqlite3

import pytest
from sqlalchemy import select, text

from delegates import create_app
from delegates.extensions import db
from delegates.registration.models import Participant


def people(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(Participant.given_name, Participant.family_name, Participant.email).order_by(Participant.id)
        ).all()


@pytest.fixture
def participants(app, new_participant):
    with app.app_context():
        db.session.add_all([
            new_participant(given_name="Łukasz", family_name="Żółć", email="lukasz@example.org"),
            new_participant(given_name="王", family_name="小洪", email="wang@example.org"),
            new_participant(given_name="عبد الله", family_name="بن زايد", email="abdullah@example.org"),
        ])
        db.session.commit()
    return people(app)


@pytest.fixture
def other_database(app, tmp_path, request):
    """The URL of a second, empty database of the same kind as ``app``'s (the restore's target)."""
    from sqlalchemy import create_engine, make_url
    from sqlalchemy.pool import NullPool

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    target = url.set(database=f"{url.database}_restore")
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(text(f"CREATE DATABASE \"{target.database}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield target.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def second_app(app, other_database):
    instance = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": other_database})
    yield instance
    with instance.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_backup_restores_the_same_participants_into_an_empty_database(
        app, runner, participants, second_app, tmp_path):
    file = tmp_path / "delegates.backup"
    result = runner.invoke(args=["backup", str(file)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and file.stat().st_size > 0
    assert not (tmp_path / "delegates.backup.part").exists()

    result = second_app.test_cli_runner().invoke(args=["restore", str(file)])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    assert people(second_app) == participants
    assert [p[0] for p in participants] == ["Łukasz", "王", "عبد الله"]


def test_a_restore_refuses_a_database_that_holds_data_unless_forced(app, runner, participants, tmp_path):
    file = tmp_path / "delegates.backup"
    assert runner.invoke(args=["backup", str(file)]).exit_code == 0
    with app.app_context():
        db.session.execute(Participant.__table__.delete())
        db.session.commit()
    with app.app_context():
        from delegates.registration.models import Event

        db.session.get(Event, 1).name = "Changed after the backup"
        db.session.commit()

    refused = runner.invoke(args=["restore", str(file)])
    assert refused.exit_code != 0
    assert "The database is not empty (1 rows in event)" in refused.output
    assert "--force" in refused.output
    assert people(app) == []  # nothing changed

    forced = runner.invoke(args=["restore", str(file), "--force"])
    assert forced.exit_code == 0, forced.output
    assert people(app) == participants
    with app.app_context():
        from delegates.registration.models import Event

        assert db.session.get(Event, 1).name == "Test General Assembly"


def test_a_file_that_is_not_a_backup_is_refused(app, runner, participants, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("title,given_name\n")
    result = runner.invoke(args=["restore", str(file), "--force"])
    assert result.exit_code != 0
    assert "notes.txt is not a" in result.output
    assert people(app) == participants


def test_a_missing_file_is_named(runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "nowhere.backup")])
    assert result.exit_code != 0
    assert "There is no backup file" in result.output and "nowhere.backup" in result.output


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_a_corrupt_sqlite_backup_is_refused_before_anything_changes(app, runner, participants, tmp_path):
    file = tmp_path / "delegates.backup"
    assert runner.invoke(args=["backup", str(file)]).exit_code == 0
    data = bytearray(file.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for at in range(page_size * 2, len(data), 7):  # scribble over every page after the first two
        data[at] = 0xFF
    file.write_bytes(bytes(data))

    result = runner.invoke(args=["restore", str(file), "--force"])
    assert result.exit_code != 0
    assert "The backup" in result.output and ("integrity" in result.output or "not a readable" in result.output)
    assert people(app) == participants


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_the_sqlite_backup_is_a_database_that_passes_its_integrity_check(app, runner, participants, tmp_path):
    file = tmp_path / "copy.sqlite"
    assert runner.invoke(args=["backup", str(file)]).exit_code == 0
    connection = sqlite3.connect(file)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM participant").fetchone() == (3,)
    finally:
        connection.close()


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_a_postgresql_archive_is_refused_by_a_sqlite_installation(app, runner, tmp_path):
    file = tmp_path / "pg.backup"
    file.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
    result = runner.invoke(args=["restore", str(file)])
    assert result.exit_code != 0
    assert "is a PostgreSQL archive; this installation runs on SQLite" in result.output


@pytest.mark.postgresql
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL (TEST_DATABASE_URL)")
@pytest.mark.parametrize("app", ["postgresql"], indirect=True)
def test_without_pg_dump_the_backup_says_what_to_install(app, runner, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: no pg_dump anywhere
    result = runner.invoke(args=["backup", str(tmp_path / "x.backup")])
    assert result.exit_code != 0
    assert "pg_dump is not installed here" in result.output and "postgresql-client" in result.output
    assert not (tmp_path / "x.backup").exists() and not (tmp_path / "x.backup.part").exists()
