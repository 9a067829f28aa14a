"""Fixtures of the reliability tests: ``serve`` starts gunicorn on the ``app`` fixture's database (see served.py)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from served import Server


@pytest.fixture
def serve(app, tmp_path):
    """``with serve(workers=2) as server:`` gunicorn serving ``app``'s database on a free port."""
    started: list[Server] = []

    @contextmanager
    def run(**options):
        server = Server(app, tmp_path, **options)
        started.append(server)
        try:
            yield server.start()
        finally:
            server.stop()

    yield run
    for server in started:
        server.stop()


