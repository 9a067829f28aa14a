"""The protocol officer's pages in a browser: the ministers page follows arrivals without a reload;
the ministers and declaration pages pass axe in English and Arabic."""
from __future__ import annotations

import itertools

import pytest

PASSWORD = "correct horse battery staple"
ACCOUNTS = itertools.count(1)


@pytest.fixture
def protocol_officer(server) -> tuple[str, str]:
    from delegates.admin.services import create_organiser

    email = f"protocol-{next(ACCOUNTS)}@interpol.example.org"
    server.run(lambda: create_organiser(email, PASSWORD, ["protocol"], name="Protocol officer"))
    return email, PASSWORD


def a_minister_not_here_today(server) -> int:
    from sqlalchemy import select

    from delegates.checkin.models import Attendance
    from delegates.declaration.services import event_today
    from delegates.extensions import db
    from delegates.registration.models import Category, Event, Participant

    def find():
        event = db.session.scalar(select(Event).where(Event.slug == server.slug))
        here = select(Attendance.participant_id).where(Attendance.place == "entrance",
                                                       Attendance.day == event_today(event))
        return db.session.scalar(select(Participant.id).join(Category).where(
            Participant.event_id == event.id, Category.is_minister.is_(True), Participant.status == "accredited",
            Participant.id.not_in(here)).limit(1))

    return server.run(find)


def arrives_today(server, participant_id: int) -> None:
    from sqlalchemy import select

    from delegates.checkin.models import Attendance
    from delegates.declaration.services import event_today
    from delegates.extensions import db
    from delegates.registration.models import Event

    def add():
        event = db.session.scalar(select(Event).where(Event.slug == server.slug))
        db.session.add(Attendance(event_id=event.id, participant_id=participant_id, place="entrance",
                                  day=event_today(event), source="organiser"))

    server.run(add)


def test_the_ministers_page_counts_an_arrival_without_reloading(expect, page, server, protocol_officer, log_in):
    log_in(page, *protocol_officer)
    page.goto(f"/admin/e/{server.slug}/ministers")
    present = page.locator('#region-table tfoot [data-figure="present"]')
    before = int(present.inner_text())
    page.evaluate("window.stillTheSamePage = true")
    arrives_today(server, a_minister_not_here_today(server))
    expect(present).to_have_text(str(before + 1), timeout=12_000)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("#live-status")).to_contain_text(server.translate("Updated at %(time)s", "en", time=""))


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", ["ministers", "declaration"])
def test_the_protocol_pages_are_accessible(expect, page, server, protocol_officer, log_in, assert_accessible,
                                           lang, path):
    log_in(page, *protocol_officer, lang=lang)
    page.goto(f"/admin/e/{server.slug}/{path}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_public_list_of_signatories_is_accessible(expect, page, server, assert_accessible, lang):
    page.goto(f"/e/{server.slug}/declaration?lang={lang}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
