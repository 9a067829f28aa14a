"""The focal point's private pages, /d/<token>: a delegation managed within its quota from one link."""
from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.registration.delegations import appoint_focal_point
from delegates.registration.models import Category, Delegation, Event, Participant
from delegates.registration.participants import Actor

LABELS = ["Title", "Given name", "Family name", "Name on badge", "Category", "Function", "Organisation", "Email",
          "Phone"]


def text(response) -> str:
    return response.get_data(as_text=True)


def squeezed(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text(response))).split())


def errors_on(response) -> list[str]:
    return [" ".join(html.unescape(e).split())
            for e in re.findall(r'<p class="error"[^>]*>(.*?)</p>', text(response), re.S)]


def problem_on(response) -> str:
    found = re.search(r'<div class="alert alert-error"[^>]*>(.*?)</div>', text(response), re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()) if found else ""


@pytest.fixture
def focal_point(app, event):
    """``focal_point(code="ITA", quota=None)``: appoint the delegation's focal point; returns the link's token."""

    def appoint(code: str = "ITA", quota: int | None = None) -> str:
        with app.app_context():
            delegation = db.session.get(Delegation, event.delegations[code])
            delegation.quota = quota
            token = appoint_focal_point(delegation, "Marco Bianchi", f"ncb.{code.lower()}@example.org",
                                        Actor(label="test"))
            db.session.commit()
            return token

    return appoint


@pytest.fixture
def register_member(client, csrf_token, event):
    """``register_member(token, **fields)``: submit the focal point's form for a new member."""
    numbers = iter(range(1, 1000))

    def submit(token: str, **fields):
        n = next(numbers)
        path = f"/d/{token}/register"
        data = {"csrf_token": csrf_token(client, path), "given_name": "Giulia", "family_name": f"Bruni {n}",
                "email": f"member.{n}@example.org", "category": str(event.categories["Delegate"])}
        data.update(fields)
        return client.post(path, data=data)

    return submit


def members_of(app, event, code: str = "ITA") -> list[Participant]:
    with app.app_context():
        return list(db.session.scalars(select(Participant).where(
            Participant.delegation_id == event.delegations[code]).order_by(Participant.id)))


def audit(app, kind: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.id)))


# -- the link -------------------------------------------------------------------------------------------------

def test_the_focal_points_page_shows_the_delegation_and_its_quota(app, client, event, focal_point, new_participant):
    token = focal_point(quota=12)
    with app.app_context():
        db.session.add_all([new_participant(given_name="Anna", family_name="Conti", status="accredited"),
                            *(new_participant() for _ in range(6))])
        db.session.commit()
    response = client.get(f"/d/{token}")
    assert response.status_code == 200
    page = squeezed(response)
    assert "Delegation of Italy" in page
    assert "7 of 12 places used" in page
    assert "Anna Conti Delegate accredited" in page


