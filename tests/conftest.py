"""Apps from the factory, on SQLite always and on PostgreSQL when ``TEST_DATABASE_URL`` is set.

Every test that uses ``app`` (or a fixture built on it) runs once per database:

- ``sqlite``: a new database file in ``tmp_path`` for each test, so WAL mode, the busy
  timeout and concurrent connections behave as they do in production;
- ``postgresql`` (marked ``postgresql``; ``pytest -m postgresql`` runs exactly these):
  the schema is made once per session, and every table but ``country`` is emptied
  before each test. The run DROPS the public schema of TEST_DATABASE_URL first: point
  it at a database kept for tests (``delegates_test``). A server that does not answer
  fails the run; it is never skipped.

A test that only makes sense on one database says so:
``@pytest.mark.parametrize("app", ["sqlite"], indirect=True)``.

Outside tests the schema comes from the migrations (``tests/test_migrations.py``
checks that they build the same schema as the models); here ``db.create_all()`` is
enough and much faster.

CSRF stays on, as in production: POST through ``login``, or send the token that
``csrf_token`` reads from a page.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from delegates import create_app
from delegates.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
PASSWORD = "correct horse battery staple"

HOW_TO_START_POSTGRESQL = (
    "Start PostgreSQL with `pg_ctlcluster 15 main start` and create the database with "
    "`createdb -h 127.0.0.1 -U postgres -E UTF8 --template=template0 {database}`, "
    "or unset TEST_DATABASE_URL to run on SQLite only."
)
# Held for the whole session, so that two test runs never empty each other's tables.
ADVISORY_LOCK_KEY = 0x64656C6567617465  # "delegate"
LOCK_WAIT_SECONDS = 600


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgresql: runs on the PostgreSQL database of TEST_DATABASE_URL (see tests/conftest.py)"
    )


def database_params() -> list:
    """``sqlite`` always; ``postgresql`` when TEST_DATABASE_URL is set."""
    params = [pytest.param("sqlite", id="sqlite")]
    if TEST_DATABASE_URL:
        params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql))
    return params


def base_postgresql_url() -> URL:
    url = make_url(TEST_DATABASE_URL)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def postgresql_url() -> URL:
    """TEST_DATABASE_URL; under pytest-xdist (``-n 2``), a database of each worker's own beside it, named after
    the worker ("delegates_test_gw0"), made on first use, so that the workers never empty each other's tables."""
    url = base_postgresql_url()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return url.set(database=f"{url.database}_{worker}") if worker else url


def ensure_database(base: URL, name: str) -> None:
    """Create the database ``name`` on the server of ``base`` unless it exists."""
    engine = admin_engine(base)
    try:
        with engine.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
                connection.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    finally:
        engine.dispose()


def config_for(uri: str) -> dict:
    return {"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": True}


def dispose(app) -> None:
    """Close the app's connections (PostgreSQL would otherwise keep them until the process ends) and end its mail
    thread (which would otherwise try a test's dead SMTP port again, or find another test's server on it)."""
    from delegates.common.mail import stop_sending

    stop_sending(app)
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def load_countries_into(app) -> None:
    from delegates.registration.countries import load_countries

    with app.app_context():
        load_countries()
        db.session.commit()


def admin_engine(url: URL):
    """An AUTOCOMMIT engine for statements that cannot run in a transaction (CREATE DATABASE)."""
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def why_postgresql_does_not_answer(url: URL) -> str | None:
    """None when the server and the database answer, else a message that says what to do."""
    engine = admin_engine(url)
    try:
        with engine.connect():
            return None
    except Exception as e:  # noqa: BLE001  any failure to connect means the same to the person running tests
        reason = str(e).strip().splitlines()[0]
        return (f"TEST_DATABASE_URL is set but PostgreSQL does not answer at {url.render_as_string()}: "
                f"{reason}\n" + HOW_TO_START_POSTGRESQL.format(database=url.database))
    finally:
        engine.dispose()


def pytest_collection_finish(session: pytest.Session) -> None:
    """With TEST_DATABASE_URL set, an unreachable server fails the run at once, with one message."""
    if not TEST_DATABASE_URL or session.config.option.collectonly:
        return
    if any(item.get_closest_marker("postgresql") for item in session.items):
        problem = why_postgresql_does_not_answer(base_postgresql_url())
        if problem:
            pytest.exit(problem, returncode=pytest.ExitCode.TESTS_FAILED)


@pytest.fixture(scope="session")
def postgresql_database():
    """TEST_DATABASE_URL with a fresh schema and the countries, held by this run alone."""
    url, base = postgresql_url(), base_postgresql_url()
    problem = why_postgresql_does_not_answer(base)
    if problem:
        pytest.fail(problem, pytrace=False)
    if url.database != base.database:
        ensure_database(base, url.database)
    engine = admin_engine(url)
    lock = engine.connect()
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while not lock.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}):
            if time.monotonic() > deadline:
                pytest.fail(f"Another test run has held {url.database} for {LOCK_WAIT_SECONDS} s.", pytrace=False)
            time.sleep(0.5)
        lock.execute(text("DROP SCHEMA public CASCADE"))
        lock.execute(text("CREATE SCHEMA public"))
        app = create_app(config_for(url.render_as_string(hide_password=False)))
        with app.app_context():
            db.create_all()
        load_countries_into(app)
        dispose(app)
        yield url
    finally:
        lock.close()  # ends the session, and with it the advisory lock
        engine.dispose()


