"""On a phone (360 CSS pixels wide, the narrowest common one), no page scrolls sideways: long country names,
session titles and wide tables stay inside the screen, and a wide table scrolls inside its own box."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("lang", ["en", "fr", "ar"])]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def page_width_overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0: it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_public_pages_fit_a_phones_screen(expect, open_page, server, registered, lang):
    page = open_page(**PHONE)
    _, token = registered("Łukasz", "Żółć", "POL", lang=lang)
    for path in (f"/e/{server.slug}/", f"/e/{server.slug}/register", f"/e/{server.slug}/programme", f"/me/{token}"):
        page.goto(f"{path}?lang={lang}")
        expect(page.locator("main")).to_be_visible()
        assert page_width_overflow(page) == 0, f"{path} in {lang} is wider than a phone's screen"
    page.goto(f"/e/{server.slug}/register?lang={lang}")
    country = page.locator("select#country")
    box = country.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # the longest country name does not widen it


def test_the_registrars_pages_fit_a_phones_screen_and_the_list_scrolls_in_its_box(expect, open_page, server,
                                                                                registrar, log_in, lang):
    page = open_page(**PHONE)
    log_in(page, *registrar, lang=lang)
    for path in (f"/admin/e/{server.slug}/", f"/admin/e/{server.slug}/participants"):
        page.goto(f"{path}?lang={lang}")
        expect(page.locator("main")).to_be_visible()
        assert page_width_overflow(page) == 0, f"{path} in {lang} is wider than a phone's screen"
    table_box = page.locator(".table-scroll").first
    assert table_box.evaluate("box => box.scrollWidth > box.clientWidth")  # the list is wider, and scrolls inside