def test_the_focal_points_pages_are_never_cached_nor_referred(client, focal_point):
    token = focal_point()
    for path in (f"/d/{token}", f"/d/{token}/register"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_wrong_token_is_a_page_not_found(client, focal_point):
    token = focal_point()
    for path in (f"/d/{token[:-1]}x", "/d/nothing", f"/d/{token}x/register"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Page not found" in squeezed(response)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_member_form_has_the_labels_of_the_public_form(client, event, focal_point):
    page = text(client.get(f"/d/{focal_point()}/register"))
    labels = [re.sub(r"<[^>]+>", "", x).strip() for x in re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)]
    for name in LABELS:
        assert any(label.startswith(name) for label in labels), name
    assert "Country" not in labels  # the delegation's, fixed
    categories = re.findall(r'<option value="(\d+)">([^<]+)</option>', page)
    assert [name for _, name in categories] == ["Minister", "Head of Delegation", "Delegate"]


def test_the_form_offers_only_the_categories_people_may_choose(app, client, event, focal_point, register_member):
    with app.app_context():
        staff = Category(event_id=event.id, name="Staff", badge_colour="#333333", self_registration=False)
        db.session.add(staff)
        db.session.commit()
        staff_id = staff.id
    token = focal_point()
    assert "Staff" not in text(client.get(f"/d/{token}/register"))
    response = register_member(token, category=str(staff_id))
    assert response.status_code == 400
    assert "The category Staff is given by the organisers; choose another." in errors_on(response)


# -- registering within the quota -----------------------------------------------------------------------------

def test_three_members_fit_a_quota_of_three_and_the_fourth_is_refused(app, client, event, focal_point,
                                                                     register_member):
    token = focal_point(quota=3)
    for _ in range(3):
        response = register_member(token)
        assert response.status_code == 303
        assert response.headers["Location"] == f"/d/{token}"
    assert "3 of 3 places used" in squeezed(client.get(f"/d/{token}"))

    response = register_member(token, given_name="Paolo", family_name="Gialli", email="paolo.gialli@example.org")
    assert response.status_code == 400
    assert ("The delegation of Italy has reached its quota of 3 participants. Ask your delegation's focal point "
            "(ncb.ita@example.org) to make room, or the organisers to raise the quota.") in problem_on(response)
    assert 'value="Paolo"' in text(response)  # what was typed is kept
    assert len(members_of(app, event)) == 3
    assert all(p.registered_via == "focal_point" and p.status == "submitted" for p in members_of(app, event))


def test_members_outside_the_quota_still_register_when_it_is_full(app, client, event, focal_point,
                                                                  register_member):
    with app.app_context():
        interpreter = Category(event_id=event.id, name="Interpreter", badge_colour="#555555",
                               counts_against_quota=False)
        db.session.add(interpreter)
        db.session.commit()
        interpreter_id = interpreter.id
    token = focal_point(quota=1)
    assert register_member(token).status_code == 303
    assert register_member(token).status_code == 400
    assert ("Members in these categories do not count against the quota and can still be registered: "
            "Interpreter.") in squeezed(client.get(f"/d/{token}"))
    response = register_member(token, given_name="Lucia", family_name="Neri", category=str(interpreter_id))
    assert response.status_code == 303
    assert "1 of 1 places used" in squeezed(client.get(f"/d/{token}"))
    assert [p.given_name for p in members_of(app, event)] == ["Giulia", "Lucia"]


def test_each_new_member_gets_their_own_private_link_by_mail(app, client, event, focal_point, register_member,
                                                            smtp_server):
    token = focal_point()
    response = register_member(token, given_name="Anna", family_name="Conti", email="Anna.Conti@Example.org")
    assert response.status_code == 303
    assert "Anna Conti is registered. Their private link was mailed to anna.conti@example.org." \
        in squeezed(client.get(f"/d/{token}"))
    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "anna.conti@example.org"
    [member_token] = re.findall(r"/me/([A-Za-z0-9_-]{43})", mail.get_body(("plain",)).get_content())
    assert member_token != token
    assert client.get(f"/me/{member_token}").status_code == 200


def test_the_focal_point_mails_a_members_link_again_and_it_goes_on_working(app, client, csrf_token, event,
                                                                         focal_point, register_member, smtp_server):
    token = focal_point()
    register_member(token, given_name="Anna", family_name="Conti", email="anna.conti@example.org")
    [member_token] = re.findall(r"/me/([A-Za-z0-9_-]{43})", smtp_server[0].get_body(("plain",)).get_content())
    [anna] = members_of(app, event)
    page_path = f"/d/{token}/members/{anna.id}"
    assert "Mail their private link again" in text(client.get(page_path))
    with app.app_context():  # the deadline for changes has passed: mailing the link changes nothing, so it stays
        db.session.get(Event, event.id).changes_close_at = datetime.now(UTC) - timedelta(hours=1)
        db.session.commit()
    response = client.post(f"{page_path}/link", data={"csrf_token": csrf_token(client, page_path)})
    assert response.status_code == 303
    assert "The private link of Anna Conti was mailed to anna.conti@example.org again." in squeezed(
        client.get(response.headers["Location"]))
    mail = smtp_server[1]
    body = " ".join(mail.get_body(("plain",)).get_content().split())
    assert "The focal point of your delegation to Test General Assembly sends you the link" in body
    assert re.findall(r"/me/([A-Za-z0-9_-]{43})", body) == [member_token]
    assert client.get(f"/me/{member_token}").status_code == 200
    [entry] = audit(app, "participant.link_mailed")
    assert (entry.participant_id, entry.note, entry.organiser_id) == (anna.id, "focal_point", None)
    assert client.post(f"{page_path}/link").status_code == 400  # no CSRF token
    assert len(smtp_server) == 2


def test_a_members_link_that_cannot_be_made_again_is_renewed_and_the_page_says_so(
        app, client, csrf_token, event, focal_point, register_member, smtp_server):
    token = focal_point()
    register_member(token, given_name="Anna", family_name="Conti", email="anna.conti@example.org")
    [old] = re.findall(r"/me/([A-Za-z0-9_-]{43})", smtp_server[0].get_body(("plain",)).get_content())
    [anna] = members_of(app, event)
    with app.app_context():  # a link made before seeds were kept
        db.session.get(Participant, anna.id).token_seed = None
        db.session.commit()
    page_path = f"/d/{token}/members/{anna.id}"
    response = client.post(f"{page_path}/link", data={"csrf_token": csrf_token(client, page_path)})
    assert "A new private link was mailed to anna.conti@example.org; the old link no longer works." in squeezed(
        client.get(response.headers["Location"]))
    [new] = re.findall(r"/me/([A-Za-z0-9_-]{43})", smtp_server[1].get_body(("plain",)).get_content())
    assert client.get(f"/me/{new}").status_code == 200 and client.get(f"/me/{old}").status_code == 404


def test_a_focal_point_mails_no_link_of_another_delegation_or_of_a_cancelled_member(
        app, client, csrf_token, event, focal_point, register_member, new_participant, smtp_server):
    italy, france = focal_point("ITA"), focal_point("FRA")
    register_member(france, given_name="Chloé", family_name="Martin", email="chloe@example.fr")
    [chloe] = members_of(app, event, "FRA")
    path = f"/d/{italy}/members/{chloe.id}"
    assert client.post(f"{path}/link", data={"csrf_token": csrf_token(client, f"/d/{italy}")}).status_code == 404
    with app.app_context():
        db.session.get(Participant, chloe.id).status = "cancelled"
        db.session.commit()
    own = f"/d/{france}/members/{chloe.id}"
    assert client.post(f"{own}/link", data={"csrf_token": csrf_token(client, f"/d/{france}")}).status_code == 404
    assert "Mail their private link again" not in text(client.get(own))
    assert len(smtp_server) == 1  # Chloé's registration mail only


def test_a_refusal_names_the_field_and_keeps_what_was_typed(client, event, focal_point, register_member):
    token = focal_point()
    response = register_member(token, given_name="", family_name="", email="anna@example.org")
    assert response.status_code == 400
    assert "Give a given name, a family name or both (some people have one name)." in errors_on(response)
    assert 'value="anna@example.org"' in text(response)
    response = register_member(token, phone="12")
    assert response.status_code == 400
    assert any("is not a phone number we can call" in e for e in errors_on(response))


def test_an_email_already_registered_is_refused_with_who_has_it(app, client, event, focal_point, register_member,
                                                               new_participant):
    token = focal_point()
    assert register_member(token, given_name="Anna", family_name="Conti", email="anna@example.org").status_code == 303
    response = register_member(token, email="anna@example.org")
    assert response.status_code == 400
    assert "anna@example.org is already a member of your delegation: Anna Conti." in errors_on(response)
    with app.app_context():
        db.session.add(new_participant(delegation_id=event.delegations["FRA"], email="jean@example.org"))
        db.session.commit()
    response = register_member(token, email="jean@example.org")
    assert "jean@example.org is registered for this event already, in another delegation. Ask the organisers if " \
           "this person should be in yours." in errors_on(response)
    assert len(members_of(app, event, "FRA")) == 1


def test_registration_closed_is_said_on_the_page_and_refused(app, client, event, focal_point, register_member):
    token = focal_point()
    with app.app_context():
        db.session.get(Event, event.id).registration_closes_at = datetime.now(UTC) - timedelta(days=1)
        db.session.commit()
    page = squeezed(client.get(f"/d/{token}"))
    assert "Registration closed on" in page and "Register a member" not in page
    response = register_member(token)
    assert response.status_code == 400
    assert "Registration closed on" in problem_on(response)


def test_a_post_without_the_csrf_token_is_refused(client, focal_point, event):
    token = focal_point()
    response = client.post(f"/d/{token}/register", data={"given_name": "Anna", "email": "anna@example.org",
                                                         "category": str(event.categories["Delegate"])})
    assert response.status_code == 400


# -- changing and cancelling members --------------------------------------------------------------------------

def test_the_focal_point_corrects_a_member(app, client, csrf_token, event, focal_point, register_member):
    token = focal_point()
    register_member(token, given_name="Anna", family_name="Conti", email="anna@example.org")
    [anna] = members_of(app, event)
    path = f"/d/{token}/members/{anna.id}"
    form = client.get(path)
    assert 'value="Anna"' in text(form) and 'value="anna@example.org"' in text(form)
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "given_name": "Anna",
                                       "family_name": "Conti", "email": "anna@example.org",
                                       "category": str(event.categories["Delegate"]),
                                       "function": "Director of the National Central Bureau"})
    assert response.status_code == 303
    assert "The changes to Anna Conti's registration are saved." in squeezed(client.get(f"/d/{token}"))
    [anna] = members_of(app, event)
    assert anna.function == "Director of the National Central Bureau"
    [entry] = audit(app, "participant.changed")
    assert entry.note == "focal_point"
    assert entry.changes["function"] == [None, "Director of the National Central Bureau"]


