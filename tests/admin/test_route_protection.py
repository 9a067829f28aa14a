"""Every organiser page and every API endpoint is guarded.

The walks read ``app.url_map``: a route added later is covered without touching this file.
A route that must be open to anyone goes in PUBLIC, with the reason.
"""
import re

import pytest

from delegates.admin.models import ROLES
from delegates.extensions import db

PUBLIC = {
    "admin.login": "the login form itself",
    "admin.logout": "logging out asks for no login (it logs out nobody) and is POST with CSRF",
    "api.openapi": "the API's description, public like any API's documentation",
}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")


def guarded_rules(app, prefix: str) -> list:
    return [
        rule for rule in app.url_map.iter_rules()
        if rule.rule.startswith(prefix) and rule.endpoint not in PUBLIC and not rule.endpoint.endswith("static")
    ]


def url_of(rule, event) -> str:
    """The rule's URL with its parameters filled: the event's slug, 1 for numbers, an ``any`` converter's first
    choice, "1" for other text."""

    def value(match: re.Match) -> str:
        converter, name = match.group("converter"), match.group("name")
        if name == "slug":
            return event.slug
        if converter == "uuid":
            return "00000000-0000-0000-0000-000000000001"
        if converter == "any":  # <any(csv, xlsx):kind>: the first choice
            return match.group("options").split(",")[0].strip().strip("'\"")
        return "1"

    return _ARGUMENT.sub(value, rule.rule)


def is_login_redirect(response, path: str | None = None) -> bool:
    if response.status_code != 302:
        return False
    location = response.headers["Location"]
    return location.startswith("/admin/login") and (path is None or f"next={path.replace('/', '%2F')}" in location)


@pytest.fixture
def api_token(app, event):
    """``api_token(role)``: a bearer token for the ``event`` fixture."""
    from delegates.admin.services import create_api_token
    from delegates.registration.models import Event

    def create(role: str) -> str:
        with app.app_context():
            _row, token = create_api_token(db.session.get(Event, event.id), role, f"{role} test device")
            db.session.commit()
            return token

    return create


def test_every_organiser_view_declares_the_roles_it_needs(app):
    unguarded = [rule.rule for rule in guarded_rules(app, "/admin")
                 if not hasattr(app.view_functions[rule.endpoint], "required_roles")]
    assert unguarded == []


def test_an_anonymous_visitor_is_sent_to_login_from_every_organiser_page(client, event):
    rules = [rule for rule in guarded_rules(client.application, "/admin") if "GET" in rule.methods]
    assert rules, "no organiser pages found"
    for rule in rules:
        url = url_of(rule, event)
        response = client.get(url)
        assert is_login_redirect(response, url), f"GET {url} answered {response.status_code} to an anonymous visitor"


def test_an_anonymous_visitor_cannot_change_anything_under_admin(client, csrf_token, event):
    token = csrf_token(client, "/admin/login")  # a valid token: the login check, not CSRF, must refuse
    for rule in guarded_rules(client.application, "/admin"):
        for method in sorted(rule.methods & set(WRITE_METHODS)):
            url = url_of(rule, event)
            response = client.open(url, method=method, headers={"X-CSRFToken": token})
            assert is_login_redirect(response), f"{method} {url} answered {response.status_code} to anonymous"


def test_a_viewer_can_read_the_dashboards(client, logged_in, event):
    logged_in(client, "viewer")
    index = client.get("/admin/")
    assert index.status_code == 200
    assert event.name in index.get_data(as_text=True)
    dashboard = client.get(f"/admin/e/{event.slug}/")
    assert dashboard.status_code == 200
    assert event.name in dashboard.get_data(as_text=True)


def test_a_viewer_may_open_every_organiser_page(client, logged_in, event):
    logged_in(client, "viewer")
    for rule in guarded_rules(client.application, "/admin"):
        if "GET" not in rule.methods:
            continue
        url = url_of(rule, event)
        response = client.get(url)
        assert response.status_code not in (401, 403), f"GET {url} refused a viewer"
        assert response.status_code < 500, f"GET {url} failed for a viewer"
        assert not is_login_redirect(response), f"GET {url} sent a viewer to the login page"


def test_a_viewer_cannot_change_anything(client, logged_in, csrf_token, event):
    logged_in(client, "viewer")
    token = csrf_token(client, "/admin/")
    for rule in guarded_rules(client.application, "/admin"):
        url = url_of(rule, event)
        for method in WRITE_METHODS:
            response = client.open(url, method=method, headers={"X-CSRFToken": token})
            expected = (403,) if method in rule.methods else (403, 405)
            assert response.status_code in expected, f"{method} {url} answered {response.status_code} to a viewer"
    assert client.get("/admin/").status_code == 200, "the walk logged the viewer out"


