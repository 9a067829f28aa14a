"""axe-core finds no serious or critical violation on the delegate's and the registrar's pages, left to right and
right to left."""
from __future__ import annotations

import pytest

from delegates.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("lang", ["en", "ar"])]


def test_the_registration_form_is_accessible(expect, page, server, lang, assert_accessible):
    page.goto(f"/e/{server.slug}/register?lang={lang}")
    expect(page.locator("#country-filter")).to_be_attached()  # as enhanced by its script
    assert_accessible(page)


def test_the_form_with_its_errors_ties_each_error_to_its_field_and_is_accessible(expect, page, server, field, lang,
                                                                                  assert_accessible):
    page.goto(f"/e/{server.slug}/register?lang={lang}")
    field(page, server.translate("Email", lang)).fill("not an address")
    page.get_by_role("button", name=server.translate("Register", lang)).click()

    expect(page.get_by_role("alert")).to_contain_text(server.translate("The registration could not be saved", lang))
    for label in ("Given name", "Country", "Category", "Email"):
        control = field(page, server.translate(label, lang))
        expect(control).to_have_attribute("aria-invalid", "true")
        error = page.locator(f"#{control.get_attribute('id')}-error")
        expect(error).to_be_visible()
        assert error.get_attribute("id") in control.get_attribute("aria-describedby").split()
    expect(field(page, server.translate("Email", lang))).to_have_value("not an address")  # what was typed stays
    assert_accessible(page)


def test_a_photo_refused_on_the_spot_is_tied_to_its_field_and_the_form_stays_accessible(expect, page, server, field,
                                                                                        lang, tmp_path,
                                                                                        assert_accessible):
    not_a_photo = tmp_path / "portrait.heic"  # what some phones save: the browser says image/heic
    not_a_photo.write_bytes(b"\x00\x00\x00\x18ftypheic")
    page.goto(f"/e/{server.slug}/register?lang={lang}")
    photo = field(page, server.translate("Photo", lang))
    photo.set_input_files(not_a_photo)
    message = page.get_by_role("alert")
    expect(message).to_have_text(server.translate(
        "This file is not a JPEG or PNG photo. Please send a photo in one of these two formats.", lang))
    expect(photo).to_have_attribute("aria-invalid", "true")
    assert message.get_attribute("id") in photo.get_attribute("aria-describedby").split()
    assert_accessible(page)


def test_the_private_page_is_accessible(expect, page, server, registered, lang, assert_accessible):
    _, token = registered("小明", "王", "CHN", photo=True, lang=lang)
    page.goto(f"/me/{token}?lang={lang}")
    expect(page.get_by_role("img")).to_be_visible()
    assert_accessible(page)


def test_the_registrars_participants_list_is_accessible(expect, page, server, registrar, log_in, lang,
                                                        assert_accessible):
    log_in(page, *registrar, lang=lang)
    page.goto(f"/admin/e/{server.slug}/participants?lang={lang}")
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)


@pytest.fixture(scope="module")
def administrator(server) -> tuple[str, str]:
    """An administrator's account (the audit log is theirs), with one change of the demo event in the log."""
    from sqlalchemy import select

    from delegates.admin.services import create_organiser
    from delegates.registration.models import Event, Participant
    from delegates.registration.participants import Actor, accredit

    email, password = "administrator@interpol.example.org", "correct horse battery staple"

    def work():
        admin = create_organiser(email, password, ["admin"], name="Administrator")
        event = db.session.scalar(select(Event).where(Event.slug == server.slug))
        waiting = db.session.scalar(select(Participant).where(Participant.event_id == event.id,
                                                              Participant.status == "submitted").limit(1))
        accredit(waiting, actor=Actor.of(admin))

    server.run(work)
    return email, password


def test_the_event_dashboard_is_accessible(expect, page, server, administrator, log_in, lang, assert_accessible):
    log_in(page, *administrator, lang=lang)
    page.goto(f"/admin/e/{server.slug}/?lang={lang}")
    expect(page.locator("svg#chart-map")).to_be_visible()
    page.locator("details.chart-numbers summary").first.click()  # a table opened is checked too
    assert_accessible(page)  # the whole page, the map's two hundred countries included


def test_the_audit_log_is_accessible(expect, page, server, administrator, log_in, lang, assert_accessible):
    log_in(page, *administrator, lang=lang)
    page.goto(f"/admin/e/{server.slug}/audit?lang={lang}")
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)


def test_the_event_settings_with_their_translations_are_accessible(expect, page, server, administrator, log_in, lang,
                                                                   assert_accessible):
    log_in(page, *administrator, lang=lang)
    page.goto(f"/admin/e/{server.slug}/settings?lang={lang}")
    french = page.locator("details.translation").first
    expect(french).to_have_attribute("open", "")  # the demo's French texts are there, so it opens by itself
    expect(french.locator("#city_fr")).to_have_value("Rome")
    assert_accessible(page)


def test_the_page_that_asks_for_a_lost_link_is_accessible_with_its_error(expect, page, server, field, lang,
                                                                          assert_accessible):
    page.goto(f"/e/{server.slug}/link?lang={lang}")
    assert_accessible(page)
    email = field(page, server.translate("Email", lang))
    email.fill("not an address")
    page.get_by_role("button", name=server.translate("Mail me the link", lang)).click()
    expect(email).to_have_attribute("aria-invalid", "true")
    assert "email-error" in email.get_attribute("aria-describedby").split()
    assert_accessible(page)
