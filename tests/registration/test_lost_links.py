"""A lost private link: asked for by the address registered with (a participant's or a focal point's), mailed as it
is; a link that cannot be made again is replaced by one that opens the registration once, within a day, and makes
it a new private link."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select, update

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.privacy.services import erase
from delegates.registration import participants
from delegates.registration.models import Event, Participant
from delegates.registration.participants import Actor, Registration

OPEN_LINK = re.compile(r"http://localhost(/me/open/[A-Za-z0-9_.-]+)")
PRIVATE_LINK = re.compile(r"http://localhost(/me/[A-Za-z0-9_-]{43})\b")
FOCAL_LINK = re.compile(r"http://localhost(/d/[A-Za-z0-9_-]{43})\b")


@pytest.fixture
def registered(app, event):
    """Nguyễn Văn Thành, registered in French; returns the private page's path."""
    with app.app_context():
        _person, token = participants.register(
            db.session.get(Event, event.id),
            Registration(given_name="Nguyễn Văn", family_name="Thành", country="VNM", category="Delegate",
                         email="thanh@example.vn", ui_language="fr"), via="web")
        db.session.commit()
        return f"/me/{token}"


@pytest.fixture
def legacy(app, registered):
    """The same registration with a link that cannot be made again: made before seeds were kept."""
    with app.app_context():
        db.session.execute(update(Participant).values(token_seed=None))
        db.session.commit()
    return registered


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def open_mailed(client, csrf_token, link: str):
    """Follow the mailed link as a person does: its page (which changes nothing), then its button."""
    page = client.get(link)
    assert page.status_code == 200, page.status_code
    return client.post(link, data={"csrf_token": csrf_token(client, link)})


def ask(client, csrf_token, event, email: str, lang: str = "en"):
    path = f"/e/{event.slug}/link?lang={lang}"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "email": email})


def test_the_event_page_and_the_form_lead_to_the_page_that_asks_for_the_link(client, event):
    for page in (f"/e/{event.slug}/", f"/e/{event.slug}/register"):
        assert f'href="/e/{event.slug}/link"' in text(client.get(page))
    page = client.get(f"/e/{event.slug}/link")
    assert page.status_code == 200
    assert re.search(r"<label[^>]*>Email</label>", text(page))
    assert "Mail me the link" in text(page)


def test_a_registered_address_gets_its_private_link_again_and_it_keeps_working(app, client, csrf_token, event,
                                                                             registered, smtp_server):
    answer = ask(client, csrf_token, event, "Thanh@Example.VN")
    assert answer.status_code == 303
    assert ("If a registration for this event, or a delegation's focal point, has the address Thanh@Example.VN, a "
            "mail with the link is on its way there.") in text(client.get(answer.headers["Location"]))
    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "thanh@example.vn"
    body = " ".join(mail.get_body(("plain",)).get_content().split())
    assert "Quelqu’un, très probablement vous, a demandé le lien" in body  # the person's language
    assert "C’est le lien que vous aviez déjà : il n’a pas changé." in body
    assert PRIVATE_LINK.search(body).group(1) == registered  # the same link, made again from its seed
    assert OPEN_LINK.search(body) is None
    page = client.get(registered)
    assert page.status_code == 200 and "Thành" in text(page)  # asking ended nothing: a stranger cannot end the link
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.kind).where(AuditEntry.kind == "participant.link_renewed")) is None


def test_a_renewed_link_is_the_one_mailed_again(client, csrf_token, event, registered, smtp_server):
    renewed = client.post(registered + "/new-link", data={"csrf_token": csrf_token(client, registered)})
    assert renewed.status_code == 303
    new = PRIVATE_LINK.search(smtp_server[-1].get_body(("plain",)).get_content()).group(1)
    assert new != registered and client.get(registered).status_code == 404
    ask(client, csrf_token, event, "thanh@example.vn")
    assert PRIVATE_LINK.search(smtp_server[-1].get_body(("plain",)).get_content()).group(1) == new


