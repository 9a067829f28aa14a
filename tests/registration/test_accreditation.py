"""The registrar's accreditation pages: /admin/e/<slug>/participants, a participant, accrediting and rejecting."""
from __future__ import annotations

import html
import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.registration import participants, photos
from delegates.registration.models import Category, Delegation, Event, Participant
from delegates.registration.participants import Actor, Registration

LIST = "/admin/e/test/participants"


@pytest.fixture
def person(app, event):
    """``person(given, family, **fields)``: register someone (a delegate of Italy unless told) and return the id."""
    numbers = iter(range(1, 1000))

    def register(given: str | None, family: str | None, *, status: str | None = None, **fields) -> int:
        n = next(numbers)
        values = {"country": "ITA", "category": "Delegate", "email": f"person{n}@example.org", **fields}
        with app.app_context():
            row, _token = participants.register(db.session.get(Event, event.id),
                                                Registration(given_name=given, family_name=family, **values),
                                                via="test", public=False)
            if status == "accredited":
                participants.accredit(row, actor=Actor(label="test"))
            elif status == "cancelled":
                participants.cancel(row, actor=Actor(label="test"))
            db.session.commit()
            return row.id

    return register


@pytest.fixture
def registrar(client, logged_in):
    return logged_in(client, roles=("registrar",))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def names_listed(response) -> set[str]:
    """The badge names in the list's rows."""
    return {html.unescape(name) for name in re.findall(r'<th scope="row" class="who">\s*<a [^>]*>([^<]+)</a>',
                                                       response.get_data(as_text=True))}


def status_of(app, participant_id: int) -> str:
    with app.app_context():
        return db.session.get(Participant, participant_id).status


def edit_form_data(page: str) -> dict:
    """What the detail page's edit form would send unchanged."""
    form = re.search(r'<form method="post" enctype="multipart/form-data".*?</form>', page, re.S).group(0)
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="file"' in tag or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data.setdefault(name.group(1), []).append(re.search(r'value="([^"]*)"', tag).group(1))
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body)
        data[name] = html.unescape(chosen.group(1)) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = html.unescape(body).lstrip("\n")
    return data


def edit(client, participant_id: int, **changes):
    path = f"{LIST}/{participant_id}"
    data = edit_form_data(client.get(path).get_data(as_text=True))
    data.update(changes)
    return client.post(path, data=data, content_type="multipart/form-data")


def post(client, csrf_token, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, LIST), **data})


# -- the list -------------------------------------------------------------------------------------------------

def test_the_registrar_sees_the_accreditation_queue(client, registrar, person):
    person("Giulia", "Rossi")
    person("Marco", "Bianchi")
    person("Anna", "Verdi", status="accredited")
    page = client.get(LIST)
    assert page.status_code == 200
    assert "Awaiting accreditation (2)" in text(page)
    queue = client.get(LIST, query_string={"status": "submitted"})
    assert names_listed(queue) == {"Giulia Rossi", "Marco Bianchi"}
    assert "Accredit selected" in text(queue)


@pytest.mark.parametrize(("query", "found"), [
    ("Fernandez", "Ana Fernández"),
    ("FERNÁNDEZ", "Ana Fernández"),
    ("zolc", "Łukasz Żółć"),
    ("Колокольцев", "Vladimir Kolokoltsev"),
    ("Kolokoltsev", "Vladimir Kolokoltsev"),
    ("l.zolc@example.pl", "Łukasz Żółć"),
])
def test_search_finds_names_in_any_script_whatever_the_accents_and_case(client, registrar, person, query, found):
    person("Ana", "Fernández", country="ESP", email="ana@example.es")
    person("Łukasz", "Żółć", country="POL", email="l.zolc@example.pl")
    person("Владимир", "Колокольцев", badge_name="Vladimir Kolokoltsev", country="RUS")
    person("Giulia", "Rossi")
    assert names_listed(client.get(LIST, query_string={"q": query})) == {found}


def test_search_by_badge_number(app, client, registrar, person):
    person("Giulia", "Rossi")
    second = person("Marco", "Bianchi")
    with app.app_context():
        number = db.session.get(Participant, second).badge_number
    assert names_listed(client.get(LIST, query_string={"q": str(number)})) == {"Marco Bianchi"}


