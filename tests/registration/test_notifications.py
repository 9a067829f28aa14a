"""The mails a participant receives: in their language, naming the event and the person, with the private link."""
from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from delegates.common.mail import Delivery, wait_for_sending
from delegates.extensions import db
from delegates.registration.notifications import (
    mail_accredited,
    mail_link_again,
    mail_lost_link,
    mail_private_link,
    mail_rejected,
    mail_status_back_to_review,
    private_link,
)
from delegates.registration.services import new_private_token

SITE = "https://delegates.example.org/"
TOKEN = "T" * 43


def text_of(mail) -> str:
    return mail.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html_of(mail) -> str:
    return mail.get_body(("html",)).get_content()


@pytest.fixture
def person(app, new_participant):
    """``person(**columns)``: a participant saved in the database, read back inside ``app.test_request_context``."""

    def create(**columns):
        participant = new_participant(**columns)
        db.session.add(participant)
        db.session.commit()
        return participant

    return create


def test_the_confirmation_mail_brings_the_private_link(app, smtp_server, person):
    with app.test_request_context(base_url=SITE):
        participant = person(badge_name="Łukasz Żółć", email="lukasz.zolc@example.pl")
        # in a web request, mail is queued for the app's mail thread: the request does not wait for the server
        assert mail_private_link(participant, TOKEN) is Delivery.QUEUED

    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "lukasz.zolc@example.pl"
    assert mail["To"].addresses[0].display_name == "Łukasz Żółć"
    assert mail["Subject"] == "Your registration for Test General Assembly"
    body = text_of(mail)
    assert f"{SITE}me/{TOKEN}" in body.splitlines()
    assert body.startswith("Dear Łukasz Żółć,\n")
    assert "Thank you for registering for Test General Assembly, Nov 5\u2009–\u20098, 2012 in Rome." in body
    assert "we will write to you again when it is accredited" in body
    assert f'<a href="{SITE}me/{TOKEN}" dir="ltr">' in html_of(mail)
    assert mail["Content-Language"] == "en"


def test_the_link_leads_to_the_private_page(app, smtp_server, client, event):
    from delegates.registration.participants import Registration, register
    from delegates.registration.services import get_event

    with app.test_request_context(base_url=SITE):
        participant, token = register(get_event(event.slug), Registration(
            given_name="Amina", family_name="Diallo", email="amina.diallo@example.sn", country="FRA",
            category="Delegate"))
        db.session.commit()
        mail_private_link(participant, token)

    [link] = re.findall(r"https://\S+", text_of(smtp_server[0]))
    page = client.get(link.removeprefix(SITE.rstrip("/")))
    assert page.status_code == 200
    assert "Amina" in page.get_data(as_text=True)


@pytest.mark.parametrize("language, dates", [("fr", "5–8 nov. 2012"), ("es", "5–8 de noviembre de 2012"),
                                             ("ar", "5–8 نوفمبر 2012")])
def test_the_mail_is_written_in_the_language_the_person_chose(app, smtp_server, person, language, dates):
    with app.test_request_context(base_url=SITE, headers={"Accept-Language": "en"}):
        mail_private_link(person(ui_language=language), TOKEN)

    [mail] = smtp_server
    assert mail["Content-Language"] == language
    assert dates in text_of(mail), "the event's dates are written in the person's language"
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html_of(mail)


def test_the_event_is_named_in_the_persons_language(app, smtp_server, person, event):
    from delegates.registration.models import Event

    with app.test_request_context(base_url=SITE):
        db.session.get(Event, event.id).translations = {"fr": {"name": "Assemblée générale d’essai"}}
        db.session.commit()
        mail_private_link(person(ui_language="fr"), TOKEN)

    assert "Assemblée générale d’essai" in smtp_server[0]["Subject"]
    assert "Assemblée générale d’essai" in text_of(smtp_server[0])


