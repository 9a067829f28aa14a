"""The declarative base, column types and engine settings shared by every domain."""
from __future__ import annotations

import contextvars
import sqlite3
import time
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A moment in time: stored in UTC, always handed back time-zone aware.

    Naive datetimes are refused, so that no local wall-clock time is ever stored
    by mistake. Show a moment in the event's zone with ``.astimezone(event.tz)``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give it a time zone")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Whether the transaction about to begin will write. On SQLite a transaction that
# reads and then writes can fail with "database is locked" when another writer got
# in between; BEGIN IMMEDIATE takes the write lock up front. Safe HTTP methods set
# this to False so that page views do not queue behind each other.
write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)
busy_timeout_ms: int = 15000


def start_writing(session) -> None:
    """End the session's read transaction (it wrote nothing) and let the next statement begin a write transaction
    (BEGIN IMMEDIATE on SQLite): for a request that reads first, at length, and writes briefly at the end, so that
    the write lock is held only to write. What the session read stays loaded."""
    commit_keeping_loaded(session)
    write_intent.set(True)


def commit_keeping_loaded(session) -> None:
    """Commit without expiring what the session holds (each object would be read again at its next use)."""
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # We emit BEGIN ourselves (see _sqlite_on_begin); pysqlite's own handling is off.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection):
    if connection.dialect.name != "sqlite":
        return
    if write_intent.get():
        _begin_immediate(connection)
    else:
        connection.exec_driver_sql("BEGIN")


# between two tries at the write lock: from 0.2 ms, doubling up to 2 ms
_FIRST_PAUSE, _LONGEST_PAUSE = 0.0002, 0.002


def _begin_immediate(connection) -> None:
    """BEGIN IMMEDIATE, trying again every fraction of a millisecond while another writer holds the lock, for up
    to ``busy_timeout_ms``.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20 and 25 ms between its tries: a writer that finds the
    lock taken by a registration's 5 ms transaction slept 8 ms, the lock free for the last 3 of them.
    """
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA busy_timeout = 0")  # a try that finds the lock taken answers at once
    try:
        deadline = time.monotonic() + busy_timeout_ms / 1000
        pause = _FIRST_PAUSE
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")


def _is_busy(error: OperationalError) -> bool:
    return isinstance(error.orig, sqlite3.OperationalError) and "locked" in str(error.orig)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK that ``column`` holds one of ``values``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
