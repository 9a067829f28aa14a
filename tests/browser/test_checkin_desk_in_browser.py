"""Check-in staff type a badge number at the desk and see at once whether the bearer may come in."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def door_staff(server) -> tuple[str, str]:
    from delegates.admin.services import create_organiser

    email, password = "door@interpol.example.org", "correct horse battery staple"
    server.run(lambda: create_organiser(email, password, ["checkin"], name="Door staff"))
    return email, password


def an_accredited_delegate(server):
    """(badge number, name on the badge, delegation) of an accredited demo delegate never scanned."""
    from sqlalchemy import select

    from delegates.checkin.models import Scan
    from delegates.extensions import db
    from delegates.registration.models import Participant

    def find():
        scanned = select(Scan.participant_id).where(Scan.participant_id.is_not(None))
        person = db.session.scalar(
            select(Participant).where(Participant.status == "accredited", Participant.badge_number.is_not(None),
                                      Participant.id.not_in(scanned)).order_by(Participant.id).limit(1))
        return person.badge_number, person.badge_name, person.delegation.name()

    return server.run(find)


def test_staff_type_a_badge_number_and_see_the_green_panel(expect, page, server, door_staff, log_in,
                                                           assert_accessible):
    number, name, delegation = an_accredited_delegate(server)
    log_in(page, *door_staff)
    page.goto(f"/admin/e/{server.slug}/checkin")

    scan_field = page.get_by_label("Scan a badge, or type its number and press Enter")
    expect(scan_field).to_be_focused()
    page.keyboard.type(str(number))
    page.keyboard.press("Enter")

    result = page.get_by_role("status").filter(has_text=name)
    expect(result).to_have_class(re.compile(r"\bscan-admitted\b"))
    expect(result).to_contain_text("Admitted")
    expect(result).to_contain_text(delegation)
    expect(scan_field).to_be_focused()
    expect(scan_field).to_have_value("")
    assert_accessible(page)

    page.keyboard.type(str(number))
    page.keyboard.press("Enter")
    expect(result).to_have_class(re.compile(r"\bscan-already\b"))
    expect(result).to_contain_text(re.compile(r"First scan at \d\d:\d\d"))

    page.keyboard.type("99999999")
    page.keyboard.press("Enter")
    refused = page.locator("#scan-result")
    expect(refused).to_have_class(re.compile(r"\bscan-refused\b"))
    expect(refused).to_contain_text("Unknown code")


def test_the_desk_fits_a_phone_screen(expect, open_page, server, door_staff, log_in):
    phone = open_page(has_touch=True)
    phone.set_viewport_size({"width": 390, "height": 844})
    number, name, _delegation = an_accredited_delegate(server)
    log_in(phone, *door_staff)
    phone.goto(f"/admin/e/{server.slug}/checkin")
    phone.get_by_label("Scan a badge, or type its number and press Enter").fill(str(number))
    phone.get_by_role("button", name="Check", exact=True).click()
    expect(phone.locator("#scan-result")).to_contain_text(name)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the desk is {width} px wide on a 390 px screen"
