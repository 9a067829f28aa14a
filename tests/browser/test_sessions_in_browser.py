"""A delegate chooses sessions on the registration form and sees them on the private page; the programme
officer turns the request into a seat, and the seat reaches the delegate's calendar."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PRIVATE_PAGE = re.compile(r"/me/[A-Za-z0-9_-]{20,}$")
PASSWORD = "correct horse battery staple"


def session_box(page, title: str):
    return page.get_by_label(re.compile(rf"^{re.escape(title)} — "))


@pytest.fixture(scope="session")
def programme_officer(server) -> str:
    from delegates.admin.services import create_organiser

    email = "programme-officer@interpol.example.org"

    def work():
        from sqlalchemy import select

        from delegates.admin.models import Organiser
        from delegates.extensions import db

        if db.session.scalar(select(Organiser).where(Organiser.email == email)) is None:
            create_organiser(email, PASSWORD, ["programme"], name="Programme officer")

    server.run(work)
    return email


def test_a_delegate_chooses_sessions_and_gets_a_seat_in_the_calendar(
        expect, page, open_page, server, field, log_in, programme_officer):
    page.goto(f"/e/{server.slug}/register")
    field(page, "Given name").fill("Ingrid")
    field(page, "Family name").fill("Solberg-Haugen")
    field(page, "Country").select_option("NOR")
    field(page, "Category").select_option(label="Delegate")
    field(page, "Email").fill("ingrid.solberg-haugen@politiet.example.no")
    session_box(page, "Terrorist violence").check()
    session_box(page, "Extremism and ultraviolence").check()
    page.get_by_role("button", name="Register").click()

    expect(page).to_have_url(PRIVATE_PAGE)
    private_url = page.url
    asked = page.get_by_role("region", name="Sessions you asked for")
    expect(asked).to_contain_text("Terrorist violence")
    expect(asked).to_contain_text("Extremism and ultraviolence")

    # changes her mind on her private page
    page.get_by_role("link", name="Correct my registration").click()
    expect(session_box(page, "Terrorist violence")).to_be_checked()
    session_box(page, "Extremism and ultraviolence").uncheck()
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(PRIVATE_PAGE)
    expect(asked).to_contain_text("Terrorist violence")
    expect(asked).not_to_contain_text("Extremism and ultraviolence")

    # the programme officer turns her request into a seat
    officer = open_page()
    log_in(officer, programme_officer, PASSWORD)
    officer.goto(f"/admin/e/{server.slug}/programme")
    officer.get_by_role("link", name="Terrorist violence").click()
    requests = officer.get_by_role("region", name=re.compile(r"^Requests"))
    mine = requests.get_by_role("listitem").filter(has_text="Ingrid Solberg-Haugen")
    mine.get_by_role("button", name="Give a seat").click()
    expect(officer.get_by_text("Ingrid Solberg-Haugen has a seat.")).to_be_visible()
    expect(officer.get_by_role("region", name=re.compile(r"^Assigned"))).to_contain_text("Ingrid Solberg-Haugen")

    # once accredited, her agenda reaches her calendar
    def accredit():
        from sqlalchemy import select

        from delegates.extensions import db
        from delegates.registration import participants
        from delegates.registration.models import Participant

        person = db.session.scalar(select(Participant).where(
            Participant.email == "ingrid.solberg-haugen@politiet.example.no"))
        participants.accredit(person, actor=participants.Actor())

    server.run(accredit)
    page.goto(private_url)
    calendar_link = page.get_by_role("link", name="Personal agenda (calendar)")
    expect(calendar_link).to_be_visible()
    response = page.request.get(calendar_link.get_attribute("href"))
    assert response.status == 200
    body = response.text()
    assert "SUMMARY:Terrorist violence" in body and "DTSTART;TZID=Europe/Rome:20121105T160000" in body


def test_a_programme_officer_adds_a_room_and_a_side_event_from_empty_forms(
        expect, page, server, field, log_in, programme_officer):
    log_in(page, programme_officer, PASSWORD)
    page.goto(f"/admin/e/{server.slug}/")
    page.get_by_role("navigation").get_by_role("link", name="Programme").click()
    page.get_by_role("link", name="New room").click()
    field(page, "Name").fill("Sala Raffaello")
    field(page, "Seats").fill("40")
    field(page, "Interpretation booths").fill("2")
    page.get_by_label("Français").check()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Save the room").click()
    expect(page.get_by_text("The room 'Sala Raffaello' is saved.")).to_be_visible()

    page.get_by_role("link", name="New session").click()
    field(page, "Kind").select_option(label="Side event")
    field(page, "Title (English)").fill("Cybercrime: a briefing for heads of delegation")
    field(page, "Title (French)").fill("Cybercriminalité : séance d'information")
    field(page, "Day").fill("2012-11-06")
    field(page, "Starts at").fill("18:00")
    field(page, "Ends at").fill("19:00")
    field(page, "Room").select_option(label="Sala Raffaello (40 seats)")
    page.get_by_label("Head of Delegation").check()
    page.get_by_role("button", name="Save the session").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Cybercrime: a briefing for heads of delegation")
    expect(page.get_by_text("0 of 40")).to_be_visible()
    expect(page.get_by_text("18:00–19:00")).to_be_visible()

    # a second session in the same room at an overlapping time is refused, naming the first
    page.goto(f"/admin/e/{server.slug}/programme/sessions/new")
    field(page, "Kind").select_option(label="Side event")
    field(page, "Title (English)").fill("Overlapping briefing")
    field(page, "Day").fill("2012-11-06")
    field(page, "Starts at").fill("18:30")
    field(page, "Ends at").fill("19:30")
    field(page, "Room").select_option(label="Sala Raffaello (40 seats)")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("'Sala Raffaello' holds 'Cybercrime: a briefing for heads of delegation' at that "
                            "time (18:00–19:00).")).to_be_visible()

    page.goto(f"/e/{server.slug}/programme?lang=fr")
    expect(page.get_by_role("main")).to_contain_text("Cybercriminalité : séance d'information")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_programme_pages_are_accessible(expect, page, server, log_in, programme_officer, lang,
                                            assert_accessible):
    page.goto(f"/e/{server.slug}/programme?lang={lang}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    log_in(page, programme_officer, PASSWORD, lang=lang)
    for path in ("programme", "programme/sessions/2?q=khoo", "programme/sessions/new", "programme/rooms/new"):
        page.goto(f"/admin/e/{server.slug}/{path}&lang={lang}" if "?" in path
                  else f"/admin/e/{server.slug}/{path}?lang={lang}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