def api_rules(app) -> list:
    rules = guarded_rules(app, "/api")
    if not rules:
        pytest.skip("no /api routes yet")
    return rules


def assert_json_error(response, status: int, what: str) -> None:
    assert response.status_code == status, f"{what} answered {response.status_code}, not {status}"
    body = response.get_json(silent=True)
    assert isinstance(body, dict), f"{what} did not answer JSON"
    assert body.get("error") and body.get("message"), f"{what} answered {body}"


@pytest.mark.parametrize("authorization", [None, "Bearer dlg_not-a-real-token", "Basic dXNlcjpwYXNz"],
                         ids=["no-token", "unknown-token", "basic-auth"])
def test_the_api_answers_401_json_without_a_valid_token(client, event, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    for rule in api_rules(client.application):
        url = url_of(rule, event)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers=headers, json={})
            assert_json_error(response, 401, f"{method} {url}")


def test_a_viewer_token_cannot_change_anything_through_the_api(client, event, api_token):
    headers = {"Authorization": f"Bearer {api_token('viewer')}"}
    for rule in api_rules(client.application):
        url = url_of(rule, event)
        for method in WRITE_METHODS:
            response = client.open(url, method=method, headers=headers, json={})
            if method in rule.methods:
                assert_json_error(response, 403, f"{method} {url}")
            else:
                assert response.status_code in (403, 405), f"{method} {url} answered {response.status_code}"


def test_the_api_description_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"].startswith("3.")


# -- the role × route matrix -----------------------------------------------------------------------------------

def may(role: str, required: tuple[str, ...], method: str) -> bool:
    """What ``requires``/``token_required`` promise: admin everywhere; a listed role; any role reads a page that
    lists none; the viewer reads everything."""
    if role == "admin" or role in required:
        return True
    if method in ("GET", "HEAD"):
        return role == "viewer" or not required
    return False


def matrix_methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


@pytest.mark.parametrize("role", [r for r in ROLES if r != "viewer"])
def test_each_role_reaches_exactly_the_organiser_pages_it_may(client, logged_in, csrf_token, event, role):
    logged_in(client, role)
    token = csrf_token(client, "/admin/")
    wrong = []
    for rule in guarded_rules(client.application, "/admin"):
        required = client.application.view_functions[rule.endpoint].required_roles
        url = url_of(rule, event)
        for method in matrix_methods(rule):
            response = client.open(url, method=method, headers={"X-CSRFToken": token})
            allowed = may(role, required, method)
            if response.status_code >= 500:
                wrong.append(f"{method} {url}: {response.status_code}")
            elif allowed and (response.status_code == 403 or is_login_redirect(response)):
                wrong.append(f"{method} {url}: {role} refused ({response.status_code}), needs {required or 'any'}")
            elif not allowed and response.status_code != 403:
                wrong.append(f"{method} {url}: {role} let in ({response.status_code}), needs {required}")
    assert wrong == []
    assert client.get("/admin/").status_code == 200, "the walk logged the organiser out"


@pytest.mark.parametrize("role", ROLES)
def test_each_api_token_role_reaches_exactly_the_endpoints_it_may(client, event, api_token, role):
    headers = {"Authorization": f"Bearer {api_token(role)}"}
    wrong = []
    for rule in api_rules(client.application):
        required = client.application.view_functions[rule.endpoint].required_roles
        url = url_of(rule, event)
        for method in matrix_methods(rule):
            response = client.open(url, method=method, headers=headers, json={})
            allowed = may(role, required, method)
            if response.status_code >= 500:
                wrong.append(f"{method} {url}: {response.status_code}")
            elif allowed and response.status_code in (401, 403):
                wrong.append(f"{method} {url}: a {role} token refused ({response.status_code}), needs {required}")
            elif not allowed:
                try:
                    assert_json_error(response, 403, f"{method} {url} with a {role} token")
                except AssertionError as e:
                    wrong.append(str(e))
    assert wrong == []


def test_every_api_view_declares_the_roles_it_needs(app):
    unguarded = [rule.rule for rule in guarded_rules(app, "/api")
                 if not hasattr(app.view_functions[rule.endpoint], "required_roles")]
    assert unguarded == []


def test_a_token_for_one_event_is_refused_on_another(app, client, event, api_token):
    from datetime import date

    from delegates.registration.models import Event

    with app.app_context():
        db.session.add(Event(slug="other", name="Other Assembly", city="Lyon", country_code="FRA",
                             timezone="Europe/Paris", starts_on=date(2013, 11, 4), ends_on=date(2013, 11, 7),
                             organiser_name="INTERPOL"))
        db.session.commit()
    headers = {"Authorization": f"Bearer {api_token('admin')}"}
    response = client.get("/api/v1/events/other/participants", headers=headers)
    assert_json_error(response, 403, "an admin token of 'test' on 'other'")
