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
