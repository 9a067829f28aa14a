"""An organiser's session ends after 30 minutes without a request, and 12 hours after the login, whatever happens."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from delegates.admin.timeouts import LOGGED_IN_AT, SEEN_AT


def shift_session(client, **ages_in_seconds) -> None:
    """Make the session's login and last-seen times that many seconds old."""
    now = int(time.time())
    with client.session_transaction() as session:
        for key, age in ages_in_seconds.items():
            session[key] = now - age


def sent_to_login(response) -> dict | None:
    if response.status_code != 302:
        return None
    parts = urlsplit(response.headers["Location"])
    return parse_qs(parts.query) if parts.path == "/admin/login" else None


def test_a_session_used_within_half_an_hour_goes_on(client, logged_in, event):
    logged_in(client, "viewer")
    shift_session(client, **{SEEN_AT: 29 * 60, LOGGED_IN_AT: 11 * 3600})
    assert client.get("/admin/").status_code == 200
    # and the request counted as activity
    with client.session_transaction() as session:
        assert int(time.time()) - session[SEEN_AT] < 5


def test_thirty_minutes_without_a_request_end_the_session(client, logged_in, event):
    logged_in(client, "registrar")
    shift_session(client, **{SEEN_AT: 31 * 60})
    response = client.get(f"/admin/e/{event.slug}/")
    query = sent_to_login(response)
    assert query is not None, response.status_code
    assert query["next"] == [f"/admin/e/{event.slug}/"]
    page = client.get("/admin/login").get_data(as_text=True)
    assert "Your session has ended. Please log in again." in page
    # the organiser is logged out for good, not only for that request
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert sent_to_login(client.get("/admin/")) is not None


def test_twelve_hours_after_the_login_the_session_ends_even_if_busy(client, logged_in):
    logged_in(client, "admin")
    shift_session(client, **{LOGGED_IN_AT: 12 * 3600 + 60, SEEN_AT: 10})
    assert sent_to_login(client.get("/admin/")) is not None


def test_activity_does_not_stretch_the_absolute_limit(client, logged_in):
    logged_in(client, "admin")
    shift_session(client, **{LOGGED_IN_AT: 12 * 3600 - 5})
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as session:
        assert int(time.time()) - session[LOGGED_IN_AT] >= 12 * 3600 - 5


def test_a_copied_cookie_expires_with_the_session(app, client, logged_in):
    logged_in(client, "admin")
    shift_session(client, **{SEEN_AT: 40 * 60})
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert sent_to_login(copy.get("/admin/")) is not None


def test_a_login_cookie_without_times_is_not_accepted(client, logged_in):
    logged_in(client, "admin")
    with client.session_transaction() as session:
        session.pop(LOGGED_IN_AT)
    assert sent_to_login(client.get("/admin/")) is not None


def test_the_limits_come_from_the_settings(app, client, logged_in):
    app.config["ORGANISER_IDLE_TIMEOUT"] = 60
    logged_in(client, "admin")
    shift_session(client, **{SEEN_AT: 61})
    assert sent_to_login(client.get("/admin/")) is not None


def test_a_fresh_login_after_the_timeout_works(client, organiser, login):
    account = organiser(roles="admin")
    assert login(client, account.email, account.password).status_code == 303
    shift_session(client, **{SEEN_AT: 3600})
    assert sent_to_login(client.get("/admin/")) is not None
    assert login(client, account.email, account.password).status_code == 303
    assert client.get("/admin/").status_code == 200


def test_public_pages_stay_open_after_an_organiser_session_expired(client, logged_in, event):
    logged_in(client, "admin")
    shift_session(client, **{SEEN_AT: 3600})
    assert client.get("/").status_code == 200
    assert sent_to_login(client.get("/admin/")) is not None
