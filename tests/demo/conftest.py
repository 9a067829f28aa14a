"""The demo event, loaded once per test module into a SQLite file of its own."""
from __future__ import annotations

import time

import pytest

from delegates import create_app
from delegates.extensions import db


def load_demo_into(path) -> tuple:
    """A new app on a new database at ``path``, with the demo loaded and committed: (app, summary, seconds)."""
    from delegates.demo import load_demo

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        summary = load_demo()
        db.session.commit()
        seconds = time.perf_counter() - started
    return app, summary, seconds


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture(scope="module")
def loaded_demo(tmp_path_factory):
    app, summary, seconds = load_demo_into(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    yield app, summary, seconds
    dispose(app)


@pytest.fixture
def fresh_demo(tmp_path):
    """Another load of the demo, into a database of its own: (app, summary, seconds)."""
    app, summary, seconds = load_demo_into(tmp_path / "again.sqlite")
    yield app, summary, seconds
    dispose(app)


@pytest.fixture(scope="module")
def demo_app(loaded_demo):
    """An app whose database holds the schema, the countries and the demo event (committed)."""
    return loaded_demo[0]


@pytest.fixture(scope="module")
def demo_summary(loaded_demo) -> dict:
    return loaded_demo[1]


@pytest.fixture
def demo_db(demo_app):
    """``db.session`` on the demo's database, inside an application context."""
    with demo_app.app_context():
        yield db.session
        db.session.rollback()
