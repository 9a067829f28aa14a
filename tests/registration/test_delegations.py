"""Delegations as the registrar runs them: focal points and their links, quotas, heads, credentials, observers;
the admin pages and the `delegates delegations` commands."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.common.database import utcnow
from delegates.extensions import db
from delegates.registration import delegations
from delegates.registration.models import Category, Delegation, Event, Participant
from delegates.registration.participants import Actor
from delegates.registration.validation import FieldError

LINK = re.compile(r"https?://[^\s\"<>]+/d/([A-Za-z0-9_-]{43})")


def text(response) -> str:
    return response.get_data(as_text=True)


def squeezed(response) -> str:
    """The page's text without tags, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text(response))).split())


def errors_on(response) -> list[str]:
    return [" ".join(html.unescape(e).split())
            for e in re.findall(r'<p class="error"[^>]*>(.*?)</p>', text(response), re.S)]


def delegation_path(event, code: str = "ITA") -> str:
    return f"/admin/e/{event.slug}/delegations/{event.delegations[code]}"


def audit(app, kind: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.id)))


def add_members(app, event, new_participant, code: str, n: int, **columns) -> list[int]:
    with app.app_context():
        people = [new_participant(delegation_id=event.delegations[code], **columns) for _ in range(n)]
        db.session.add_all(people)
        db.session.commit()
        return [p.id for p in people]


def set_quota(app, event, code: str, quota: int | None) -> None:
    with app.app_context():
        db.session.get(Delegation, event.delegations[code]).quota = quota
        db.session.commit()


@pytest.fixture
def registrar(client, logged_in):
    return logged_in(client, roles=("registrar",))


@pytest.fixture
def appoint(client, csrf_token, event):
    """``appoint(code="ITA", **fields)``: submit the focal point form on the delegation's admin page."""

    def submit(code: str = "ITA", **fields):
        path = delegation_path(event, code)
        data = {"csrf_token": csrf_token(client, path), "name": "Marco Bianchi", "email": "ncb.rome@example.org",
                "language": "en", "send_mail": "y"}
        data.update(fields)
        return client.post(path + "/focal-point", data={k: v for k, v in data.items() if v is not None})

    return submit


# -- the focal point's link -----------------------------------------------------------------------------------

def test_appointing_a_focal_point_shows_the_link_once_and_mails_it(client, registrar, appoint, event, smtp_server):
    response = appoint()
    assert response.status_code == 200
    shown = LINK.findall(text(response))
    assert len(set(shown)) == 1
    token = shown[0]
    assert "Marco Bianchi is the focal point of Italy. The private link was mailed to ncb.rome@example.org." \
        in squeezed(response)

    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "ncb.rome@example.org"
    assert "Italy" in mail["Subject"]
    assert f"/d/{token}" in mail.get_body(("plain",)).get_content()

    assert token not in text(client.get(delegation_path(event)))  # shown once, never again
    page = client.get(f"/d/{token}")
    assert page.status_code == 200
    assert "Delegation of Italy" in squeezed(page)


def test_appointing_again_makes_the_old_link_stop_working(client, registrar, appoint, event, smtp_server):
    first = LINK.search(text(appoint())).group(1)
    second = LINK.search(text(appoint(name="Giulia Verdi", email="giulia.verdi@example.org"))).group(1)
    assert first != second
    assert client.get(f"/d/{first}").status_code == 404
    assert client.get(f"/d/{second}").status_code == 200
    assert [m["To"].addresses[0].addr_spec for m in smtp_server] == ["ncb.rome@example.org",
                                                                     "giulia.verdi@example.org"]


def test_appointing_is_audited_and_the_token_is_kept_nowhere(app, client, registrar, appoint, event):
    token = LINK.search(text(appoint(send_mail=None))).group(1)
    [entry] = audit(app, "delegation.focal_point_appointed")
    assert entry.organiser_id == registrar.id
    assert entry.changes["focal_point_email"] == [None, "ncb.rome@example.org"]
    assert token not in repr(entry.changes) + (entry.note or "")
    with app.app_context():
        delegation = db.session.get(Delegation, event.delegations["ITA"])
        assert delegation.focal_point_token_hash != token and len(delegation.focal_point_token_hash) == 64
        assert delegation.focal_point_appointed_at is not None