def test_a_link_made_under_another_secret_key_is_replaced_through_a_link_that_opens_it(app, client, csrf_token,
                                                                                       event, registered,
                                                                                       smtp_server):
    app.secret_key = "another-secret-key-since-the-link-was-made"
    ask(client, csrf_token, event, "thanh@example.vn")
    body = smtp_server[-1].get_body(("plain",)).get_content()
    assert PRIVATE_LINK.search(body) is None  # the token made now would not be the one the person has
    assert client.get(registered).status_code == 200
    assert open_mailed(client, csrf_token, OPEN_LINK.search(body).group(1)).status_code == 303
    assert client.get(registered).status_code == 404


def test_a_link_that_cannot_be_made_again_is_replaced_through_a_link_that_opens_the_registration_once(
        app, client, csrf_token, event, legacy, smtp_server):
    registered = legacy
    answer = ask(client, csrf_token, event, "Thanh@Example.VN")
    assert answer.status_code == 303
    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "thanh@example.vn"
    body = mail.get_body(("plain",)).get_content()
    assert "Quelqu’un, très probablement vous, a demandé le lien" in " ".join(body.split())  # the person's language
    assert client.get(registered).status_code == 200  # asking changes nothing: a stranger cannot end the link

    link = OPEN_LINK.search(body).group(1)
    for _ in range(2):  # a mail scanner, a link preview: fetching the link uses nothing up
        page = client.get(link)
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
        assert "Open my registration" in text(page)
    assert client.get(registered).status_code == 200
    opened = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert opened.status_code == 303 and opened.headers["Cache-Control"] == "no-store"
    private = opened.headers["Location"]
    page = client.get(private)
    assert page.status_code == 200 and "Thành" in text(page)
    assert "This is your private link from now on" in text(page)
    assert client.get(registered).status_code == 404  # the old link ends when the mailed one is used
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.kind).where(AuditEntry.kind == "participant.link_renewed"))

    assert client.post(link, data={"csrf_token": csrf_token(client, f"/e/{event.slug}/link")}).status_code == 404
    again = client.get(link)
    assert again.status_code == 404
    assert "This link no longer opens a registration" in text(again)
    assert f'href="/e/{event.slug}/link"' in text(again)
    assert client.get(private).status_code == 200  # a used link changes nothing more
    ask(client, csrf_token, event, "thanh@example.vn")  # the new link has a seed: it is mailed as it is from now on
    assert PRIVATE_LINK.search(smtp_server[-1].get_body(("plain",)).get_content()).group(1) == private


def test_a_focal_point_gets_the_link_of_the_delegations_page(app, client, csrf_token, event, smtp_server):
    from delegates.registration import delegations
    from delegates.registration.models import Delegation

    with app.app_context():
        france = db.session.get(Delegation, event.delegations["FRA"])
        token = delegations.appoint_focal_point(france, "Chloé Martin", "chloe@interieur.gouv.fr", Actor(label="test"),
                                                "fr")
        db.session.commit()
    ask(client, csrf_token, event, "Chloe@Interieur.gouv.fr")
    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "chloe@interieur.gouv.fr"
    body = " ".join(mail.get_body(("plain",)).get_content().split())
    assert "Quelqu’un, très probablement vous, a demandé le lien vers la page privée de votre délégation" in body
    assert FOCAL_LINK.search(body).group(1) == f"/d/{token}"
    assert client.get(f"/d/{token}").status_code == 200


def test_a_focal_point_whose_link_cannot_be_made_again_gets_a_new_one(app, client, csrf_token, event,
                                                                      smtp_server):
    from delegates.registration import delegations
    from delegates.registration.models import Delegation

    with app.app_context():
        france = db.session.get(Delegation, event.delegations["FRA"])
        token = delegations.appoint_focal_point(france, "Chloé Martin", "chloe@interieur.gouv.fr", Actor(label="test"))
        db.session.execute(update(Delegation).values(focal_point_token_seed=None))
        db.session.commit()
    ask(client, csrf_token, event, "chloe@interieur.gouv.fr")
    [mail] = smtp_server
    body = " ".join(mail.get_body(("plain",)).get_content().split())
    assert "It is a new link: the one you had before" in body
    new = FOCAL_LINK.search(body).group(1)
    assert new != f"/d/{token}"
    assert client.get(new).status_code == 200 and client.get(f"/d/{token}").status_code == 404
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.kind == "delegation.focal_point_appointed")
                                   .order_by(AuditEntry.id.desc())).first()
        assert "lost link" in entry.note


