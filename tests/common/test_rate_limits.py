"""Login and the public registration form are rate-limited per address, and the count holds across workers.

Two app instances stand for two gunicorn workers (or two app servers): with Redis (``REDIS_URL``) they share
one count. The Redis tests need a real Redis at TEST_REDIS_URL (redis://127.0.0.1:6379/15); they are skipped
without it, and fail under CI (CI=true), where Redis must run.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import func, select

from delegates import create_app
from delegates.extensions import db

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
HOW_TO_START_REDIS = (
    "Set TEST_REDIS_URL=redis://127.0.0.1:6379/15 with a Redis server running "
    "(Debian: `apt-get install redis-server && redis-server --daemonize yes`) to run the shared-limit tests."
)


def redis_url() -> str:
    if not TEST_REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is not set under CI. " + HOW_TO_START_REDIS, pytrace=False)
        pytest.skip(HOW_TO_START_REDIS)
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as e:
        pytest.fail(f"Redis does not answer at {TEST_REDIS_URL}: {e}. " + HOW_TO_START_REDIS, pytrace=False)
    return TEST_REDIS_URL


@pytest.fixture
def worker(app):
    """``worker(storage)``: a new app instance on the same database with the rate limits on, as a second
    gunicorn worker would be; the instances built in one test share a key prefix (and nothing else)."""
    prefix = f"delegates-test-{uuid.uuid4().hex}"
    built = []

    def build(storage: str = "memory://", **settings):
        config = {
            "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": prefix,
            "MAIL_OUTBOX": app.config["MAIL_OUTBOX"], "PHOTO_FOLDER": app.config["PHOTO_FOLDER"],
            **settings,
        }
        instance = create_app(config)
        built.append(instance)
        return instance

    yield build
    for instance in built:
        with instance.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


def client_at(instance, address: str, forwarded_for: str | None = None):
    """A test client whose requests come from ``address`` (through a proxy that forwards ``forwarded_for``)."""
    client = instance.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if forwarded_for:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


def wrong_logins(client, csrf_token, email: str, times: int) -> list[int]:
    statuses = []
    for _ in range(times):
        token = csrf_token(client, "/admin/login")
        statuses.append(client.post("/admin/login", data={"csrf_token": token, "email": email,
                                                          "password": "a wrong guess, again"}).status_code)
    return statuses


def test_the_eleventh_login_attempt_in_a_minute_is_refused(worker, organiser, csrf_token, login):
    account = organiser(roles="admin")
    client = worker(RATELIMIT_LOGIN="10 per minute").test_client()
    assert wrong_logins(client, csrf_token, account.email, 10) == [401] * 10
    refused = wrong_logins(client, csrf_token, account.email, 1)
    assert refused == [429]
    # even the right password waits: the limit counts attempts, not failures
    response = login(client, account.email, account.password)
    assert response.status_code == 429
    assert "Too many attempts from your address" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers
    # reading the login page is not limited
    assert client.get("/admin/login").status_code == 200


def test_the_limit_is_per_address(worker, organiser, csrf_token, login):
    account = organiser(roles="admin")
    instance = worker(RATELIMIT_LOGIN="3 per minute")
    one = client_at(instance, "192.0.2.1")
    other = client_at(instance, "192.0.2.2")
    assert wrong_logins(one, csrf_token, account.email, 4) == [401, 401, 401, 429]
    assert login(other, account.email, account.password).status_code == 303


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(worker, organiser, csrf_token):
    account = organiser(roles="admin")
    instance = worker(RATELIMIT_LOGIN="2 per minute", TRUSTED_PROXIES=1)
    first = client_at(instance, "127.0.0.1", forwarded_for="198.51.100.7")
    second = client_at(instance, "127.0.0.1", forwarded_for="198.51.100.8")
    assert wrong_logins(first, csrf_token, account.email, 3) == [401, 401, 429]
    assert wrong_logins(second, csrf_token, account.email, 1) == [401]


def test_in_memory_counts_are_per_worker_which_is_why_production_uses_redis(worker, organiser, csrf_token):
    account = organiser(roles="admin")
    one, two = worker(RATELIMIT_LOGIN="3 per minute"), worker(RATELIMIT_LOGIN="3 per minute")
    assert wrong_logins(one.test_client(), csrf_token, account.email, 3) == [401] * 3
    assert wrong_logins(two.test_client(), csrf_token, account.email, 3) == [401] * 3


def test_with_redis_two_workers_share_one_login_count(worker, organiser, csrf_token, login):
    storage = redis_url()
    account = organiser(roles="admin")
    one = worker(storage, RATELIMIT_LOGIN="10 per minute").test_client()
    two = worker(storage, RATELIMIT_LOGIN="10 per minute").test_client()
    assert wrong_logins(one, csrf_token, account.email, 5) == [401] * 5
    assert wrong_logins(two, csrf_token, account.email, 5) == [401] * 5
    # the eleventh attempt is refused, whichever worker takes it
    assert wrong_logins(one, csrf_token, account.email, 1) == [429]
    assert login(two, account.email, account.password).status_code == 429


def test_redis_url_is_the_default_storage(worker, organiser, csrf_token):
    storage = redis_url()
    account = organiser(roles="admin")
    one = worker(None, REDIS_URL=storage, RATELIMIT_LOGIN="2 per minute").test_client()
    two = worker(None, REDIS_URL=storage, RATELIMIT_LOGIN="2 per minute").test_client()
    assert wrong_logins(one, csrf_token, account.email, 2) == [401, 401]
    assert wrong_logins(two, csrf_token, account.email, 1) == [429]


def registration(csrf_token, client, event, n: int) -> dict:
    path = f"/e/{event.slug}/register"
    return {"csrf_token": csrf_token(client, path), "ui_language": "en", "dietary": "none",
            "category": str(event.categories["Delegate"]), "given_name": "Ann", "family_name": f"Lee {n}",
            "country": "FRA", "email": f"ann.lee.{n}@example.org"}


def test_the_public_registration_form_is_rate_limited(worker, csrf_token, event):
    from delegates.registration.models import Participant

    instance = worker(RATELIMIT_REGISTER="3 per minute")
    client = instance.test_client()
    path = f"/e/{event.slug}/register"
    statuses = [client.post(path, data=registration(csrf_token, client, event, n),
                            content_type="multipart/form-data").status_code for n in range(4)]
    assert statuses == [303, 303, 303, 429]
    with instance.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 3
    assert client.get(path).status_code == 200  # the form still shows
    refused = client.post(path, query_string={"lang": "fr"}, data=registration(csrf_token, client, event, 5),
                          content_type="multipart/form-data")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "<h1>Trop de tentatives</h1>" in page
    assert "Trop de tentatives depuis votre adresse. Patientez quelques minutes, puis réessayez." in page
    assert "Too Many Requests" not in page


def test_without_the_setting_the_limits_are_on(tmp_path):
    instance = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "x"})
    assert instance.config["RATELIMIT_ENABLED"] is True
    assert instance.config["RATELIMIT_LOGIN"] == "10 per minute;50 per hour"


def test_when_redis_is_down_logins_still_work_and_are_still_counted(worker, organiser, csrf_token, login):
    account = organiser(roles="admin")
    # nothing listens on port 1: the storage is unreachable from the start
    client = worker("redis://127.0.0.1:1/0", RATELIMIT_LOGIN="3 per minute",
                    RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 0.2}).test_client()
    assert wrong_logins(client, csrf_token, account.email, 3) == [401] * 3
    assert wrong_logins(client, csrf_token, account.email, 1) == [429]


def test_asking_for_a_lost_link_is_rate_limited_as_registering_is(worker, csrf_token, event):
    """Each answer may send a mail: a stranger cannot flood an address, nor try addresses by the thousand."""
    instance = worker(RATELIMIT_REGISTER="3 per minute")
    client = instance.test_client()
    path = f"/e/{event.slug}/link"
    statuses = [client.post(path, data={"csrf_token": csrf_token(client, path),
                                        "email": f"someone.{n}@example.org"}).status_code for n in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert client.get(path).status_code == 200
