"""The participant's private page: see, correct, cancel."""
from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.admin.services import create_organiser
from delegates.extensions import db
from delegates.privacy.services import erase
from delegates.registration import participants
from delegates.registration.models import Event, Participant
from delegates.registration.participants import Actor, Registration


@pytest.fixture
def registered(app, event):
    """A registered delegate of France; returns its private path."""
    with app.app_context():
        person, token = participants.register(
            db.session.get(Event, event.id),
            Registration(given_name="Владимир", family_name="Колокольцев", badge_name="Vladimir Kolokoltsev",
                         country="FRA", category="Delegate", email="vk@example.org", phone="+33 1 40 07 60 60"),
            via="web")
        db.session.commit()
        return f"/me/{token}"


def text(response) -> str:
    return response.get_data(as_text=True)


def edit(client, csrf_token, path, **changes):
    page = text(client.get(path + "/edit"))
    data = {name: value for name, value in re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page)}
    data.update({name: value for name, value in re.findall(
        r'<select[^>]*name="([a-z_]+)".*?<option selected value="([^"]*)"', page, re.S)})
    data.update(changes)
    data["csrf_token"] = csrf_token(client, path + "/edit")
    return client.post(path + "/edit", data=data, content_type="multipart/form-data")


def test_the_private_page_shows_the_registration_and_is_never_cached(client, registered):
    response = client.get(registered)
    assert response.status_code == 200
    assert "Владимир Колокольцев" in text(response) and "Vladimir Kolokoltsev" in text(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_an_unknown_link_is_a_404(client, registered):
    assert client.get("/me/not-a-real-token").status_code == 404
    assert client.get(registered[:-1] + ("A" if registered[-1] != "A" else "B")).status_code == 404


def test_the_edit_form_is_prefilled_and_saves_a_change_with_an_audit_entry(app, client, csrf_token, registered):
    page = text(client.get(registered + "/edit"))
    assert 'value="Владимир"' in page and '<option selected value="FRA">' in page
    response = edit(client, csrf_token, registered, phone="+33 1 40 07 60 61")
    assert response.status_code == 303
    assert "Your changes are saved." in text(client.get(registered))
    with app.app_context():
        person = db.session.scalar(select(Participant))
        assert person.phone == "+33 1 40 07 60 61"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "participant.changed"))
        assert entry.changes["phone"] == ["+33 1 40 07 60 60", "+33 1 40 07 60 61"]


def test_a_mistake_in_the_edit_keeps_the_old_data(app, client, csrf_token, registered):
    response = edit(client, csrf_token, registered, email="broken")
    assert response.status_code == 400 and "is not an email address" in text(response)
    with app.app_context():
        assert db.session.scalar(select(Participant)).email == "vk@example.org"


def test_a_new_email_address_gets_the_private_link_and_the_old_one_is_told(client, csrf_token, registered,
                                                                           smtp_server):
    """The confirmation went to the old address only: the new one gets the link to the page, the old one a notice
    without it (if the owner of the old address did not make the change, they learn it)."""
    response = edit(client, csrf_token, registered, email="v.kolokoltsev@example.org")
    assert response.status_code == 303
    page = text(client.get(registered))
    assert "We have mailed the link to this page to v.kolokoltsev@example.org, and told the old address." in page
    by_address = {m["To"].addresses[0].addr_spec: m for m in smtp_server}
    assert set(by_address) == {"v.kolokoltsev@example.org", "vk@example.org"}
    new = by_address["v.kolokoltsev@example.org"].get_body(("plain",)).get_content()
    assert "http://localhost" + registered in new  # the same link: it still works
    assert client.get(registered).status_code == 200
    notice = by_address["vk@example.org"]
    assert notice["Subject"].startswith("The email address of your registration for")
    body = notice.get_body(("plain",)).get_content()
    assert "was changed to v.kolokoltsev@example.org" in body and "/me/" not in body


def test_a_change_that_keeps_the_email_address_mails_nothing(client, csrf_token, registered, smtp_server):
    assert edit(client, csrf_token, registered, phone="+33 1 40 07 60 61").status_code == 303
    assert len(smtp_server) == 0
    assert "We have mailed the link" not in text(client.get(registered))


def test_changing_the_badge_after_accreditation_goes_back_to_the_registrar(app, client, csrf_token, registered):
    with app.app_context():
        participants.accredit(db.session.scalar(select(Participant)), actor=Actor(label="test"))
        db.session.commit()
    response = edit(client, csrf_token, registered, badge_name="V. Kolokoltsev")
    assert response.status_code == 303
    assert "the registrar will check your registration again" in text(client.get(registered))
    with app.app_context():
        assert db.session.scalar(select(Participant)).status == "submitted"


def test_changing_the_diet_after_accreditation_keeps_the_accreditation(app, client, csrf_token, registered):
    with app.app_context():
        participants.accredit(db.session.scalar(select(Participant)), actor=Actor(label="test"))
        db.session.commit()
    assert edit(client, csrf_token, registered, dietary="halal").status_code == 303
    with app.app_context():
        person = db.session.scalar(select(Participant))
        assert (person.status, person.dietary) == ("accredited", "halal")


def test_a_new_photo_replaces_the_old_one(app, client, csrf_token, registered, tmp_path):
    def jpeg(colour):
        buf = io.BytesIO()
        Image.new("RGB", (300, 400), colour).save(buf, "JPEG")
        buf.seek(0)
        return buf

    assert edit(client, csrf_token, registered, photo=(jpeg((200, 0, 0)), "a.jpg")).status_code == 303
    with app.app_context():
        first = db.session.scalar(select(Participant)).photo_filename
    assert edit(client, csrf_token, registered, photo=(jpeg((0, 0, 200)), "b.jpg")).status_code == 303
    with app.app_context():
        second = db.session.scalar(select(Participant)).photo_filename
    assert first != second
    stored = sorted(p.name for p in (tmp_path / "photos").iterdir())
    assert stored == [second]