def test_without_mail_the_page_says_to_pass_the_link_on(client, registrar, appoint, tmp_path, smtp_server):
    response = appoint(send_mail=None)
    assert "No mail was sent: pass the link on yourself." in squeezed(response)
    assert LINK.search(text(response))
    assert smtp_server == []


def test_a_focal_point_without_a_valid_email_is_refused_next_to_the_field(client, registrar, appoint, event):
    response = appoint(email="ncb.rome at example.org")
    assert response.status_code == 400
    assert "“ncb.rome at example.org” is not an email address." in errors_on(response)
    assert not LINK.search(text(response))


def test_an_unknown_mail_language_is_refused_next_to_the_field(client, registrar, appoint):
    response = appoint(language="de")
    assert response.status_code == 400
    assert "Choose English, French, Spanish or Arabic (en, fr, es, ar), not “de”." in errors_on(response)


def test_the_mail_goes_out_in_the_chosen_language(client, registrar, appoint, smtp_server):
    appoint(language="fr")
    [mail] = smtp_server
    assert mail["Content-Language"] == "fr"
    assert "Italie" in mail["Subject"]  # the country's name in French


def test_appointing_validates_name_and_email_in_the_service(app, event):
    with app.app_context():
        delegation = db.session.get(Delegation, event.delegations["ITA"])
        with pytest.raises(FieldError) as refused:
            delegations.appoint_focal_point(delegation, "  ", "ncb@example.org", Actor(label="test"))
        assert refused.value.message == "Focal point's name is required."
        token = delegations.appoint_focal_point(delegation, "Marco Bianchi", "NCB.Rome@Example.org",
                                                Actor(label="test"))
        assert delegation.focal_point_email == "ncb.rome@example.org"
        assert delegations.find_by_focal_token(token) is delegation
        assert delegations.find_by_focal_token(token + "x") is None
        assert delegations.find_by_focal_token("") is None


# -- the registrar's list and page ----------------------------------------------------------------------------

def test_the_delegations_page_shows_each_delegations_size_against_its_quota(
        app, client, registrar, event, new_participant):
    with app.app_context():
        db.session.get(Event, event.id).default_quota = 12
        db.session.commit()
    set_quota(app, event, "ITA", 2)
    add_members(app, event, new_participant, "ITA", 2)
    add_members(app, event, new_participant, "FRA", 1, status="accredited")
    response = client.get(f"/admin/e/{event.slug}/delegations")
    assert response.status_code == 200
    rows = {re.sub(r"<[^>]+>", " ", row).split()[0]: " ".join(re.sub(r"<[^>]+>", " ", row).split())
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text(response), re.S)[1:]}
    assert "2 of 2 full" in rows["Italy"]
    assert "1 of 12" in rows["France"] and "full" not in rows["France"]
    assert re.search(r'<tr class="quota-full">\s*<th scope="row">\s*<a[^>]*>Italy', text(response))


def test_cancelled_members_and_categories_outside_the_quota_do_not_count(app, client, registrar, event,
                                                                         new_participant):
    set_quota(app, event, "ITA", 3)
    with app.app_context():
        interpreter = Category(event_id=event.id, name="Interpreter", badge_colour="#555555",
                               counts_against_quota=False)
        db.session.add(interpreter)
        db.session.commit()
        interpreter_id = interpreter.id
    add_members(app, event, new_participant, "ITA", 1)
    add_members(app, event, new_participant, "ITA", 1, status="cancelled")
    add_members(app, event, new_participant, "ITA", 2, category_id=interpreter_id)
    with app.app_context():
        [italy] = [r for r in delegations.delegation_summary(db.session.get(Event, event.id)) if r.code == "ITA"]
        assert (italy.size, italy.quota, italy.members, italy.full) == (1, 3, 3, False)


def test_the_list_filters_observers_and_sorts_by_name(app, client, registrar, event):
    with app.app_context():
        db.session.add(Delegation(event_id=event.id, kind="observer", organisation_name="Europol",
                                  organisation_acronym="EUROPOL"))
        db.session.commit()
    names = re.findall(r'<th scope="row">\s*<a[^>]*>([^<]+)</a>',
                       text(client.get(f"/admin/e/{event.slug}/delegations")))
    assert names == ["Europol", "France", "Italy"]
    names = re.findall(r'<th scope="row">\s*<a[^>]*>([^<]+)</a>',
                       text(client.get(f"/admin/e/{event.slug}/delegations?sort=-name")))
    assert names == ["Italy", "France", "Europol"]
    names = re.findall(r'<th scope="row">\s*<a[^>]*>([^<]+)</a>',
                       text(client.get(f"/admin/e/{event.slug}/delegations?kind=observer")))
    assert names == ["Europol"]
    names = re.findall(r'<th scope="row">\s*<a[^>]*>([^<]+)</a>',
                       text(client.get(f"/admin/e/{event.slug}/delegations?kind=country&lang=fr")))
    assert names == ["France", "Italie"]