def test_a_member_whose_address_the_focal_point_corrects_gets_a_new_link_there(app, client, csrf_token, event,
                                                                               focal_point, register_member,
                                                                               smtp_server):
    token = focal_point()
    register_member(token, given_name="Anna", family_name="Conti", email="anna@exmaple.org")
    [first] = smtp_server
    [old_token] = re.findall(r"/me/([A-Za-z0-9_-]{43})", first.get_body(("plain",)).get_content())
    [anna] = members_of(app, event)
    path = f"/d/{token}/members/{anna.id}"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "given_name": "Anna",
                                       "family_name": "Conti", "email": "anna@example.org",
                                       "category": str(event.categories["Delegate"])})
    assert response.status_code == 303
    assert ("Anna Conti's private link was mailed to the new address, anna@example.org; the old link no longer "
            "works.") in squeezed(client.get(f"/d/{token}"))
    by_address = {m["To"].addresses[0].addr_spec: m for m in smtp_server[1:]}
    assert set(by_address) == {"anna@example.org", "anna@exmaple.org"}
    new_mail = by_address["anna@example.org"].get_body(("plain",)).get_content()
    [new_token] = re.findall(r"/me/([A-Za-z0-9_-]{43})", new_mail)
    assert client.get(f"/me/{new_token}").status_code == 200
    assert client.get(f"/me/{old_token}").status_code == 404
    notice = by_address["anna@exmaple.org"].get_body(("plain",)).get_content()
    assert "focal point changed the email address" in " ".join(notice.split()) and "/me/" not in notice
    assert [e.kind for e in audit(app, "participant.link_renewed")] == ["participant.link_renewed"]