def test_filters_by_status_country_region_and_category(client, registrar, person):
    person("Giulia", "Rossi", category="Minister")
    person("Pierre", "Martin", country="FRA", status="accredited")
    person("Tan", "Wei Ming", country="SGP")
    person("Ana", "Fernández", country="ESP", status="cancelled")
    assert names_listed(client.get(LIST, query_string={"status": "accredited"})) == {"Pierre Martin"}
    assert names_listed(client.get(LIST, query_string={"country": "FRA"})) == {"Pierre Martin"}
    assert names_listed(client.get(LIST, query_string={"region": "Asia and South Pacific"})) == {"Tan Wei Ming"}
    assert names_listed(client.get(LIST, query_string={"region": "Europe"})) == {
        "Giulia Rossi", "Pierre Martin", "Ana Fernández"}
    assert names_listed(client.get(LIST, query_string={"category": "Minister"})) == {"Giulia Rossi"}
    assert names_listed(client.get(LIST, query_string={"region": "Europe", "status": "cancelled"})) == {"Ana Fernández"}


def test_the_status_counts_follow_the_other_filters(client, registrar, person):
    person("Giulia", "Rossi")
    person("Pierre", "Martin", country="FRA")
    person("Jean", "Dupont", country="FRA", status="accredited")
    assert "Awaiting accreditation (1)" in text(client.get(LIST, query_string={"country": "FRA"}))


def test_the_list_shows_fifty_a_page_and_the_page_links_keep_the_filters(app, client, registrar, event,
                                                                          new_participant):
    with app.app_context():
        db.session.add_all(new_participant(delegation_id=event.delegations["FRA"]) for _ in range(55))
        db.session.add(new_participant(given_name="Marco"))
        db.session.commit()
    first = client.get(LIST, query_string={"country": "FRA"})
    assert len(names_listed(first)) == 50
    assert "Participants 1 to 50 of 55" in text(first)
    assert re.search(r'href="/admin/e/test/participants\?country=FRA&amp;page=2"', first.get_data(as_text=True))
    second = client.get(LIST, query_string={"country": "FRA", "page": 2})
    assert len(names_listed(second)) == 5
    assert "Participants 51 to 55 of 55" in text(second)


def test_the_list_shows_the_category_colour_and_a_ministers_rank_to_confirm(app, client, registrar, person, event):
    with app.app_context():
        db.session.get(Category, event.categories["Minister"]).needs_confirmation = True
        db.session.commit()
    person("Anna Maria", "Cancellieri", category="Minister")
    page = text(client.get(LIST))
    assert '<rect width="14" height="14" rx="3" fill="#8B1E2D"/>' in page
    assert "rank to confirm" in page


def test_every_checkbox_is_labelled_with_the_persons_name(client, registrar, person):
    giulia = person("Giulia", "Rossi")
    page = text(client.get(LIST))
    assert f'<label for="select-{giulia}" class="visually-hidden">Select Giulia Rossi</label>' in page


# -- accrediting and rejecting ----------------------------------------------------------------------------------

def test_accrediting_records_the_registrar_and_mails_the_person(app, client, csrf_token, registrar, person,
                                                               smtp_server):
    giulia = person("Giulia", "Rossi", email="giulia@example.it")
    response = post(client, csrf_token, f"{LIST}/{giulia}/accredit")
    assert response.status_code == 303
    assert status_of(app, giulia) == "accredited"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "participant.accredited"))
        assert entry.organiser_id == registrar.id and entry.changes == {"status": ["submitted", "accredited"]}
    assert [m["To"].addresses[0].addr_spec for m in smtp_server] == ["giulia@example.it"]
    assert "accredited" in smtp_server[0]["Subject"]
    page = text(client.get(f"{LIST}/{giulia}"))
    assert "is accredited" in page and registrar.email in page  # the flash, and who did it in the history