def test_the_city_and_the_venue_are_named_in_the_persons_language(app, smtp_server, person, event):
    from delegates.registration.models import Event

    with app.test_request_context(base_url=SITE):
        db.session.get(Event, event.id).translations = {
            "ar": {"name": "الجمعية العامة التجريبية", "city": "روما", "venue": "فندق روما كافالييري"}}
        db.session.commit()
        participant = person(ui_language="ar", status="accredited")
        mail_private_link(participant, TOKEN)
        mail_accredited(participant)

    registered, accredited = (text_of(mail) for mail in smtp_server)
    assert "روما" in registered and "Rome" not in registered
    assert "روما" in accredited and "فندق روما كافالييري" in accredited
    assert "Rome" not in accredited  # neither the city nor the venue (Rome Cavalieri) in English


def test_registering_again_with_the_same_email_mails_a_link_that_opens_the_registration(app, smtp_server, person):
    with app.test_request_context(base_url=SITE):
        mail_lost_link(person(badge_name="Giulia Rossi"), "signed-value", 24, again=True)

    [mail] = smtp_server
    assert mail["Subject"] == "The link to your registration for Test General Assembly"
    body = text_of(mail)
    assert "You are registered already, so no second registration was made." in body
    assert "Your registration is submitted." in body
    assert "open it with this link, within 24 hours:" in body
    assert f"{SITE}me/open/signed-value" in body


def test_registering_again_mails_the_private_link_itself_when_it_can_be_made_again(app, smtp_server, person):
    with app.test_request_context(base_url=SITE):
        link = new_private_token()
        participant = person(badge_name="Giulia Rossi", token_hash=link.hash, token_seed=link.seed)
        mail_link_again(participant, link.token, again=True)
        mail_link_again(participant, link.token)

    registered_again, asked = (text_of(mail) for mail in smtp_server)
    assert smtp_server[0]["Subject"] == "The link to your registration for Test General Assembly"
    assert "You are registered already, so no second registration was made." in registered_again
    assert "asked for the link to your registration" in asked and "no second registration" not in asked
    for body in (registered_again, asked):
        assert "Your registration is submitted." in body
        assert f"{SITE}me/{link.token}" in body
        assert "It is the link you had already: it has not changed." in body


def test_the_accreditation_mail_says_in_which_category_and_where_the_badge_is(app, smtp_server, person, event):
    with app.test_request_context(base_url=SITE):
        link = new_private_token()
        mail_accredited(person(category_id=event.categories["Head of Delegation"], status="accredited",
                               token_hash=link.hash, token_seed=link.seed))
        # a link made before seeds were kept cannot be mailed: the mail points to the one that has it
        mail_accredited(person(category_id=event.categories["Head of Delegation"], status="accredited"))

    with_link, without = smtp_server
    assert with_link["Subject"] == "Your registration for Test General Assembly is accredited"
    assert "you take part as Head of Delegation" in text_of(with_link)
    assert f"{SITE}me/{link.token}" in text_of(with_link)
    assert "the link we sent you when you registered" in text_of(without)
    assert f"{SITE}me/" not in text_of(without)
    assert "Rome Cavalieri" in text_of(without)


def test_the_rejection_mail_gives_the_registrars_reason(app, smtp_server, person):
    app.config["MAIL_REPLY_TO"] = "Registration desk <registration@example.org>"
    with app.test_request_context(base_url=SITE):
        mail_rejected(person(status="rejected", rejection_reason="No letter of credentials from your ministry."))

    [mail] = smtp_server
    assert mail["Subject"] == "Your registration for Test General Assembly was not accepted"
    assert "No letter of credentials from your ministry." in text_of(mail)
    assert "please answer this message" in text_of(mail)
    assert mail["Reply-To"].addresses[0].addr_spec == "registration@example.org"