def test_cancelling_marks_the_registration_cancelled(app, client, csrf_token, registered):
    token = csrf_token(client, registered)
    response = client.post(registered + "/cancel", data={"csrf_token": token})
    assert response.status_code == 303
    assert "You cancelled this registration" in text(client.get(registered))
    with app.app_context():
        assert db.session.scalar(select(Participant)).status == "cancelled"
    assert client.get(registered + "/edit").status_code == 303


def test_replacing_the_private_link_kills_the_old_one_and_mails_the_new_one(client, csrf_token, registered,
                                                                            smtp_server):
    response = client.post(registered + "/new-link", data={"csrf_token": csrf_token(client, registered)})
    assert response.status_code == 303
    new = response.headers["Location"]
    assert new != registered and client.get(new).status_code == 200
    assert client.get(registered).status_code == 404
    assert new in smtp_server[-1].get_body(("plain",)).get_content()


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_every_section_of_the_private_page_has_its_own_heading_in_every_language(client, registered, language):
    """Two cards called the same ("Sus datos" twice, once was) leave a reader and a screen reader guessing."""
    page = text(client.get(f"{registered}?lang={language}"))
    headings = [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
    assert len(headings) >= 4
    assert len(set(headings)) == len(headings), headings


# -- the deadline for changes ---------------------------------------------------------------------------------

def close_changes(app, event, *, days_ago: float) -> None:
    with app.app_context():
        db.session.get(Event, event.id).changes_close_at = datetime.now(UTC) - timedelta(days=days_ago)
        db.session.commit()


def test_before_the_deadline_the_page_says_until_when_changes_are_possible(app, client, event, registered):
    close_changes(app, event, days_ago=-10)  # ten days ahead
    page = html.unescape(text(client.get(registered)))
    assert "You can correct or cancel your registration until" in page and "(Europe/Rome)" in page
    assert "Correct my registration" in page and "Cancel my registration" in page
    assert client.get(registered + "/edit").status_code == 200


def test_after_the_deadline_the_person_can_no_longer_change_or_cancel(app, client, csrf_token, event, registered):
    token = csrf_token(client, registered)
    close_changes(app, event, days_ago=1)
    page = html.unescape(text(client.get(registered)))
    assert "Changes closed on" in page and "Write to the organisers" in page
    assert "Correct my registration" not in page and "Yes, cancel my registration" not in page
    assert "Replace my private link" in page and "Download my data" in page  # these stay

    edit = client.get(registered + "/edit")
    assert edit.status_code == 303 and edit.headers["Location"].endswith(registered)
    assert "Changes closed on" in html.unescape(text(client.get(registered)))
    sent = client.post(registered + "/edit", data={"csrf_token": token, "given_name": "Vova",
                                                   "family_name": "Колокольцев", "country": "FRA",
                                                   "email": "vk@example.org"}, content_type="multipart/form-data")
    assert sent.status_code == 303
    cancelled = client.post(registered + "/cancel", data={"csrf_token": token})
    assert cancelled.status_code == 303
    assert "Changes closed on" in html.unescape(text(client.get(registered)))
    with app.app_context():
        person = db.session.scalar(select(Participant))
        assert (person.given_name, person.status) == ("Владимир", "submitted")
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.kind.in_(
            ["participant.changed", "participant.cancelled"]))) is None


def test_after_the_deadline_the_registrar_still_corrects_and_the_person_may_still_erase(app, event, registered):
    close_changes(app, event, days_ago=1)
    with app.app_context():
        person = db.session.scalar(select(Participant))
        data = participants.registration_of(person)
        data.function = "Minister of the Interior"
        organiser = create_organiser("reg@example.org", "correct horse battery staple", ["registrar"])
        assert participants.update(person, data, actor=Actor.of(organiser), public=False)
        with pytest.raises(participants.ChangesClosed):
            participants.update(person, data, actor=Actor())
        erase(person, actor=Actor())
        db.session.commit()
        assert person.status == "cancelled"


def test_a_rejected_person_after_the_deadline_is_not_told_to_correct_the_registration(app, client, event,
                                                                                       registered):
    with app.app_context():
        person = db.session.scalar(select(Participant))
        organiser = create_organiser("reg@example.org", "correct horse battery staple", ["registrar"])
        participants.reject(person, "No credentials letter from your ministry.", actor=Actor.of(organiser))
        db.session.commit()
    assert "correct your registration below" in html.unescape(text(client.get(registered)))
    close_changes(app, event, days_ago=1)
    page = html.unescape(text(client.get(registered)))
    assert "No credentials letter from your ministry." in page
    assert "If you think this is a mistake, write to the organisers." in page
    assert "correct your registration below" not in page


def test_the_event_page_says_until_when_registrations_can_be_changed(app, client, event):
    assert "Changes to a registration" not in text(client.get(f"/e/{event.slug}/"))  # no deadline: not a fact
    close_changes(app, event, days_ago=-3)
    page = html.unescape(text(client.get(f"/e/{event.slug}/?lang=fr")))
    assert "Modification des inscriptions" in page and "jusqu’au" in page
    close_changes(app, event, days_ago=3)
    page = html.unescape(text(client.get(f"/e/{event.slug}/?lang=en")))
    assert re.search(r"Changes to a registration</dt>\s*<dd>closed</dd>", page)