def test_accrediting_a_minister_confirms_the_rank(app, client, csrf_token, registrar, person, event):
    with app.app_context():
        db.session.get(Category, event.categories["Minister"]).needs_confirmation = True
        db.session.commit()
    minister = person("Anna Maria", "Cancellieri", category="Minister")
    assert "Confirm the rank and accredit" in text(client.get(f"{LIST}/{minister}"))
    post(client, csrf_token, f"{LIST}/{minister}/accredit")
    with app.app_context():
        row = db.session.get(Participant, minister)
        assert row.status == "accredited" and row.rank_confirmed


def test_a_cancelled_registration_cannot_be_accredited(app, client, csrf_token, registrar, person):
    gone = person("Giulia", "Rossi", status="cancelled")
    response = post(client, csrf_token, f"{LIST}/{gone}/accredit")
    assert response.status_code == 303
    assert "cannot be accredited" in text(client.get(response.headers["Location"]))
    assert status_of(app, gone) == "cancelled"


def test_a_rejection_without_a_reason_is_refused_next_to_the_field(app, client, csrf_token, registrar, person,
                                                                  smtp_server):
    giulia = person("Giulia", "Rossi")
    response = post(client, csrf_token, f"{LIST}/{giulia}/reject", reason="  ")
    assert response.status_code == 400
    assert re.search(r'<p class="error" id="reason-error">Give the reason: it is mailed to the person.</p>',
                     text(response))
    assert 'aria-invalid="true"' in text(response)
    assert status_of(app, giulia) == "submitted"
    assert smtp_server == []


def test_a_rejection_with_a_reason_is_stored_and_mailed(app, client, csrf_token, registrar, person, smtp_server):
    giulia = person("Giulia", "Rossi", email="giulia@example.it")
    reason = "No letter of credentials from the Ministry has reached us."
    response = post(client, csrf_token, f"{LIST}/{giulia}/reject", reason=reason)
    assert response.status_code == 303
    with app.app_context():
        row = db.session.get(Participant, giulia)
        assert (row.status, row.rejection_reason) == ("rejected", reason)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "participant.rejected"))
        assert entry.organiser_id == registrar.id and entry.note == reason
    assert len(smtp_server) == 1 and reason in smtp_server[0].get_body(("plain",)).get_content()


