"""Mail to many: write in four languages, see who receives it, send it as a job, read the log."""
from __future__ import annotations

import html
import re
import time

import pytest

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.mailings.models import Mailing, MailMessage
from delegates.mailings.services import fill
from delegates.registration.models import Participant
from delegates.registration.participants import find_by_token
from delegates.registration.services import current_token

TEXTS = {
    "subject_en": "Practical information for {event}",
    "body_en": "Dear {name},\n\nYour delegation: {delegation}.\nYour page: {private_link}\n\nThe secretariat",
    "subject_fr": "Informations pratiques pour {event}",
    "body_fr": "Madame, Monsieur {name},\n\nVotre délégation : {delegation}.\nVotre page : {private_link}",
    "subject_es": "Información práctica para {event}",
    "body_es": "Estimado/a {name}:\n\nSu delegación: {delegation}.\nSu página: {private_link}",
    "subject_ar": "معلومات عملية عن {event}",
    "body_ar": "السيد/السيدة {name}،\n\nوفدكم: {delegation}.\nصفحتكم: {private_link}",
}


def wait_for(client, url, seconds=30) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        body = client.get(url).get_json()
        if body["state"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def write(client, csrf_token, event, query: str = "", **texts):
    """Submit the mail form (with ``query``, the recipients' filters); returns the response."""
    path = f"/admin/e/{event.slug}/mail{query}"
    return client.post(path, data={"csrf_token": csrf_token(client, path), **texts})


def preview_count(page: str) -> int:
    found = re.search(r'id="expected"[^>]*value="(\d+)"|value="(\d+)"[^>]*id="expected"', page)
    assert found, "the preview offers no Send button"
    return int(found.group(1) or found.group(2))


def send(client, page_path: str, expected: int | None = None):
    """Press "Send" on the preview, with the count it shows (or ``expected``, as seen in an older preview)."""
    page = client.get(page_path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"',
                      page)
    expected = preview_count(page) if expected is None else expected
    response = client.post(page_path + "/send", data={"csrf_token": token.group(1) or token.group(2),
                                                      "expected": str(expected)})
    return expected, response


def test_each_person_receives_one_message_in_their_language_with_the_placeholders_filled(
        app, client, event, people, logged_in, csrf_token, smtp_server):
    logged_in(client, roles=("registrar",))
    compose = client.get(f"/admin/e/{event.slug}/mail")
    assert compose.status_code == 200
    assert "5 people will receive it." in compose.get_data(as_text=True)  # the cancelled one is left out

    response = write(client, csrf_token, event, **TEXTS)
    assert response.status_code == 303
    page_path = response.headers["Location"]
    preview = client.get(page_path).get_data(as_text=True)
    assert "Check before sending" in preview and "Send to 5 people" in preview
    # one rendered example per language, placeholders filled, the private link shown but not made
    assert "Dear Anna Smith," in preview and "Votre délégation : France." in preview
    assert "Estimado/a José Fernández:" in preview and "عبد الله بن زايد" in preview
    assert "(the link to their private page)" in preview
    # "none" has a link made before links could be mailed again: the only one renewed, and told before sending
    assert ("The message holds {private_link}, and 1 recipient has a private link made before links could be mailed "
            "again: they get a new one, and the link they had stops working.") in preview
    assert smtp_server == []  # nothing sent by the preview
    with app.app_context():
        links = {key: current_token(db.session.get(Participant, pid)) for key, pid in people.items()}
    assert links["none"] is None and all(links[key] for key in ("en", "fr", "es", "ar"))

    shown, response = send(client, page_path)
    assert response.status_code == 303 and shown == 5
    with app.app_context():
        mailing = db.session.scalars(db.select(Mailing)).one()
    body = wait_for(client, f"/admin/e/{event.slug}/mailings/{mailing.id}/status")
    assert body["state"] == "done", body
    assert (body["sent"], body["failed"], body["done"], body["total"]) == (5, 0, 5, 5)

    assert len(smtp_server) == shown  # the number shown before sending is the number sent
    by_address = {m["To"].addresses[0].addr_spec: m for m in smtp_server}
    assert sorted(by_address) == sorted(f"{k}@example.org" for k in ("en", "fr", "es", "ar", "none"))
    expect = {"en": ("en", "Practical information for Test General Assembly", "Dear Anna Smith,"),
              "none": ("en", "Practical information for Test General Assembly", "Dear Nguyễn Văn Thành,"),
              "fr": ("fr", "Informations pratiques pour Test General Assembly", "Madame, Monsieur Łukasz Żółć,"),
              "es": ("es", "Información práctica para Test General Assembly", "Estimado/a José Fernández:"),
              "ar": ("ar", "معلومات عملية عن Test General Assembly", "السيد/السيدة عبد الله بن زايد،")}
    for key, (language, subject, greeting) in expect.items():
        message = by_address[f"{key}@example.org"]
        text = message.get_body(("plain",)).get_content()
        assert message["Content-Language"] == language and message["Subject"] == subject
        assert text.startswith(greeting) and "{" not in text
        # the link in the mail is the person's own private page: the link they have, or a new one for "none"
        link = re.search(r"https?://\S+/me/(\S+)", text).group(1)
        with app.app_context():
            assert find_by_token(link).id == people[key]
        if key != "none":
            assert link == links[key]
    assert "Votre délégation : France." in by_address["fr@example.org"].get_body(("plain",)).get_content()

    with app.app_context():
        rows = db.session.scalars(db.select(MailMessage).order_by(MailMessage.id)).all()
        assert [(r.state, r.error) for r in rows] == [("sent", None)] * 5
        assert {r.participant_id for r in rows} == {people[k] for k in expect}
        assert all(r.sent_at is not None and r.mailing_id == mailing.id for r in rows)
        assert {r.address: r.language for r in rows}["none@example.org"] == "en"
        renewed = db.session.scalars(db.select(AuditEntry).where(AuditEntry.kind == "participant.link_renewed")).all()
        assert [e.participant_id for e in renewed] == [people["none"]]
        audit = db.session.scalars(db.select(AuditEntry).where(AuditEntry.kind == "mailing.sent")).one()
        assert audit.target_id == mailing.id and audit.changes == {"recipients": [None, 5]}
        assert audit.organiser_id is not None
    # the page of past mailings lists it with its counts
    listing = client.get(f"/admin/e/{event.slug}/mailings").get_data(as_text=True)
    row = re.search(r"Practical information for \{event\}</a>.*?</tr>", listing, re.S).group(0)
    assert re.findall(r'<td class="num">(\d*)</td>', row) == ["5", "5", "0", "0"]
    log = client.get(page_path).get_data(as_text=True)
    assert log.count('class="mail-sent"') == 5 and "Łukasz Żółć" in log


def test_a_refused_address_is_logged_as_failed_and_the_rest_are_sent(app, client, event, people, new_participant,
                                                                    logged_in, csrf_token, refusing_smtp_server):
    with app.app_context():
        db.session.add(new_participant(email="refused@example.org", badge_name="Vladimir Kolokoltsev",
                                       ui_language="en"))
        db.session.commit()
    logged_in(client, roles=("registrar",))
    response = write(client, csrf_token, event, subject_en="Hello {name}", body_en="Dear {name}, welcome.")
    shown, sent = send(client, response.headers["Location"])
    assert shown == 6
    with app.app_context():
        mailing_id = db.session.scalars(db.select(Mailing.id)).one()
    body = wait_for(client, f"/admin/e/{event.slug}/mailings/{mailing_id}/status")
    assert (body["state"], body["sent"], body["failed"]) == ("done", 5, 1)
    assert len(refusing_smtp_server) == 5
    assert "refused@example.org" not in {m["To"].addresses[0].addr_spec for m in refusing_smtp_server}
    # with no text in their language, everyone reads the event's (English)
    assert {m["Subject"] for m in refusing_smtp_server} >= {"Hello Łukasz Żółć", "Hello عبد الله بن زايد"}
    with app.app_context():
        failed = db.session.scalars(db.select(MailMessage).where(MailMessage.state == "failed")).one()
        assert failed.address == "refused@example.org" and failed.sent_at is None
        assert "550" in failed.error and "No such mailbox" in failed.error
    page = client.get(f"/admin/e/{event.slug}/mailings/{mailing_id}").get_data(as_text=True)
    assert "No such mailbox here" in page and "Send the 1 message not sent again" in page
    listing = client.get(f"/admin/e/{event.slug}/mailings").get_data(as_text=True)
    row = re.search(r"Hello \{name\}</a>.*?</tr>", listing, re.S).group(0)
    assert re.findall(r'<td class="num">(\d*)</td>', row) == ["6", "5", "1", "0"]
    # each person's page lists the mailings they were sent, and what became of them
    with app.app_context():
        refused_id = failed.participant_id
    person_page = html.unescape(client.get(f"/admin/e/{event.slug}/participants/{refused_id}").get_data(
        as_text=True))
    mailings = person_page[person_page.index('id="mailings-h"'):]
    assert f'href="/admin/e/{event.slug}/mailings/{mailing_id}"' in mailings
    assert "Hello Vladimir Kolokoltsev</a>" in mailings and "refused@example.org" in mailings  # as they read it
    assert re.search(r'class="tag mail-state-failed">failed<', mailings) and "No such mailbox here" in mailings
    sent_page = html.unescape(client.get(f"/admin/e/{event.slug}/participants/{people['ar']}").get_data(
        as_text=True))
    assert re.search(r'Hello عبد الله بن زايد</a></th>\s*<td>ar@example.org</td>\s*<td><span class="tag '
                     r'mail-state-sent">sent<', sent_page)


def test_a_person_who_received_no_mailing_is_told_so_on_their_page(app, client, event, people, logged_in):
    logged_in(client, roles=("registrar",))
    page = client.get(f"/admin/e/{event.slug}/participants/{people['en']}").get_data(as_text=True)
    assert "No mailing has been sent to this person." in page


def test_placeholders_are_filled_in_one_pass_never_as_a_format_string(app, client, event, new_participant,
                                                                     logged_in, csrf_token, smtp_server):
    with app.app_context():
        db.session.add(new_participant(email="eve@example.org", badge_name="Eve {private_link} {event}",
                                       ui_language="en"))
        db.session.commit()
    logged_in(client, roles=("registrar",))
    refused = write(client, csrf_token, event, subject_en="Hi", body_en="{name.__class__} {__class__} {0}")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Unknown placeholder {__class__}" in page
    response = write(client, csrf_token, event, subject_en="Hi {name}", body_en="{name} {0} {name.__init__}")
    assert response.status_code == 303
    shown, _ = send(client, response.headers["Location"])
    with app.app_context():
        mailing_id = db.session.scalars(db.select(Mailing.id)).one()
    assert wait_for(client, f"/admin/e/{event.slug}/mailings/{mailing_id}/status")["sent"] == 1
    (message,) = smtp_server
    # the name's own braces stay as written: a value is never read again for placeholders
    assert message.get_body(("plain",)).get_content().strip() == "Eve {private_link} {event} {0} {name.__init__}"
    assert fill("{name}{name}", {"name": "{name}"}) == "{name}{name}"


def test_the_mail_form_names_what_is_missing(app, client, event, logged_in, csrf_token):
    logged_in(client, roles=("registrar",))
    response = write(client, csrf_token, event, subject_fr="Bonjour", body_es="Hola")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Write the subject in English, the event&#39;s language" in page
    assert "Write the message in Français." in page and "Write the subject in Español." in page
    with app.app_context():
        assert db.session.scalars(db.select(Mailing)).all() == []


def test_nothing_is_sent_when_the_recipients_changed_since_the_preview(app, client, event, people, logged_in,
                                                                      csrf_token, smtp_server):
    logged_in(client, roles=("registrar",))
    response = write(client, csrf_token, event, "?country=FRA", subject_en="Paris", body_en="Hello {name}")
    page_path = response.headers["Location"]
    preview = client.get(page_path).get_data(as_text=True)
    assert preview_count(preview) == 1 and "Delegation: France" in preview
    with app.app_context():  # someone else's registration is moved to France meanwhile
        db.session.get(Participant, people["en"]).delegation_id = event.delegations["FRA"]
        db.session.commit()
    shown, response = send(client, page_path, expected=1)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The recipients changed since the preview: 2 people now match, not 1." in page
    with app.app_context():
        assert db.session.scalars(db.select(MailMessage)).all() == []
        assert db.session.scalars(db.select(Mailing)).one().sent_at is None
    assert smtp_server == []
    shown, response = send(client, page_path)  # the preview again, then send
    assert shown == 2 and response.status_code == 303


@pytest.mark.parametrize("roles, read, write_", [
    (("registrar",), 200, 303), (("admin",), 200, 303), (("viewer",), 200, 403), (("printer",), 403, 403),
    (("checkin",), 403, 403)])
def test_mail_to_many_is_for_registrars(app, client, event, logged_in, csrf_token, roles, read, write_):
    account = logged_in(client, roles=roles)
    assert client.get(f"/admin/e/{event.slug}/mail").status_code == read
    assert client.get(f"/admin/e/{event.slug}/mailings").status_code == read
    with app.app_context():
        mailing = Mailing(event_id=event.id, texts={"en": {"subject": "S", "body": "B"}}, filters={},
                          created_by_id=account.id)
        db.session.add(mailing)
        db.session.commit()
        mailing_id = mailing.id
    assert client.get(f"/admin/e/{event.slug}/mailings/{mailing_id}").status_code == read
    token = csrf_token(client, "/admin/")
    response = client.post(f"/admin/e/{event.slug}/mailings/{mailing_id}/send",
                           data={"csrf_token": token, "expected": "0"})
    assert response.status_code == write_
    with app.app_context():
        assert db.session.scalars(db.select(MailMessage)).all() == []
    anonymous = app.test_client()
    assert anonymous.get(f"/admin/e/{event.slug}/mail").status_code == 302


def test_a_draft_is_changed_before_sending_and_a_mailing_is_sent_only_once(app, client, event, people, logged_in,
                                                                          csrf_token, smtp_server):
    logged_in(client, roles=("registrar",))
    response = write(client, csrf_token, event, "?status=submitted", subject_en="Draft", body_en="First words")
    page_path = response.headers["Location"]
    preview = client.get(page_path).get_data(as_text=True)
    change = re.search(r'href="([^"]+/edit[^"]*)"', preview).group(1).replace("&amp;", "&")
    assert "status=submitted" in change
    form = client.get(change).get_data(as_text=True)
    assert "First words" in form and 'value="Draft"' in form
    response = client.post(change, data={"csrf_token": csrf_token(client, change), "subject_en": "Final",
                                         "body_en": "Hello {name}", "subject_fr": "Finale",
                                         "body_fr": "Bonjour {name}"})
    assert response.headers["Location"].endswith(page_path)
    preview = client.get(page_path).get_data(as_text=True)
    assert "Hello Anna Smith" in preview and "Bonjour Łukasz Żółć" in preview and "First words" not in preview

    shown, first = send(client, page_path)
    token = csrf_token(client, f"/admin/e/{event.slug}/mailings")
    again = client.post(page_path + "/send", data={"csrf_token": token, "expected": str(shown)})
    assert again.status_code == 303
    assert "This mailing was sent already." in client.get(page_path).get_data(as_text=True)
    with app.app_context():
        mailing_id = db.session.scalars(db.select(Mailing.id)).one()
    assert wait_for(client, f"/admin/e/{event.slug}/mailings/{mailing_id}/status")["sent"] == shown == 5
    assert len(smtp_server) == 5
    # a sent mailing is not edited any more
    assert client.get(change).status_code == 303