def test_the_delegation_page_lists_the_members_with_status_and_category(app, client, registrar, event,
                                                                        new_participant):
    add_members(app, event, new_participant, "ITA", 1, given_name="Anna", family_name="Conti", status="accredited",
                category_id=event.categories["Head of Delegation"])
    add_members(app, event, new_participant, "FRA", 1, given_name="Jean", family_name="Dupont")
    page = squeezed(client.get(delegation_path(event)))
    assert "Anna Conti Head of Delegation" in page and "accredited" in page
    assert "Jean Dupont" not in page


def test_the_registrar_sets_the_quota_and_names_the_head(app, client, registrar, csrf_token, event,
                                                         new_participant):
    [anna] = add_members(app, event, new_participant, "ITA", 1, given_name="Anna", family_name="Conti")
    token = csrf_token(client, delegation_path(event))
    response = client.post(delegation_path(event) + "/quota", data={"csrf_token": token, "quota": "5"})
    assert response.status_code == 303
    response = client.post(delegation_path(event) + "/head", data={"csrf_token": token, "head": str(anna)})
    assert response.status_code == 303
    assert "Anna Conti is the head of delegation." in squeezed(client.get(response.headers["Location"]))
    with app.app_context():
        italy = db.session.get(Delegation, event.delegations["ITA"])
        assert (italy.quota, italy.head_id) == (5, anna)
    assert audit(app, "delegation.quota_set")[0].changes == {"quota": [None, 5]}
    assert audit(app, "delegation.head_named")[0].changes == {"head": [None, "Anna Conti"]}

    response = client.post(delegation_path(event) + "/quota", data={"csrf_token": token, "quota": "-1"})
    assert response.status_code == 400
    assert "Give a number of participants from 0 to 10,000." in errors_on(response)


def test_a_quota_below_the_present_size_keeps_everyone_and_warns(app, client, registrar, csrf_token, event,
                                                                 new_participant):
    add_members(app, event, new_participant, "ITA", 3)
    token = csrf_token(client, delegation_path(event))
    response = client.post(delegation_path(event) + "/quota", data={"csrf_token": token, "quota": "2"},
                           follow_redirects=True)
    assert "The quota is 2, but 3 members count against it already" in squeezed(response)
    assert "3 of 2" in squeezed(response)


def test_the_registrar_records_the_credentials_received(app, client, registrar, csrf_token, event):
    token = csrf_token(client, delegation_path(event))
    response = client.post(delegation_path(event) + "/credentials",
                           data={"csrf_token": token, "received_on": "2012-10-12",
                                 "note": "Original by diplomatic bag"})
    assert response.status_code == 303
    with app.app_context():
        italy = db.session.get(Delegation, event.delegations["ITA"])
        assert italy.event.local(italy.credentials_received_at).date() == date(2012, 10, 12)
        assert italy.credentials_note == "Original by diplomatic bag"
    [entry] = audit(app, "delegation.credentials_received")
    assert entry.organiser_id == registrar.id
    assert entry.changes["credentials_note"] == [None, "Original by diplomatic bag"]
    response = client.get(f"/admin/e/{event.slug}/delegations")
    assert "Oct 12, 2012" in squeezed(response)

    tomorrow = date.fromordinal(utcnow().date().toordinal() + 2).isoformat()
    response = client.post(delegation_path(event) + "/credentials", data={"csrf_token": token, "received_on": tomorrow})
    assert response.status_code == 400
    assert "The date cannot be later than today." in errors_on(response)


