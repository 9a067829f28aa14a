"""Where a redirect after login may go."""
import pytest

from delegates.common.navigation import safe_next


@pytest.mark.parametrize("target", ["/admin/", "/admin/e/ga81/?q=Rossi", "/e/ga81/"])
def test_a_path_on_this_site_is_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", [
    "//evil.example.org", "https://evil.example.org", "http://evil.example.org/admin/", "/\\evil.example.org",
    "///evil.example.org", "javascript:alert(1)", "evil.example.org", "", None,
])
def test_anything_that_could_leave_the_site_is_dropped(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", [
    "/\t/evil.example", "/\n/evil.example", "/\r\n//evil.example", "\t//evil.example", " //evil.example",
    "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%5cevil.example", "%2F%2Fevil.example",
    "/%09/evil.example", "/\x00/evil.example", "/\u202e/evil.example", "/\u200f/admin/", "/\u3000/evil.example",
    "https:evil.example", "HTTPS://evil.example", "\\\\evil.example", "/\\/evil.example", "/.\\evil.example",
])
def test_control_characters_and_encoded_slashes_are_dropped(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/admin/e/ga81/participants?q=%C5%BB%C3%B3%C5%82%C4%87",
                                    "/admin/e/ga81/participants?q=%2F%2Fnot-a-host", "/@evil.example"])
def test_encoded_queries_and_odd_but_local_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("raw_next", [
    "%2F%2Fevil.example", "%252F%252Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example",
    "%2F%09%2Fevil.example", "%2F%0D%0A%2F%2Fevil.example", "%2F%E2%80%AE%2Fevil.example",
])
def test_the_login_never_redirects_off_site_whatever_the_encoding(client, organiser, csrf_token, raw_next):
    account = organiser(roles="admin")
    token = csrf_token(client, "/admin/login")
    response = client.post(f"/admin/login?next={raw_next}",
                           data={"csrf_token": token, "email": account.email, "password": account.password})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/"