def test_an_address_not_registered_is_answered_the_same_and_mailed_nothing(client, csrf_token, event, registered,
                                                                           smtp_server):
    answer = ask(client, csrf_token, event, "nobody@example.org")
    assert answer.status_code == 303
    page = text(client.get(answer.headers["Location"]))
    assert "If a registration for this event, or a delegation's focal point, has the address nobody@example.org" in page
    assert len(smtp_server) == 0


def test_a_link_older_than_a_day_or_altered_opens_nothing(app, client, csrf_token, event, legacy, smtp_server,
                                                         monkeypatch):
    registered = legacy
    import itsdangerous.timed

    real = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() - 25 * 3600)
    ask(client, csrf_token, event, "thanh@example.vn")
    monkeypatch.undo()
    old = OPEN_LINK.search(smtp_server[0].get_body(("plain",)).get_content()).group(1)
    assert client.get(old).status_code == 404

    ask(client, csrf_token, event, "thanh@example.vn")
    fresh = OPEN_LINK.search(smtp_server[1].get_body(("plain",)).get_content()).group(1)
    altered = fresh[:-2] + ("AA" if not fresh.endswith("AA") else "BB")
    answer = client.get(altered)
    assert answer.status_code == 404 and "Ask for a new link" not in text(answer)
    assert client.get(registered).status_code == 200
    assert open_mailed(client, csrf_token, fresh).status_code == 303


def test_a_link_renewed_or_erased_since_the_mail_opens_nothing(app, client, csrf_token, event, legacy,
                                                               smtp_server):
    registered = legacy
    ask(client, csrf_token, event, "thanh@example.vn")
    link = OPEN_LINK.search(smtp_server[0].get_body(("plain",)).get_content()).group(1)
    assert client.post(registered + "/new-link", data={"csrf_token": csrf_token(client, registered)}
                       ).status_code == 303
    assert client.get(link).status_code == 404

    with app.app_context():  # the new link has a seed: without it, as a link made before seeds were kept
        db.session.execute(update(Participant).values(token_seed=None))
        db.session.commit()
    ask(client, csrf_token, event, "thanh@example.vn")
    link = OPEN_LINK.search(smtp_server[-1].get_body(("plain",)).get_content()).group(1)
    with app.app_context():
        erase(db.session.scalar(select(Participant)), actor=Actor(label="test"))
        db.session.commit()
    assert client.get(link).status_code == 404
    sent = len(smtp_server)
    assert ask(client, csrf_token, event, "thanh@example.vn").status_code == 303
    assert len(smtp_server) == sent  # an erased registration's address is no longer its own


def test_a_bad_address_is_refused_next_to_the_field_in_the_pages_language(client, csrf_token, event):
    answer = ask(client, csrf_token, event, "not an address", lang="es")
    assert answer.status_code == 400
    page = text(answer)
    assert re.search(r'<p class="error" id="email-error">«not an address» no es una dirección de correo', page)
    assert 'aria-invalid="true"' in page and 'value="not an address"' in page


def test_asking_without_the_csrf_token_is_refused(client, event, registered, smtp_server):
    assert client.post(f"/e/{event.slug}/link", data={"email": "thanh@example.vn"}).status_code == 400
    assert len(smtp_server) == 0


def test_the_button_without_the_csrf_token_opens_nothing(client, csrf_token, event, legacy, smtp_server):
    registered = legacy
    ask(client, csrf_token, event, "thanh@example.vn")
    link = OPEN_LINK.search(smtp_server[0].get_body(("plain",)).get_content()).group(1)
    assert client.post(link).status_code == 400
    assert client.get(registered).status_code == 200
