"""Every page, public or organiser's, answers with the strict security headers; and no page holds inline script."""
from __future__ import annotations

import re

import pytest

from delegates.common.http import CONTENT_SECURITY_POLICY

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")


def url_of(rule, event) -> str:
    def value(match):
        if match.group("name") == "slug":
            return event.slug
        if match.group("converter") == "any":
            return match.group("options").split(",")[0].strip().strip("'\"")
        return "1"

    return _ARGUMENT.sub(value, rule.rule)


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def assert_strict(response, what: str) -> None:
    response.close()  # a static file's response holds the file open
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, f"{what}: {name} is {response.headers.get(name)!r}"
    # private pages (/me/<token>, /d/<token>) send no referrer at all; the others none to other sites
    assert response.headers.get("Referrer-Policy") in ("same-origin", "no-referrer"), what
    directives = policy(response)
    assert directives.get("script-src") == "script-src 'self'", f"{what}: {directives.get('script-src')}"
    assert directives.get("style-src") == "style-src 'self'", what
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", what
    assert directives.get("object-src") == "object-src 'none'", what
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"], what
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"], what
    if response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>", page)
        assert inline == [], f"{what}: inline script {inline[:2]}"
        handlers = re.findall(r"<[a-z][^>]*\son[a-z]+\s*=", page)
        assert handlers == [], f"{what}: event handler attributes {handlers[:2]}"
        assert not re.search(r"<[a-z][^>]*\sstyle\s*=", page), f"{what}: a style attribute"


def get_routes(app):
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.endpoint.endswith("static")]


def test_the_policy_is_the_strict_one():
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_every_get_route_answers_with_the_headers_to_a_stranger(client, event):
    rules = get_routes(client.application)
    assert len(rules) > 20
    for rule in rules:
        url = url_of(rule, event)
        assert_strict(client.get(url), f"anonymous GET {url}")


def test_every_get_route_answers_with_the_headers_to_an_organiser(client, logged_in, event):
    logged_in(client, "admin")
    for rule in get_routes(client.application):
        url = url_of(rule, event)
        response = client.get(url)
        assert_strict(response, f"admin GET {url} ({response.status_code})")
        if url.startswith(("/admin", "/me/", "/d/", "/api/")):
            assert "no-store" in response.headers.get("Cache-Control", ""), url


@pytest.mark.parametrize("path", ["/", "/e/test/", "/e/test/register", "/admin/login", "/nowhere", "/api/v1/nowhere",
                                  "/static/css/app.css"])
def test_errors_static_files_and_the_api_carry_them_too(client, event, path):
    assert_strict(client.get(path), path)


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_the_headers_hold_in_every_language(client, event, lang):
    assert_strict(client.get(f"/e/test/register?lang={lang}"), lang)
    assert_strict(client.get(f"/admin/login?lang={lang}"), lang)