def test_bulk_accredit_accredits_the_submitted_and_says_how_many_were_skipped(app, client, csrf_token, registrar,
                                                                              person, smtp_server):
    chosen = [person("Giulia", "Rossi"), person("Marco", "Bianchi"), person("Anna", "Verdi", status="cancelled")]
    token = csrf_token(client, LIST)
    response = client.post(f"{LIST}/accredit", data={"csrf_token": token, "selected": [str(i) for i in chosen],
                                                     "next": "/admin/e/test/participants?status=submitted"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/e/test/participants?status=submitted"
    assert [status_of(app, i) for i in chosen] == ["accredited", "accredited", "cancelled"]
    page = text(client.get(response.headers["Location"]))
    assert "2 participants accredited. 1 skipped" in page and "1 cancelled" in page
    assert len(smtp_server) == 2


def test_a_viewer_sees_the_list_but_cannot_accredit(app, client, logged_in, csrf_token, person):
    giulia = person("Giulia", "Rossi")
    logged_in(client, roles=("viewer",))
    page = client.get(LIST)
    assert page.status_code == 200 and names_listed(page) == {"Giulia Rossi"}
    assert "Accredit selected" not in text(page)
    assert client.get(f"{LIST}/{giulia}").status_code == 200
    assert post(client, csrf_token, f"{LIST}/{giulia}/accredit").status_code == 403
    assert post(client, csrf_token, f"{LIST}/accredit", selected=str(giulia)).status_code == 403
    assert status_of(app, giulia) == "submitted"


@pytest.mark.parametrize("path", [LIST, f"{LIST}/1", f"{LIST}/1/merge?with=2", f"{LIST}/1/photo.jpg"])
def test_an_anonymous_visitor_is_sent_to_the_login(client, event, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login")


def test_an_action_without_the_csrf_token_is_refused(app, client, registrar, person):
    giulia = person("Giulia", "Rossi")
    assert client.post(f"{LIST}/{giulia}/accredit").status_code == 400
    assert status_of(app, giulia) == "submitted"


# -- one participant --------------------------------------------------------------------------------------------

def test_an_edit_with_a_bad_email_keeps_what_was_typed_and_shows_the_error(app, client, registrar, person):
    giulia = person("Giulia", "Rossi", email="giulia@example.it")
    response = edit(client, giulia, email="giulia-at-example", function="Director of the NCB Rome")
    assert response.status_code == 400
    page = text(response)
    assert re.search(r'<p class="error" id="email-error">“giulia-at-example” is not an email address.</p>', page)
    assert 'value="giulia-at-example"' in page and 'value="Director of the NCB Rome"' in page
    with app.app_context():
        row = db.session.get(Participant, giulia)
        assert (row.email, row.function) == ("giulia@example.it", None)


def test_the_registrar_changes_any_field_and_the_audit_log_says_who(app, client, registrar, person, event):
    giulia = person("Giulia", "Rossi")
    response = edit(client, giulia, country="FRA", category=str(event.categories["Head of Delegation"]),
                    dietary="other", dietary_other="No sesame", arrival_date="2012-11-04", arrival_time="10:30",
                    arrival_flight="AZ 609", arrival_airport="FCO")
    assert response.status_code == 303, text(response)
    with app.app_context():
        row = db.session.get(Participant, giulia)
        assert row.delegation.country_code == "FRA" and row.category.name == "Head of Delegation"
        assert (row.dietary, row.dietary_other) == ("other", "No sesame")
        assert [(t.direction, t.flight) for t in row.travels] == [("arrival", "AZ 609")]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "participant.changed"))
        assert entry.organiser_id == registrar.id and "dietary_other" in entry.changes
    history = text(client.get(f"{LIST}/{giulia}"))
    assert "Italy" in history and "France" in history  # the history names the delegations, not their ids


def test_a_corrected_address_tells_the_registrar_how_to_send_the_link_there(app, client, registrar, person):
    giulia = person("Giulia", "Rossi", email="giulia@exmaple.it")
    response = edit(client, giulia, email="giulia@example.it")
    assert response.status_code == 303
    page = html.unescape(text(client.get(response.headers["Location"])))
    assert ("The private link was mailed to the old address only. To send it to giulia@example.it, use “Renew the "
            "private link and mail it”") in page
    other = edit(client, giulia, function="Adviser")
    assert "mailed to the old address" not in html.unescape(text(client.get(other.headers["Location"])))


def test_an_edit_by_the_registrar_after_accreditation_keeps_the_accreditation(app, client, registrar, person):
    """The public form sends a changed badge back to the registrar; the registrar's own edit is the check."""
    giulia = person("Giulia", "Rossi", status="accredited")
    response = edit(client, giulia, badge_name="Giulia M. Rossi")
    assert response.status_code == 303
    with app.app_context():
        row = db.session.get(Participant, giulia)
        assert (row.badge_name, row.status) == ("Giulia M. Rossi", "accredited")


def test_the_history_shows_every_change_with_who_and_when(app, client, csrf_token, registrar, person):
    giulia = person("Giulia", "Rossi")
    post(client, csrf_token, f"{LIST}/{giulia}/reject", reason="Unknown to the NCB.")
    post(client, csrf_token, f"{LIST}/{giulia}/accredit")
    page = text(client.get(f"{LIST}/{giulia}"))
    history = page[page.index('id="history-h"'):]
    assert history.index("registered") < history.index("rejected") < history.index("accredited")
    assert "submitted</span> <span aria-hidden=\"true\">→</span>" in history
    assert history.count(registrar.email) == 2


def test_renewing_the_private_link_mails_a_new_one_and_the_old_one_stops_working(app, client, csrf_token,
                                                                                  registrar, event, smtp_server):
    with app.app_context():
        row, old_token = participants.register(db.session.get(Event, event.id), Registration(
            given_name="Giulia", family_name="Rossi", email="giulia@example.it", country="ITA", category="Delegate"),
            public=False)
        db.session.commit()
        giulia = row.id
    response = post(client, csrf_token, f"{LIST}/{giulia}/link")
    assert response.status_code == 303
    assert len(smtp_server) == 1
    body = smtp_server[0].get_body(("plain",)).get_content()
    new_token = re.search(r"http://localhost/me/(\S+)", body).group(1)
    assert new_token != old_token
    assert client.get(f"/me/{old_token}").status_code == 404
    with app.app_context():
        assert participants.find_by_token(new_token).id == giulia


def test_mailing_the_private_link_again_sends_the_same_link_and_it_goes_on_working(app, client, csrf_token,
                                                                                   registrar, event, smtp_server):
    with app.app_context():
        row, token = participants.register(db.session.get(Event, event.id), Registration(
            given_name="Giulia", family_name="Rossi", email="giulia@example.it", country="ITA", category="Delegate",
            ui_language="fr"), public=False)
        db.session.commit()
        giulia = row.id
    assert "Mail the private link again" in text(client.get(f"{LIST}/{giulia}"))
    response = post(client, csrf_token, f"{LIST}/{giulia}/link/mail")
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "The private link was mailed to giulia@example.it again; it has not changed." in page
    [mail] = smtp_server
    body = " ".join(mail.get_body(("plain",)).get_content().split())
    assert "Les organisateurs de Test General Assembly vous renvoient le lien de votre inscription." in body
    assert f"http://localhost/me/{token} " in body
    assert client.get(f"/me/{token}").status_code == 200
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.kind == "participant.link_mailed")).one()
        assert entry.participant_id == giulia and entry.organiser_id == registrar.id
    assert "private link mailed again" in page


