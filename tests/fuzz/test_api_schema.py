"""The API fuzzed against its own OpenAPI document (schemathesis): no server error, no answer outside the schema.

Every operation of /api/v1/openapi.json is called through the WSGI app with generated parameters and bodies,
valid and invalid, with a real token (role admin, which every operation admits) of the demo event; the event's
slug is the real one in most calls so that the requests reach past the 404. The demo (1,137 participants,
sessions, declarations) is loaded once for the module on SQLite. ``HYPOTHESIS_PROFILE=deep`` tries many more
cases than CI does.
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from delegates import create_app
from delegates.api.openapi import openapi_document
from delegates.extensions import db

SLUG = "ga81"
EXAMPLES = 400 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 25


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    from delegates.admin.services import create_api_token
    from delegates.demo import load_demo
    from delegates.registration.countries import load_countries
    from delegates.registration.models import Event

    folder = tmp_path_factory.mktemp("api-fuzz")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
                      "SECRET_KEY": "fuzz", "MAIL_OUTBOX": str(folder / "outbox"),
                      "PHOTO_FOLDER": str(folder / "photos"), "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        load_countries()
        load_demo(SLUG)
        event = db.session.scalar(db.select(Event).where(Event.slug == SLUG))
        _row, token = create_api_token(event, "admin", "fuzzer")
        db.session.commit()
        db.session.remove()
    app.config["FUZZ_TOKEN"] = token
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def api_schema(demo_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", demo_app)


# one test per operation, listed from the document itself (schemathesis' own pytest plugin does not run under
# pytest 9, so each test draws its cases with Hypothesis from the operation's strategy)
OPERATIONS = [(method.upper(), path) for path, operations in openapi_document()["paths"].items()
              for method in operations]


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_the_api_answers_every_request_within_its_schema_and_never_with_a_server_error(demo_app, api_schema,
                                                                                      method, path):
    operation = api_schema[path][method]
    headers = {"Authorization": f"Bearer {demo_app.config['FUZZ_TOKEN']}"}

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def call(case):
        if case.path_parameters and "slug" in case.path_parameters and hash(repr(case.body)) % 5:
            case.path_parameters["slug"] = SLUG  # four calls in five on the real event
        # every check but "a request valid by the schema is accepted": the schema cannot say which countries,
        # categories or badge codes exist, so a well-formed request can rightly get a 400 naming the field
        case.call_and_validate(headers=headers, excluded_checks=[schemathesis.checks.positive_data_acceptance])

    call()


@pytest.mark.parametrize(("method", "path", "body", "status"), [
    ("GET", "/api/v1/events/ga81/participants/830995680509684512456704", None, 404),  # past any database id
    ("POST", "/api/v1/events/ga81/participants/348528729982697192673041660772352/accredit", None, 404),
    ("GET", "/api/v1/events/ga81/participants?page=6841422947417290138143686656", None, 400),
    ("GET", "/api/v1/events/ga81/participants?page=%C2%B2", None, 400),  # '²' is a digit to str.isdigit
    ("POST", "/api/v1/events/ga81/scans", {"code": "1.1.1.\u0080FRQQRRUC3R7FF5W"}, 200),  # not ASCII: refused
    ("POST", "/api/v1/events/ga81/scans", {"code": "١.١.١.ABC"}, 200),  # Arabic-Indic digits: not ours
], ids=["huge id", "huge id, POST", "huge page", "superscript page", "non-ASCII code", "Arabic digits"])
def test_what_the_fuzzer_found_is_answered_with_a_4xx_or_a_refusal(demo_app, method, path, body, status):
    client = demo_app.test_client()
    answer = client.open(path, method=method, json=body,
                         headers={"Authorization": f"Bearer {demo_app.config['FUZZ_TOKEN']}"})
    assert answer.status_code == status, answer.get_data(as_text=True)
    if path.endswith("/scans"):
        assert answer.get_json()["result"] == "refused"
