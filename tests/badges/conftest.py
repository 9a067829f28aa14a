"""Badges' fixtures: participants with badges; batch jobs that end before the database closes."""
from __future__ import annotations

import itertools

import pytest

from delegates.common import jobs
from delegates.extensions import db


@pytest.fixture(autouse=True)
def _batch_jobs_end_before_the_database_closes(request):
    """Batches run in threads of the app: let them end before the test's database is closed."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app")
    yield
    jobs.join_threads()


@pytest.fixture
def accredited(app, event, new_participant):
    """``accredited(**columns)``: a saved, accredited participant with a badge number; returns its id."""
    numbers = itertools.count(1)

    def create(**columns) -> int:
        with app.app_context():
            values = {"status": "accredited", "badge_number": next(numbers)}
            values.update(columns)
            participant = new_participant(**values)
            db.session.add(participant)
            db.session.commit()
            return participant.id

    return create