def test_a_link_made_before_links_could_be_mailed_again_is_renewed_instead(app, client, csrf_token, registrar,
                                                                          person, smtp_server):
    giulia = person("Giulia", "Rossi")
    with app.app_context():
        db.session.get(Participant, giulia).token_seed = None
        db.session.commit()
    page = text(client.get(f"{LIST}/{giulia}"))
    assert "Renew the private link and mail it" in page and "Mail the private link again" not in page
    response = post(client, csrf_token, f"{LIST}/{giulia}/link/mail")
    assert "This private link was made before links could be mailed again: renew it to mail one." in text(
        client.get(response.headers["Location"]))
    assert len(smtp_server) == 0


def test_the_photo_shows_on_the_page_and_is_never_cached(app, client, registrar, person):
    giulia = person("Giulia", "Rossi")
    assert client.get(f"{LIST}/{giulia}/photo.jpg").status_code == 404
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "navy").save(buffer, "PNG")
    buffer.seek(0)
    with app.app_context():
        db.session.get(Participant, giulia).photo_filename = photos.store_photo(buffer)
        db.session.commit()
    assert f'src="{LIST}/{giulia}/photo.jpg"' in text(client.get(f"{LIST}/{giulia}"))
    response = client.get(f"{LIST}/{giulia}/photo.jpg")
    response.close()  # the file it streams
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert "no-store" in response.headers["Cache-Control"]


def test_a_participant_of_another_event_is_not_found_here(app, client, registrar, person):
    giulia = person("Giulia", "Rossi")
    with app.app_context():
        db.session.add(Event(slug="other", name="Other", city="Lyon", timezone="Europe/Paris",
                             starts_on=db.session.get(Event, 1).starts_on, ends_on=db.session.get(Event, 1).ends_on))
        db.session.commit()
    assert client.get(f"/admin/e/other/participants/{giulia}").status_code == 404


def test_an_observer_organisations_member_is_edited_without_losing_the_organisation(app, client, registrar, person,
                                                                                      event):
    with app.app_context():
        db.session.add(Delegation(event_id=event.id, kind="observer", organisation_name="European Police Office",
                                  organisation_acronym="Europol"))
        db.session.commit()
    member = person("Jan", "de Vries", country="Europol")
    page = text(client.get(f"{LIST}/{member}"))
    assert '<optgroup label="Observer organisations">' in page
    assert edit(client, member, function="Liaison officer").status_code == 303
    with app.app_context():
        row = db.session.get(Participant, member)
        assert (row.delegation.organisation_name, row.function) == ("European Police Office", "Liaison officer")
    assert names_listed(client.get(LIST, query_string={"country": "EUROPOL"})) == {"Jan de Vries"}
