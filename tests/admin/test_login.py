"""Organisers log in at /admin/login and out with a POST; a copied cookie dies with the logout."""
from urllib.parse import parse_qs, urlsplit

import pytest

from delegates.extensions import db

WRONG = "The email or the password is wrong."


def location(response) -> tuple[str, dict]:
    parts = urlsplit(response.headers["Location"])
    assert parts.netloc in ("", "localhost"), f"redirect leaves the site: {response.headers['Location']}"
    return parts.path, parse_qs(parts.query)


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def logged_in_user_id(client):
    with client.session_transaction() as session:
        return session.get("_user_id")


def log_out(client, csrf_token):
    token = csrf_token(client, "/admin/")  # the logout form in the organisers' header
    return client.post("/admin/logout", data={"csrf_token": token})


def test_the_login_page_asks_for_email_and_password(client):
    page = client.get("/admin/login").get_data(as_text=True)
    assert ">Email</label>" in page
    assert ">Password</label>" in page
    assert 'name="csrf_token"' in page


def test_an_organiser_logs_in_and_sees_the_events(client, organiser, login, event):
    account = organiser(roles="registrar")
    response = login(client, account.email, account.password)
    assert response.status_code == 303
    assert location(response)[0] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert account.email in page.get_data(as_text=True)
    assert event.name in page.get_data(as_text=True)


def test_the_email_is_not_case_sensitive_at_login(client, organiser, login):
    account = organiser(email="registrar@example.org", roles="registrar")
    assert login(client, "  Registrar@Example.ORG ", account.password).status_code == 303


def test_a_wrong_password_is_refused_with_401_and_no_session(client, organiser, login):
    account = organiser(roles="registrar")
    response = login(client, account.email, "not the password at all")
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)
    assert logged_in_user_id(client) is None
    assert location(client.get("/admin/"))[0] == "/admin/login"


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client, login):
    response = login(client, "nobody@example.org", "correct horse battery staple")
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)


def test_an_inactive_organiser_cannot_log_in(client, organiser, login):
    account = organiser(roles="admin", active=False)
    response = login(client, account.email, account.password)
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)
    assert logged_in_user_id(client) is None


def test_an_organiser_made_inactive_is_logged_out_at_the_next_page(app, client, logged_in):
    from delegates.admin.models import Organiser

    account = logged_in(client, "admin")
    assert client.get("/admin/").status_code == 200
    with app.app_context():
        db.session.get(Organiser, account.id).is_active = False
        db.session.commit()
    assert location(client.get("/admin/"))[0] == "/admin/login"


def test_a_login_without_the_forms_token_is_refused(client, organiser):
    account = organiser(roles="admin")
    response = client.post("/admin/login", data={"email": account.email, "password": account.password})
    assert response.status_code == 400
    assert logged_in_user_id(client) is None


def test_an_anonymous_visitor_is_sent_to_the_login_page_and_back(client, organiser, login, event):
    response = client.get("/admin/e/test/")
    assert response.status_code == 302
    path, query = location(response)
    assert path == "/admin/login"
    assert query["next"] == ["/admin/e/test/"]

    account = organiser(roles="viewer")
    response = login(client, account.email, account.password, next=query["next"][0])
    assert response.status_code == 303
    assert location(response)[0] == "/admin/e/test/"
    assert client.get("/admin/e/test/").status_code == 200


@pytest.mark.parametrize("target", ["//evil.example.org", "https://evil.example.org",
                                    "https://evil.example.org/admin/", "/\\evil.example.org"])
def test_a_next_that_points_to_another_host_is_ignored(client, organiser, login, target):
    account = organiser(roles="admin")
    response = login(client, account.email, account.password, next=target)
    assert response.status_code == 303
    assert "evil" not in response.headers["Location"]
    assert location(response)[0] == "/admin/"


def test_login_starts_a_new_session(client, organiser, login):
    with client.session_transaction() as session:
        session["planted"] = "by someone before the login"
    before = session_cookie(client)
    account = organiser(roles="admin")
    assert login(client, account.email, account.password).status_code == 303
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{account.id}:")
    assert session_cookie(client) != before


def test_the_language_chosen_on_the_login_page_stays_after_login_and_logout(client, organiser, login, csrf_token):
    client.get("/admin/login", query_string={"lang": "ar"})
    with client.session_transaction() as session:
        session["planted"] = "by someone before the login"
    account = organiser(roles="admin")
    assert login(client, account.email, account.password).status_code == 303
    page = client.get("/admin/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    with client.session_transaction() as session:
        assert "planted" not in session
    assert log_out(client, csrf_token).status_code == 303
    page = client.get("/admin/login").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "تم تسجيل خروجكم." in page


def test_logout_ends_the_session(client, logged_in, csrf_token):
    logged_in(client, "admin")
    response = log_out(client, csrf_token)
    assert response.status_code == 303
    assert location(response)[0] == "/admin/login"
    assert "You are logged out." in client.get("/admin/login").get_data(as_text=True)
    assert location(client.get("/admin/"))[0] == "/admin/login"


def test_logout_without_the_forms_token_is_refused(client, logged_in):
    logged_in(client, "admin")
    assert client.post("/admin/logout").status_code == 400
    assert client.get("/admin/").status_code == 200


def test_a_copied_session_cookie_stops_working_at_logout(app, client, logged_in, csrf_token):
    logged_in(client, "admin")
    copy = app.test_client()
    copy.set_cookie("session", session_cookie(client))
    assert copy.get("/admin/").status_code == 200  # the copy works while the session lasts

    assert log_out(client, csrf_token).status_code == 303

    response = copy.get("/admin/")
    assert response.status_code == 302
    assert location(response)[0] == "/admin/login"