def test_the_registrar_adds_an_observer_delegation(app, client, registrar, csrf_token, event):
    path = f"/admin/e/{event.slug}/delegations"
    token = csrf_token(client, path)
    response = client.post(path + "/observers", data={"csrf_token": token, "organisation": "United Nations Office "
                           "on Drugs and Crime", "organisation_acronym": "UNODC", "quota": "4"})
    assert response.status_code == 303
    page = squeezed(client.get(response.headers["Location"]))
    assert "United Nations Office on Drugs and Crime UNODC observer" in page
    with app.app_context():
        unodc = db.session.scalar(select(Delegation).where(Delegation.organisation_acronym == "UNODC"))
        assert (unodc.kind, unodc.quota, unodc.event_id) == ("observer", 4, event.id)

    response = client.post(path + "/observers", data={"csrf_token": token, "organisation": "Some Agency",
                                                      "organisation_acronym": "FRA"})
    assert response.status_code == 400
    assert "FRA is a country code; choose another acronym." in errors_on(response)
    response = client.post(path + "/observers", data={"csrf_token": token, "organisation": "united nations office "
                                                      "on drugs and crime"})
    assert response.status_code == 400
    assert "is an observer at this event already" in " ".join(errors_on(response))


def test_a_viewer_reads_the_delegations_but_cannot_change_them(app, client, logged_in, csrf_token, event):
    logged_in(client, roles=("viewer",))
    assert client.get(f"/admin/e/{event.slug}/delegations").status_code == 200
    page = client.get(delegation_path(event))
    assert page.status_code == 200
    assert "/focal-point" not in text(page)  # no forms for a reader
    token = csrf_token(client, delegation_path(event))
    for action, data in (("/focal-point", {"name": "X Y", "email": "x@example.org"}), ("/quota", {"quota": "1"}),
                         ("/head", {"head": ""}), ("/credentials", {"received_on": "2012-10-01"})):
        response = client.post(delegation_path(event) + action, data={"csrf_token": token, **data})
        assert response.status_code == 403, action
    assert client.post(f"/admin/e/{event.slug}/delegations/observers",
                       data={"csrf_token": token, "organisation": "Europol"}).status_code == 403
    with app.app_context():
        italy = db.session.get(Delegation, event.delegations["ITA"])
        assert (italy.focal_point_email, italy.quota, italy.credentials_received_at) == (None, None, None)


def test_an_organiser_without_the_registrar_role_cannot_read_them(client, logged_in, event):
    logged_in(client, roles=("printer",))
    assert client.get(f"/admin/e/{event.slug}/delegations").status_code == 403


def test_a_delegation_of_another_event_is_not_found(app, client, registrar, event):
    with app.app_context():
        other = Event(slug="ga82", name="82nd General Assembly", city="Hanoi", timezone="Asia/Ho_Chi_Minh",
                      starts_on=date(2013, 10, 21), ends_on=date(2013, 10, 24))
        other.delegations = [Delegation(kind="country", country_code="VNM")]
        db.session.add(other)
        db.session.commit()
        vietnam = other.delegations[0].id
    assert client.get(f"/admin/e/{event.slug}/delegations/{vietnam}").status_code == 404


# -- the rules, in the services -------------------------------------------------------------------------------

def test_the_head_must_be_an_active_member_of_the_delegation(app, event, new_participant):
    [anna] = add_members(app, event, new_participant, "ITA", 1, given_name="Anna", family_name="Conti")
    [jean] = add_members(app, event, new_participant, "FRA", 1, given_name="Jean", family_name="Dupont")
    [gone] = add_members(app, event, new_participant, "ITA", 1, given_name="Luca", family_name="Neri",
                         status="cancelled")
    with app.app_context():
        italy = db.session.get(Delegation, event.delegations["ITA"])
        with pytest.raises(delegations.DelegationError, match="Jean Dupont is not a member of the delegation of "
                                                              "Italy."):
            delegations.set_head(italy, db.session.get(Participant, jean), Actor(label="test"))
        with pytest.raises(delegations.DelegationError, match="registration is cancelled"):
            delegations.set_head(italy, db.session.get(Participant, gone), Actor(label="test"))
        delegations.set_head(italy, db.session.get(Participant, anna), Actor(label="test"))
        db.session.commit()
        assert italy.head_id == anna


# -- the command line -----------------------------------------------------------------------------------------

