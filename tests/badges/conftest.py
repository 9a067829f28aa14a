"""Badges' fixtures: participants with badges, batch jobs in tmp_path."""
from __future__ import annotations

import itertools

import pytest

from delegates.extensions import db


@pytest.fixture(autouse=True)
def _badge_jobs_in_tmp_path(request, tmp_path):
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["BADGE_JOBS_FOLDER"] = str(tmp_path / "badge-jobs")


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