def empty_postgresql_tables(app) -> None:
    """Every table but ``country`` empty, and every id counting from 1 again.

    The same end state as ``TRUNCATE … RESTART IDENTITY CASCADE``, which costs ~120 ms
    a test here (new files for every table and index); DELETE on a few rows costs ~5 ms.
    """
    tables = [table for table in reversed(db.metadata.sorted_tables) if table.name != "country"]
    with app.app_context():
        try:
            with db.engine.begin() as connection:
                for table in tables:  # children before parents
                    connection.execute(table.delete())
        except IntegrityError:  # a reference that DELETE cannot untangle: let TRUNCATE do it
            names = ", ".join(f'"{table.name}"' for table in tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {names} CASCADE"))
        with db.engine.begin() as connection:
            connection.execute(text(
                "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false) "
                "FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            ))


@pytest.fixture(params=database_params())
def app(request, tmp_path):
    """The application on a database that holds the schema and the countries, and nothing else."""
    if request.param == "sqlite":
        app = create_app(config_for(f"sqlite:///{tmp_path / 'delegates.sqlite'}"))
        with app.app_context():
            db.create_all()
        load_countries_into(app)
    else:
        url = request.getfixturevalue("postgresql_database")
        app = create_app(config_for(url.render_as_string(hide_password=False)))
        empty_postgresql_tables(app)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app):
    """``db.session`` inside an application context, for tests that work on the models directly.

    Do not make requests with ``client`` while it is open: a request would share the context.
    """
    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def assert_refused(db_session):
    """``assert_refused(*rows)``: the database itself refuses to store ``rows`` (IntegrityError on flush)."""

    def check(*rows) -> IntegrityError:
        db_session.add_all(rows)
        with pytest.raises(IntegrityError) as refused:
            db_session.flush()
        db_session.rollback()
        return refused.value

    return check


@pytest.fixture(params=database_params())
def fresh_database_url(request, tmp_path):
    """The URL of a database with nothing in it, not even the countries (for the migrations)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    url = request.getfixturevalue("postgresql_database")
    fresh = url.set(database=f"{url.database}_migrations")
    engine = admin_engine(url)
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{fresh.database}" WITH (FORCE)'))
        connection.execute(text(f"CREATE DATABASE \"{fresh.database}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield fresh.render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{fresh.database}" WITH (FORCE)'))
        engine.dispose()


# -- pages and forms ------------------------------------------------------------------------------------------

_CSRF_INPUT = re.compile(r"<input\b[^>]*\bname=\"csrf_token\"[^>]*>")
_VALUE = re.compile(r"\bvalue=\"([^\"]+)\"")


def read_csrf_token(page: str) -> str:
    found = _CSRF_INPUT.search(page)
    assert found, "the page holds no form with a CSRF token"
    value = _VALUE.search(found.group(0))
    assert value, "the CSRF field has no value"
    return value.group(1)


@pytest.fixture
def csrf_token():
    """``csrf_token(client, path)``: the CSRF token of the form on the page at ``path``, as that client sees it."""

    def read(client, path: str = "/admin/login") -> str:
        response = client.get(path)
        assert response.status_code == 200, f"GET {path} answered {response.status_code}"
        return read_csrf_token(response.get_data(as_text=True))

    return read


@pytest.fixture
def login(csrf_token):
    """``login(client, email, password, next=None)``: submit the real login form; returns the response."""

    def submit(client, email: str, password: str = PASSWORD, next: str | None = None):
        path = "/admin/login"
        query = {"next": next} if next is not None else None
        token = csrf_token(client, path)
        return client.post(path, query_string=query,
                           data={"csrf_token": token, "email": email, "password": password})

    return submit


# -- people ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Account:
    id: int
    email: str
    password: str
    roles: tuple[str, ...]


@pytest.fixture
def organiser(app):
    """``organiser(email=None, password=PASSWORD, roles=("admin",), active=True)``: an organiser account."""
    numbers = itertools.count(1)

    def create(email: str | None = None, password: str = PASSWORD, roles=("admin",), active: bool = True,
               name: str | None = None) -> Account:
        from delegates.admin.services import create_organiser

        roles = (roles,) if isinstance(roles, str) else tuple(roles)
        email = email or f"{'-'.join(roles)}-{next(numbers)}@example.org"
        with app.app_context():
            row = create_organiser(email, password, roles, name=name)
            row.is_active = active
            db.session.commit()
            return Account(row.id, row.email, password, roles)

    return create


@pytest.fixture
def logged_in(organiser, login):
    """``logged_in(client, roles="admin")``: a new organiser with these roles, logged in on ``client``."""

    def log_in(client, roles=("admin",)) -> Account:
        account = organiser(roles=roles)
        response = login(client, account.email, account.password)
        assert response.status_code == 303, response.get_data(as_text=True)
        return account

    return log_in


# -- an event -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventRef:
    """What tests need of the ``event`` fixture's rows, usable outside an application context."""

    id: int
    slug: str
    name: str
    categories: dict[str, int] = field(default_factory=dict)
    delegations: dict[str, int] = field(default_factory=dict)


CATEGORIES = [
    # name, badge colour, text colour, protocol order, minister, head of delegation
    ("Minister", "#8B1E2D", "#FFFFFF", 1, True, False),
    ("Head of Delegation", "#1F4E79", "#FFFFFF", 2, False, True),
    ("Delegate", "#2E7D32", "#FFFFFF", 3, False, False),
]


@pytest.fixture
def event(app) -> EventRef:
    """A small published event in Rome: three categories, delegations of Italy and France."""
    from delegates.registration.models import Category, Delegation, Event

    with app.app_context():
        row = Event(
            slug="test", name="Test General Assembly", short_name="TGA", city="Rome", venue="Rome Cavalieri",
            country_code="ITA", timezone="Europe/Rome", starts_on=date(2012, 11, 5), ends_on=date(2012, 11, 8),
            organiser_name="INTERPOL",
        )
        row.categories = [
            Category(name=name, badge_colour=colour, text_colour=text_colour, protocol_order=order,
                     is_minister=minister, is_head_of_delegation=head)
            for name, colour, text_colour, order, minister, head in CATEGORIES
        ]
        row.delegations = [Delegation(kind="country", country_code=code) for code in ("ITA", "FRA")]
        db.session.add(row)
        db.session.commit()
        return EventRef(
            id=row.id, slug=row.slug, name=row.name,
            categories={c.name: c.id for c in row.categories},
            delegations={d.country_code: d.id for d in row.delegations},
        )


@pytest.fixture
def new_participant(event):
    """``new_participant(**columns)``: a valid, unsaved Participant of ``event`` (a delegate of Italy)."""
    from delegates.registration.models import Participant
    from delegates.registration.services import new_private_token

    numbers = itertools.count(1)

    def build(**columns) -> Participant:
        n = next(numbers)
        values = {
            "event_id": event.id,
            "delegation_id": event.delegations["ITA"],
            "category_id": event.categories["Delegate"],
            "given_name": "Giulia",
            "family_name": f"Rossi {n}",
            "badge_name": f"Giulia Rossi {n}",
            "email": f"giulia.rossi.{n}@example.org",
            "token_hash": new_private_token()[1],
        }
        values.update(columns)
        return Participant(**values)

    return build


@pytest.fixture
def sql_statements(app):
    """``with sql_statements() as seen: ...``: ``seen`` lists the SQL statements sent during the block, in order."""
    from sqlalchemy import event as sa_event

    @contextlib.contextmanager
    def recording():
        seen: list[str] = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        with app.app_context():
            engine = db.engine
        sa_event.listen(engine, "before_cursor_execute", listener)
        try:
            yield seen
        finally:
            sa_event.remove(engine, "before_cursor_execute", listener)

    return recording


# -- mail and photos ------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _write_intent_as_a_new_process_has_it():
    """Every test starts with ``database.write_intent`` at its default (a transaction may write: BEGIN IMMEDIATE
    on SQLite). A request sets it in this thread's context and leaves it there, as gunicorn's next request sets
    it again; a test that follows one that made a GET would otherwise begin a deferred, read transaction."""
    from delegates.common import database

    database.write_intent.set(True)


@pytest.fixture(autouse=True)
def _outbox_and_photos_in_tmp_path(request, tmp_path):
    """Mail written to the outbox and stored photos go to the test's own folder, never to ``instance/``."""
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        app.config["MAIL_OUTBOX"] = str(tmp_path / "outbox")
        app.config["PHOTO_FOLDER"] = str(tmp_path / "photos")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Received(list):
    """The messages an SMTP server received. Mail written in a web request is sent by the app's mail thread: each
    reading waits (up to 10 s) until what was queued so far has been tried."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def settled(self) -> Received:
        from delegates.common.mail import wait_for_sending

        assert wait_for_sending(self.app, timeout=10), "the app's mail thread did not try the queue within 10 s"
        return self

    def __len__(self):
        return super(Received, self.settled()).__len__()

    def __iter__(self):
        return super(Received, self.settled()).__iter__()

    def __getitem__(self, index):
        return super(Received, self.settled()).__getitem__(index)

    def __eq__(self, other):
        return super(Received, self.settled()).__eq__(other)

    def __contains__(self, message):
        return super(Received, self.settled()).__contains__(message)

    def __bool__(self):
        return bool(len(self))

    __hash__ = None


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on loopback (aiosmtpd) that the app sends through; yields the messages that arrived,
    parsed (``email.message.EmailMessage``, policy.default), in order (``Received``)."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received = Received(app)

    class Collect:
        async def handle_DATA(self, server, session, envelope):
            received.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
            return "250 Message accepted"

    controller = Controller(Collect(), hostname="127.0.0.1", port=_free_port(), enable_SMTPUTF8=True)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_USERNAME=None,
                      MAIL_TIMEOUT=5)
    try:
        yield received
    finally:
        controller.stop()