def test_the_focal_point_command_prints_a_private_link_that_works(app, runner, event, smtp_server):
    result = runner.invoke(args=["delegations", "focal-point", "--event", event.slug, "--country", "FRA",
                                 "--name", "Claire Martin", "--email", "ncb.paris@example.org"])
    assert result.exit_code == 0, result.output
    assert "Claire Martin <ncb.paris@example.org> is the focal point of the delegation of France at test." \
        in result.output
    [token] = re.findall(r"^http://127\.0\.0\.1:5000/d/([A-Za-z0-9_-]{43})$", result.output, re.M)
    assert f"/d/{token}" in smtp_server[0].get_body(("plain",)).get_content()
    assert app.test_client().get(f"/d/{token}").status_code == 200
    assert audit(app, "delegation.focal_point_appointed")[0].note == "a private link (command line)"


def test_the_focal_point_command_uses_the_public_url_and_can_skip_the_mail(app, runner, event, smtp_server):
    app.config["PUBLIC_URL"] = "https://delegates.example.org"
    result = runner.invoke(args=["delegations", "focal-point", "--event", event.slug, "--country", "DEU",
                                 "--name", "Karl Weber", "--email", "ncb.berlin@example.org", "--no-mail"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^https://delegates\.example\.org/d/[A-Za-z0-9_-]{43}$", result.output, re.M)
    assert smtp_server == []
    with app.app_context():  # Germany had no delegation yet: it has one now
        germany = db.session.scalar(select(Delegation).where(Delegation.event_id == event.id,
                                                             Delegation.country_code == "DEU"))
        assert germany.focal_point_name == "Karl Weber"


def test_the_focal_point_command_says_what_is_wrong(runner, event):
    result = runner.invoke(args=["delegations", "focal-point", "--event", event.slug, "--country", "XYZ",
                                 "--name", "Nobody", "--email", "nobody@example.org"])
    assert result.exit_code == 1
    assert "“XYZ” is not a country we know" in result.output
    result = runner.invoke(args=["delegations", "focal-point", "--event", event.slug, "--country", "ITA",
                                 "--name", "Marco Bianchi", "--email", "not an email"])
    assert result.exit_code == 1
    assert "is not an email address" in result.output


def test_the_list_command_prints_the_summary(app, runner, event, new_participant):
    set_quota(app, event, "ITA", 2)
    add_members(app, event, new_participant, "ITA", 2)
    result = runner.invoke(args=["delegations", "list", "--event", event.slug])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["Code", "Delegation", "Focal", "point", "Head", "Members", "Accredited", "Sent",
                                "Received"]
    assert re.search(r"^ITA\s+Italy\s+2/2 full\s+0$", result.output, re.M)
    assert re.search(r"^FRA\s+France\s+0\s+0$", result.output, re.M)
    assert lines[-1] == "2 delegations."


# -- head, minister at the venue, declaration signed: the columns of the list ---------------------------------

def delegation_rows(response) -> dict[str, str]:
    """Each row of the delegations table as text, by the delegation's first word."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text(response), re.S)[1:]:
        words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
        rows[words.split()[0]] = words
    return rows


def add_country(app, event, code: str) -> int:
    with app.app_context():
        row = Delegation(event_id=event.id, kind="country", country_code=code)
        db.session.add(row)
        db.session.commit()
        return row.id


def minister_seen(app, event, new_participant, delegation_id: int, days: list[date]) -> int:
    from delegates.checkin.models import Attendance

    with app.app_context():
        minister = new_participant(delegation_id=delegation_id, category_id=event.categories["Minister"],
                                   status="accredited")
        db.session.add(minister)
        db.session.flush()
        for day in days:
            db.session.add(Attendance(event_id=event.id, participant_id=minister.id, place="entrance", day=day,
                                      source="scan"))
        db.session.commit()
        return minister.id


def signed(app, event, delegation_id: int, code: str, signatory_id: int, when) -> None:
    from delegates.declaration.models import Declaration, Signature

    with app.app_context():
        declaration = db.session.scalar(select(Declaration).where(Declaration.event_id == event.id))
        if declaration is None:
            declaration = Declaration(event_id=event.id, code="rome-2012", title="Rome Declaration")
            db.session.add(declaration)
            db.session.flush()
        db.session.add(Signature(declaration_id=declaration.id, country_code=code, delegation_id=delegation_id,
                                 signatory_id=signatory_id, method="in_person", signed_at=when))
        db.session.commit()


def test_the_delegations_list_shows_head_minister_at_the_venue_and_the_declaration(
        app, client, registrar, event, new_participant):
    from datetime import UTC, datetime, timedelta

    from delegates.declaration.models import Declaration

    with app.app_context():
        today = db.session.get(Event, event.id).local(utcnow()).date()
        db.session.add(Declaration(event_id=event.id, code="rome-2012", title="Rome Declaration"))
        db.session.commit()
    germany = add_country(app, event, "DEU")
    italian_minister = minister_seen(app, event, new_participant, event.delegations["ITA"],
                                     [today - timedelta(days=2), today])
    minister_seen(app, event, new_participant, event.delegations["FRA"], [date(2012, 11, 5)])
    minister_seen(app, event, new_participant, germany, [])
    with app.app_context():
        italy = db.session.get(Delegation, event.delegations["ITA"])
        italy.head = db.session.get(Participant, italian_minister)
        db.session.commit()
        head_name = italy.head.full_name
    signed(app, event, event.delegations["ITA"], "ITA", italian_minister, datetime(2012, 11, 7, 10, tzinfo=UTC))

    response = client.get(f"/admin/e/{event.slug}/delegations")
    assert response.status_code == 200
    header = squeezed(response)
    assert "Minister at the venue today (" in header and "Declaration signed" in header
    rows = delegation_rows(response)
    assert head_name in rows["Italy"]
    assert "present" in rows["Italy"] and "signed Nov 7, 2012" in rows["Italy"]
    assert "not today; last seen Nov 5, 2012" in rows["France"] and "not signed" in rows["France"]
    assert "no minister seen" in rows["Germany"] and "not signed" in rows["Germany"]


def test_the_delegations_list_needs_the_same_queries_for_3_or_11_delegations(
        app, client, registrar, event, new_participant, sql_statements):
    from datetime import UTC, datetime

    def count() -> int:
        with sql_statements() as seen:
            assert client.get(f"/admin/e/{event.slug}/delegations").status_code == 200
        return len(seen)

    def add(codes: list[str]) -> None:
        for code in codes:
            delegation_id = add_country(app, event, code)
            minister = minister_seen(app, event, new_participant, delegation_id, [date(2012, 11, 5)])
            with app.app_context():
                db.session.get(Delegation, delegation_id).head_id = minister
                db.session.commit()
            signed(app, event, delegation_id, code, minister, datetime(2012, 11, 7, tzinfo=UTC))

    add(["DEU"])
    client.get(f"/admin/e/{event.slug}/delegations")
    few = count()
    add(["ESP", "PRT", "GRC", "AUT", "BEL", "NLD", "POL", "SWE"])
    many = count()
    assert len(delegation_rows(client.get(f"/admin/e/{event.slug}/delegations"))) == 11
    assert many == few, f"{few} queries for 3 delegations, {many} for 11"


@pytest.mark.parametrize("value, expected", [
    ("FRA", "FRA"), ("fra", "FRA"), ("FR", "FRA"), ("France", "FRA"), (" Italy ", "ITA"),
    ("WCO", "observer"), ("wco", "observer"), ("World Customs Organization", "observer"),
], ids=["alpha3", "alpha3-lower", "alpha2", "name", "name-spaced", "acronym", "acronym-lower", "organisation"])
def test_a_delegation_is_found_by_code_name_or_acronym(app, event, value, expected):
    with app.app_context():
        db.session.add(Delegation(event_id=event.id, kind="observer", organisation_acronym="WCO",
                                  organisation_name="World Customs Organization"))
        db.session.commit()
        found = delegations.find_delegation(db.session.get(Event, event.id), value)
        assert (found.kind if found.kind == "observer" else found.country_code) == expected
        assert found.event_id == event.id


def test_an_observer_whose_acronym_is_a_country_code_is_found_before_that_country(app, event):
    # the acronym is what the organisers typed: it wins over the country with the same three letters, as before
    with app.app_context():
        db.session.add(Delegation(event_id=event.id, kind="observer", organisation_acronym="ITA",
                                  organisation_name="International Tribunal of Arbitration"))
        db.session.commit()
        found = delegations.find_delegation(db.session.get(Event, event.id), "ITA")
        assert (found.kind, found.organisation_acronym) == ("observer", "ITA")


def test_a_country_without_a_delegation_is_not_found_and_an_unknown_code_is_refused(app, event):
    with app.app_context():
        row = db.session.get(Event, event.id)
        assert delegations.find_delegation(row, "DEU") is None
        assert delegations.find_delegation(row, "XYZ") is None
        made = delegations.delegation_for_country(row, "deu")
        assert (made.kind, made.country_code, made.country.name_en) == ("country", "DEU", "Germany")