def test_a_change_to_the_badge_after_accreditation_is_announced(app, smtp_server, person):
    with app.test_request_context(base_url=SITE):
        link = new_private_token()
        mail_status_back_to_review(person(token_hash=link.hash, token_seed=link.seed))

    [mail] = smtp_server
    assert "checked again" in mail["Subject"]
    assert "the registrar will check your registration again" in text_of(mail)
    assert f"{SITE}me/{link.token}" in text_of(mail)


def test_outside_a_web_request_links_use_the_public_url(app, smtp_server, person):
    app.config["PUBLIC_URL"] = "https://events.example.org/delegates"
    with app.app_context():
        assert private_link(TOKEN) == f"https://events.example.org/delegates/me/{TOKEN}"
        mail_private_link(person(), TOKEN)
    assert f"https://events.example.org/delegates/me/{TOKEN}" in text_of(smtp_server[0])


def test_without_smtp_the_mail_waits_in_the_outbox(app, person):
    with app.test_request_context(base_url=SITE):
        assert mail_private_link(person(email="amina@example.sn"), TOKEN) is Delivery.OUTBOX

    [eml] = Path(app.config["MAIL_OUTBOX"]).glob("*.eml")
    mail = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert mail["To"].addresses[0].addr_spec == "amina@example.sn"
    assert f"{SITE}me/{TOKEN}" in text_of(mail)


def test_with_smtp_down_the_mail_waits_in_the_outbox_and_nothing_fails(app, person):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port)
    with app.test_request_context(base_url=SITE):
        assert mail_rejected(person(status="rejected", rejection_reason="Duplicate")) is Delivery.QUEUED
    assert wait_for_sending(app), "the mail thread tried the server"
    [eml] = (Path(app.config["MAIL_OUTBOX"]) / "queue").glob("*.eml")
    assert "Duplicate" in text_of(message_from_bytes(eml.read_bytes(), policy=policy.default))


def test_a_stranger_who_registers_on_the_form_gets_the_mail_in_french(client, smtp_server, csrf_token, event):
    path = f"/e/{event.slug}/register?lang=fr"
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "given_name": "Amélie", "family_name": "Laurent",
        "email": "amelie.laurent@example.fr", "country": "FRA", "category": str(event.categories["Delegate"]),
        "ui_language": "fr", "interpretation_language": "fr", "dietary": "none",
    })
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]

    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "amelie.laurent@example.fr"
    assert mail["Content-Language"] == "fr"
    link = next(line for line in text_of(mail).splitlines() if "/me/" in line)
    assert link.endswith(response.headers["Location"])
    assert client.get(link.removeprefix("http://localhost")).status_code == 200


def test_the_confirmation_says_until_when_changes_are_possible_in_the_persons_language(app, smtp_server, person,
                                                                                       event):
    from datetime import UTC, datetime, timedelta

    from delegates.registration.models import Event

    with app.test_request_context("/?lang=fr", base_url=SITE):  # a French page, a person who reads Arabic
        participant = person(ui_language="ar", email="layla@example.ae")
        mail_private_link(participant, TOKEN)
        db.session.get(Event, event.id).changes_close_at = datetime(2099, 10, 31, 17, 0, tzinfo=UTC)
        db.session.commit()
        mail_private_link(participant, TOKEN)
        db.session.get(Event, event.id).changes_close_at = datetime.now(UTC) - timedelta(days=1)
        db.session.commit()
        mail_private_link(participant, TOKEN)
    without, until, after = (text_of(m) for m in smtp_server)
    assert "حتى" not in without.split(TOKEN)[1].split("\n\n")[1]
    paragraphs = until.split(f"{SITE}me/{TOKEN}\n\n")[1].split("\n\n")
    assert paragraphs[0] == "يمكنكم تصحيح تسجيلكم أو إلغاؤه حتى 31\u200f/10\u200f/2099، 6:00 م (Europe/Rome)."
    assert until.count("\n\n") == without.count("\n\n") + 1  # a paragraph of its own, the others as they were
    assert after == without  # a deadline passed is not announced
