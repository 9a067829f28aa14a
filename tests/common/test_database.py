"""The database layer: moments in UTC, and SQLite's settings for concurrent use."""
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from delegates.extensions import db
from delegates.registration.models import Event

ROME = ZoneInfo("Europe/Rome")


def test_a_naive_datetime_is_refused(db_session, event):
    row = db_session.get(Event, event.id)
    row.registration_opens_at = datetime(2012, 9, 1, 9, 0)
    with pytest.raises(StatementError, match="naive datetime") as refused:
        db_session.flush()
    assert isinstance(refused.value.orig, ValueError)


def test_an_aware_datetime_comes_back_aware_equal_and_in_utc(app, event):
    opens = datetime(2012, 9, 1, 9, 30, 15, 123456, tzinfo=ROME)
    with app.app_context():
        db.session.get(Event, event.id).registration_opens_at = opens
        db.session.commit()
    with app.app_context():  # a new session: the value comes from the database, not the identity map
        stored = db.session.scalar(select(Event.registration_opens_at).where(Event.id == event.id))
    assert stored == opens
    assert stored.utcoffset() == timedelta(0)
    assert stored == datetime(2012, 9, 1, 7, 30, 15, 123456, tzinfo=UTC)
    assert (stored.hour, stored.tzname()) == (7, "UTC")


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(app):
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_concurrent_writers_each_get_their_own_badge_numbers(app, event):
    """Read-then-write transactions on two threads at once: none fails, no number is handed out twice."""
    from delegates.registration.services import next_badge_number

    numbers: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def reserve(count: int) -> None:
        try:
            start.wait()
            for _ in range(count):
                with app.app_context():
                    row = db.session.get(Event, event.id)  # the read before the write
                    numbers.append(next_badge_number(row))
                    db.session.commit()
        except BaseException as e:  # noqa: BLE001  reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=reserve, args=(15,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 61))
    with app.app_context():
        assert db.session.scalar(select(Event.last_badge_number).where(Event.id == event.id)) == 60



def _hold_the_write_lock(app, seconds: float, held: threading.Event,
                         released: list[float] | None = None) -> threading.Thread:
    """Another writer: a connection of its own that holds SQLite's write lock for ``seconds``; the moment it lets
    go is appended to ``released``."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")

    def hold() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        if released is not None:
            released.append(time.monotonic())
        other.execute("ROLLBACK")
        other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    return thread


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_a_writer_waits_for_the_lock_another_holds_then_writes(app, event):
    from delegates.registration.services import next_badge_number

    held, released = threading.Event(), []
    holder = _hold_the_write_lock(app, 0.3, held, released)
    assert held.wait(5)
    with app.app_context():
        number = next_badge_number(db.session.get(Event, event.id))  # BEGIN IMMEDIATE: waits 0.3 s, then writes
        db.session.commit()
        written = time.monotonic()
        assert released and written > released[0]  # it waited for the other writer to let go
        assert db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == \
            app.config["SQLITE_BUSY_TIMEOUT_MS"]
    holder.join()
    with app.app_context():
        assert db.session.scalar(select(Event.last_badge_number).where(Event.id == event.id)) == number


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_a_writer_gives_up_after_the_busy_timeout_with_database_is_locked(app, event):
    from sqlalchemy.exc import OperationalError

    from delegates.common import database

    held = threading.Event()
    holder = _hold_the_write_lock(app, 1.0, held)
    assert held.wait(5)
    saved, database.busy_timeout_ms = database.busy_timeout_ms, 200
    try:
        with app.app_context(), pytest.raises(OperationalError, match="database is locked"):
            db.session.get(Event, event.id)
    finally:
        database.busy_timeout_ms = saved
        holder.join()
    with app.app_context():  # the connection went back to the pool with its busy timeout
        assert db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == saved