def test_the_focal_point_cancels_a_member_and_the_place_is_free_again(app, client, csrf_token, event, focal_point,
                                                                     register_member):
    token = focal_point(quota=1)
    register_member(token, given_name="Anna", family_name="Conti")
    [anna] = members_of(app, event)
    path = f"/d/{token}/members/{anna.id}"
    response = client.post(path + "/cancel", data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 303
    page = squeezed(client.get(f"/d/{token}"))
    assert "The registration of Anna Conti is cancelled." in page
    assert "0 of 1 places used" in page
    assert members_of(app, event)[0].status == "cancelled"
    assert register_member(token).status_code == 303


def test_after_the_deadline_for_changes_the_focal_point_can_no_longer_change_or_cancel_a_member(
        app, client, csrf_token, event, focal_point, register_member):
    token = focal_point()
    register_member(token, given_name="Anna", family_name="Conti", email="anna@example.org")
    [anna] = members_of(app, event)
    with app.app_context():
        db.session.get(Event, event.id).changes_close_at = datetime.now(UTC) - timedelta(hours=1)
        db.session.commit()
    page = squeezed(client.get(f"/d/{token}"))
    assert "Changes closed on" in page and "Change Anna Conti" not in page
    path = f"/d/{token}/members/{anna.id}"
    form = client.get(path)
    assert form.status_code == 200 and "Changes closed on" in squeezed(form) and "Save the changes" not in text(form)
    changed = client.post(path, data={"csrf_token": csrf_token(client, f"/d/{token}/register"), "given_name": "Anna",
                                      "family_name": "Conti", "email": "anna@example.org",
                                      "category": str(event.categories["Delegate"]), "function": "Minister"})
    assert changed.status_code == 409 and "Changes closed on" in problem_on(changed)
    cancelled = client.post(path + "/cancel", data={"csrf_token": csrf_token(client, f"/d/{token}/register")})
    assert cancelled.status_code == 303
    assert "Changes closed on" in squeezed(client.get(f"/d/{token}"))
    [anna] = members_of(app, event)
    assert (anna.function, anna.status) == (None, "submitted")
    assert audit(app, "participant.changed") == [] and audit(app, "participant.cancelled") == []


def test_a_member_of_another_delegation_is_out_of_reach(app, client, csrf_token, event, focal_point,
                                                        new_participant):
    token = focal_point("ITA")
    with app.app_context():
        jean = new_participant(delegation_id=event.delegations["FRA"], given_name="Jean", family_name="Dupont")
        db.session.add(jean)
        db.session.commit()
        jean_id = jean.id
    assert client.get(f"/d/{token}/members/{jean_id}").status_code == 404
    response = client.post(f"/d/{token}/members/{jean_id}/cancel",
                           data={"csrf_token": csrf_token(client, f"/d/{token}")})
    assert response.status_code == 404
    assert members_of(app, event, "FRA")[0].status == "submitted"


# -- the head of delegation and the credentials ---------------------------------------------------------------

def test_the_focal_point_names_the_head_of_delegation(app, client, csrf_token, event, focal_point, register_member,
                                                      new_participant):
    token = focal_point()
    register_member(token, given_name="Anna", family_name="Conti", category=str(event.categories["Minister"]))
    [anna] = members_of(app, event)
    with app.app_context():
        jean = new_participant(delegation_id=event.delegations["FRA"], given_name="Jean", family_name="Dupont")
        db.session.add(jean)
        db.session.commit()
        jean_id = jean.id
    csrf = csrf_token(client, f"/d/{token}")

    response = client.post(f"/d/{token}/head", data={"csrf_token": csrf, "head": str(jean_id)})
    assert response.status_code == 400
    assert "Choose a member of the delegation." in errors_on(response)

    response = client.post(f"/d/{token}/head", data={"csrf_token": csrf, "head": str(anna.id)})
    assert response.status_code == 303
    assert "Anna Conti is the head of delegation." in squeezed(client.get(f"/d/{token}"))
    with app.app_context():
        assert db.session.get(Delegation, event.delegations["ITA"]).head_id == anna.id
    [entry] = audit(app, "delegation.head_named")
    assert (entry.organiser_id, entry.note) == (None, "focal_point")


def test_a_cancelled_head_is_head_no_longer(app, client, csrf_token, event, focal_point, register_member):
    token = focal_point()
    register_member(token, given_name="Anna", family_name="Conti")
    [anna] = members_of(app, event)
    csrf = csrf_token(client, f"/d/{token}")
    client.post(f"/d/{token}/head", data={"csrf_token": csrf, "head": str(anna.id)})
    client.post(f"/d/{token}/members/{anna.id}/cancel", data={"csrf_token": csrf})
    with app.app_context():
        assert db.session.get(Delegation, event.delegations["ITA"]).head_id is None


def test_the_focal_point_says_when_the_credentials_letter_was_sent(app, client, csrf_token, event, focal_point,
                                                                   logged_in):
    token = focal_point()
    csrf = csrf_token(client, f"/d/{token}")
    response = client.post(f"/d/{token}/credentials", data={"csrf_token": csrf, "sent_on": "2012-10-01"})
    assert response.status_code == 303
    assert "Thank you: the date the credentials letter was sent is saved." in squeezed(client.get(f"/d/{token}"))
    with app.app_context():
        italy = db.session.get(Delegation, event.delegations["ITA"])
        assert italy.event.local(italy.credentials_sent_at).date() == date(2012, 10, 1)
    [entry] = audit(app, "delegation.credentials_sent")
    assert entry.note == "focal_point" and entry.changes["credentials_sent_at"][0] is None

    later = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(f"/d/{token}/credentials", data={"csrf_token": csrf, "sent_on": later})
    assert response.status_code == 400
    assert "The date cannot be later than today." in errors_on(response)

    registrar = app.test_client()
    logged_in(registrar, roles=("registrar",))
    page = squeezed(registrar.get(f"/admin/e/{event.slug}/delegations/{event.delegations['ITA']}"))
    assert "The focal point says the letter was sent on October 1, 2012." in page
