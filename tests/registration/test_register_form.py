"""The public registration form, as a stranger uses it."""
from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select, update

from delegates.extensions import db
from delegates.programme.models import Assignment, ConferenceSession, Room
from delegates.registration.models import Category, Delegation, Event, Participant

LABELS = ["Title", "Given name", "Family name", "Name on badge", "Country", "Category", "Function", "Organisation",
          "Email", "Phone", "Photo"]


def page_text(response) -> str:
    return response.get_data(as_text=True)


def errors_on(response) -> list[str]:
    found = re.findall(r'<p class="error"[^>]*>(.*?)</p>', page_text(response), re.S)
    return [re.sub(r"\s+", " ", e).strip() for e in found]


def jpeg(size=(600, 800)) -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buf, "JPEG")
    buf.seek(0)
    return buf


def test_an_address_at_a_domain_in_other_letters_registers_and_the_mail_goes_to_its_ascii_form(
        app, submit, smtp_server):
    response = submit(given_name="José", family_name="Núñez", country="ESP", email="Jose.Nunez@Éxample.es")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Participant.email)) == "jose.nunez@éxample.es"  # as typed, in lower case
    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "jose.nunez@xn--xample-9ua.es"
    assert mail["To"].addresses[0].display_name == "José Núñez"


@pytest.fixture
def submit(client, csrf_token, event):
    """``submit(**fields)``: post the form as a browser does (CSRF token from the page); returns the response."""

    def post(lang: str | None = None, **fields):
        path = f"/e/{event.slug}/register" + (f"?lang={lang}" if lang else "")
        data = {"csrf_token": csrf_token(client, path), "ui_language": lang or "en", "dietary": "none",
                "category": str(event.categories["Delegate"])}
        data.update(fields)
        return client.post(path, data=data, content_type="multipart/form-data")

    return post


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_form_has_its_labels_a_select_of_countries_and_a_register_button(client, event):
    response = client.get(f"/e/{event.slug}/register")
    assert response.status_code == 200
    html = page_text(response)
    labels = [re.sub(r"<[^>]+>", "", x).strip() for x in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)]
    for name in LABELS:
        assert any(label.startswith(name) for label in labels), name
    options = re.findall(r'<option[^>]*value="([A-Z]{3})"', html)
    assert len(options) == 249 and "FRA" in options
    assert re.search(r"<button[^>]*>\s*Register", html)


def test_countries_are_named_and_sorted_in_the_page_language(client, event):
    html = page_text(client.get(f"/e/{event.slug}/register?lang=fr"))
    assert '<option value="DEU">Allemagne</option>' in html
    names = re.findall(r'<option value="[A-Z]{3}">([^<]+)</option>', html)
    assert names.index("Afrique du Sud") < names.index("Allemagne") < names.index("Égypte") < names.index("Zambie")
    arabic = page_text(client.get(f"/e/{event.slug}/register?lang=ar"))
    assert '<option value="FRA">فرنسا</option>' in arabic and 'dir="rtl"' in arabic


def test_a_delegate_from_poland_registers_with_a_photo_and_lands_on_the_private_page(
        app, client, submit, smtp_server):
    response = submit(given_name="Łukasz", family_name="Żółć", country="POL", email="Lukasz.Zolc@Example.org",
                      phone="+48 22 621 00 00", function="Komisarz", photo=(jpeg(), "me.jpg"))
    assert response.status_code == 303
    private = response.headers["Location"]
    assert re.fullmatch(r"/me/[A-Za-z0-9_-]{43}", private)
    page = client.get(private)
    assert page.status_code == 200
    assert "Łukasz Żółć" in page_text(page) and "Poland" in page_text(page)
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.email == "lukasz.zolc@example.org"))
        assert (person.status, person.badge_name, person.delegation.country_code) == ("submitted", "Łukasz Żółć", "POL")
        assert person.badge_number == 1 and person.photo_filename and person.registered_via == "web"
    with client.get(private + "/photo.jpg") as photo:
        assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == "lukasz.zolc@example.org"
    assert "http://localhost" + private in mail.get_body(("plain",)).get_content()


def test_a_person_from_the_emirates_registers_in_arabic_with_an_arabic_name(app, client, submit):
    response = submit(lang="ar", given_name="عبد الله", family_name="بن زايد", badge_name="Abdullah bin Zayed",
                      country="ARE", email="abz@example.org")
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert 'dir="rtl"' in page_text(page) and "عبد الله بن زايد" in page_text(page)
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.email == "abz@example.org"))
        assert (person.given_name, person.family_name, person.ui_language) == ("عبد الله", "بن زايد", "ar")


def test_the_name_fields_follow_the_script_typed_not_the_pages_direction(client, event):
    """H.E. typed on the Arabic form reads "H.E.", not ".H.E"; an Arabic name on the English form reads right to
    left: each field takes the direction of what is typed in it."""
    for lang in ("ar", "en"):
        page = page_text(client.get(f"/e/{event.slug}/register?lang={lang}"))
        for name in ("title", "given_name", "family_name", "badge_name", "function", "organisation"):
            tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
            assert 'dir="auto"' in tag, (lang, tag)
        assert 'dir="auto"' not in re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)


def test_one_name_is_enough(client, submit):
    assert submit(family_name="Sukarno", country="IDN", email="s@example.org").status_code == 303


@pytest.mark.parametrize(("fields", "message"), [
    ({"given_name": "", "family_name": ""}, "Give a given name, a family name or both"),
    ({"given_name": "Anna\u202e"}, "invisible direction mark"),
    ({"given_name": "An\x07na"}, "control character"),
    ({"family_name": "<b></b>"}, "cannot be only markup"),
    ({"given_name": "x" * 101}, "Given name is too long"),
    ({"email": "not-an-email"}, "“not-an-email” is not an email address."),
    ({"email": "王小洪@example.cn"}, "not every mail server can deliver to an address with letters other than a to z"),
    ({"phone": "12345"}, "not a phone number we can call"),
    ({"country": "XXX"}, "“XXX” is not a country we know"),
    ({"country": ""}, "Choose a country."),
    ({"dietary": "other", "dietary_other": ""}, "Describe the dietary need."),
    ({"arrival_flight": "not a flight"}, "is not a flight number"),
    ({"arrival_date": "2012-11-06", "departure_date": "2012-11-05"}, "The departure must come after the arrival."),
    ({"arrival_date": "2013-11-04"},
     "This arrival is after the meeting ends (November 8, 2012): please check the date."),
    ({"departure_date": "2012-10-08"},
     "This departure is before the meeting begins (November 5, 2012): please check the date."),
])
def test_each_refusal_names_its_field_and_keeps_what_was_typed(app, submit, fields, message):
    typed = {"given_name": "Marie", "family_name": "Curie-Skłodowska", "country": "FRA", "email": "mc@example.org",
             "function": "Directrice"}
    typed.update(fields)
    response = submit(**typed)
    assert response.status_code == 400
    assert any(message in e for e in errors_on(response)), errors_on(response)
    assert 'value="Directrice"' in page_text(response)  # what was typed is kept
    with app.app_context():
        assert count(Participant) == 0


@pytest.mark.parametrize("lang, message", [("en", "Not a valid date value."), ("fr", "N'est pas une date valide."),
                                           ("es", "No es una fecha válida."), ("ar", "قيمة التاريخ غير صالحة."),
                                           ("fr", "N'est pas une date valide.")],
                         ids=["en", "fr", "es", "ar", "fr-again"])
def test_a_date_that_does_not_exist_is_refused_in_the_pages_language(app, submit, lang, message):
    response = submit(lang=lang, given_name="Marie", country="FRA", email="mc@example.org", arrival_date="2012-11-31")
    assert response.status_code == 400
    assert message in html.unescape(page_text(response)), errors_on(response)
    with app.app_context():
        assert count(Participant) == 0


def test_a_travel_day_outside_the_meeting_is_refused_with_the_day_in_the_pages_language(app, submit):
    response = submit(lang="es", given_name="Marie", country="FRA", email="mc@example.org",
                      arrival_date="2012-12-05", arrival_time="10:00")
    assert response.status_code == 400
    assert any("Esta llegada es posterior al final de la reunión (8 de noviembre de 2012)" in e
               for e in errors_on(response)), errors_on(response)
    arriving_on_the_last_day = submit(given_name="Marie", country="FRA", email="mc@example.org",
                                      arrival_date="2012-11-08", departure_date="2012-11-05")
    assert not any("after the meeting ends" in e for e in errors_on(arriving_on_the_last_day))
    with app.app_context():
        assert count(Participant) == 0


def test_all_the_mistakes_are_shown_at_once(submit):
    response = submit(given_name="Ann", country="XXX", email="bad", phone="1")
    assert len(errors_on(response)) == 3


def test_a_category_given_by_the_organisers_cannot_be_chosen(app, submit, event):
    with app.app_context():
        staff = Category(event_id=event.id, name="Staff", badge_colour="#455A64", self_registration=False)
        db.session.add(staff)
        db.session.commit()
        staff_id = staff.id
    response = submit(given_name="Ann", country="FRA", email="ann@example.org", category=str(staff_id))
    assert response.status_code == 400
    assert any("given by the organisers" in e for e in errors_on(response))


def test_a_second_registration_with_the_same_email_makes_no_record_and_mails_the_private_link_again(
        app, client, csrf_token, submit, smtp_server):
    first = submit(given_name="Ann", country="FRA", email="ann@example.org").headers["Location"]
    again = submit(given_name="Anne", country="FRA", email="ANN@example.org")
    assert again.status_code == 400
    assert any("registered for this event already" in e and "mailed that address a link to the registration" in e
               for e in errors_on(again))
    with app.app_context():
        assert count(Participant) == 1
    assert len(smtp_server) == 2
    body = smtp_server[1].get_body(("plain",)).get_content()
    assert "You are registered already, so no second registration was made." in body
    assert re.search(r"http://localhost(/me/\S+)", body).group(1) == first  # the link the first mail had
    page = client.get(first)  # whoever typed the address, the person's link still works
    assert page.status_code == 200 and "Ann" in page_text(page)


def test_a_second_registration_of_an_address_whose_link_cannot_be_made_again_mails_a_link_that_opens_it(
        app, client, csrf_token, submit, smtp_server):
    first = submit(given_name="Ann", country="FRA", email="ann@example.org").headers["Location"]
    with app.app_context():  # a link made before seeds were kept
        db.session.execute(update(Participant).values(token_seed=None))
        db.session.commit()
    submit(given_name="Anne", country="FRA", email="ANN@example.org")
    body = smtp_server[1].get_body(("plain",)).get_content()
    assert "You are registered already, so no second registration was made." in body
    opening = re.search(r"http://localhost(/me/open/\S+)", body).group(1)
    assert client.get(first).status_code == 200  # whoever typed the address, the person's link still works
    assert client.get(opening).status_code == 200  # a page with a button: fetching the link uses nothing up
    opened = client.post(opening, data={"csrf_token": csrf_token(client, opening)})
    assert opened.status_code == 303 and "Ann" in page_text(client.get(opened.headers["Location"]))
    assert client.get(first).status_code == 404  # until the person opens the mailed link: then it is a new one


def form_as_served(client, path: str) -> dict:
    """The hidden fields of the form at ``path`` as this client gets it: its CSRF token and its key."""
    page = page_text(client.get(path))
    return {name: re.search(rf'name="{name}"[^>]*value="([^"]+)"', page).group(1)
            for name in ("csrf_token", "submission")}


def ann(event, **fields) -> dict:
    return {"given_name": "Ann", "family_name": "Lee", "country": "FRA", "email": "ann@example.org",
            "category": str(event.categories["Delegate"]), "ui_language": "en", "dietary": "none", **fields}


def test_a_form_sent_twice_leads_both_times_to_the_registration_it_made_and_mails_once(
        app, client, event, smtp_server):
    """A double click, or Reload after the answer was lost on the way: not a refusal of the email (with a new
    link mailed, which would end the one just mailed), and the first answer's link still works."""
    path = f"/e/{event.slug}/register"
    hidden = form_as_served(client, path)
    first = client.post(path, data=ann(event, **hidden), content_type="multipart/form-data")
    again = client.post(path, data=ann(event, **hidden), content_type="multipart/form-data")
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    page = client.get(again.headers["Location"])
    assert "This form had been sent already: here is the registration it made." in page_text(page)
    assert "Ann Lee" in page_text(page)
    with app.app_context():
        assert count(Participant) == 1
    [mail] = smtp_server
    assert first.headers["Location"] in mail.get_body(("plain",)).get_content()
    assert client.get(first.headers["Location"]).status_code == 200


def test_a_form_key_opens_only_the_registration_that_form_made(app, client, event, smtp_server):
    path = f"/e/{event.slug}/register"
    made = client.post(path, data=ann(event, **form_as_served(client, path)), content_type="multipart/form-data")
    assert made.status_code == 303
    # another form (another key, or one made up) with the same email: refused, the link mailed again
    for key in (form_as_served(client, path)["submission"], "A" * 32):
        other = client.post(path, data=ann(event, csrf_token=form_as_served(client, path)["csrf_token"],
                                           submission=key), content_type="multipart/form-data")
        assert other.status_code == 400
        assert any("registered for this event already" in e for e in errors_on(other))
    with app.app_context():
        assert count(Participant) == 1
    assert len(smtp_server) == 3


def test_the_form_sent_again_after_its_link_was_renewed_no_longer_opens_the_registration(
        app, client, event, csrf_token, smtp_server):
    path = f"/e/{event.slug}/register"
    hidden = form_as_served(client, path)
    private = client.post(path, data=ann(event, **hidden), content_type="multipart/form-data").headers["Location"]
    assert client.post(private + "/new-link", data={"csrf_token": csrf_token(client, private)}).status_code == 303
    again = client.post(path, data=ann(event, **hidden), content_type="multipart/form-data")
    assert again.status_code == 400
    assert any("registered for this event already" in e for e in errors_on(again))


def test_a_form_sent_again_with_another_email_is_another_registration(app, client, event, smtp_server):
    path = f"/e/{event.slug}/register"
    hidden = form_as_served(client, path)
    first = client.post(path, data=ann(event, **hidden), content_type="multipart/form-data")
    second = client.post(path, data=ann(event, email="ann.lee@example.org", **hidden),
                         content_type="multipart/form-data")
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] != second.headers["Location"]
    with app.app_context():
        assert count(Participant) == 2


def test_the_form_page_is_for_one_browser_and_every_page_has_its_own_key(client, event):
    path = f"/e/{event.slug}/register"
    pages = [client.get(path) for _ in range(2)]
    assert all(p.headers["Cache-Control"] == "private" for p in pages)
    keys = [re.search(r'name="submission"[^>]*value="([^"]+)"', page_text(p)).group(1) for p in pages]
    assert keys[0] != keys[1] and all(re.fullmatch(r"[A-Za-z0-9_-]{32}", k) for k in keys)


def test_the_private_page_after_registering_says_where_its_link_was_mailed(app, client, submit, event):
    made = submit(given_name="Ann", country="FRA", email="ann@exmaple.org")
    page = page_text(client.get(made.headers["Location"]))
    assert ("You are registered. We have mailed the link to this page to ann@exmaple.org: keep that mail, it is "
            "your way back here.") in html.unescape(page)
    assert "Not your address? Correct it now" in html.unescape(page)
    assert "You are registered." not in page_text(client.get(made.headers["Location"]))  # said once
    with app.app_context():  # no correcting any more: the page does not offer it
        db.session.get(Event, event.id).changes_close_at = datetime.now(UTC) - timedelta(hours=1)
        db.session.commit()
    made = submit(given_name="Bob", country="FRA", email="bob@example.org")
    page = html.unescape(page_text(client.get(made.headers["Location"])))
    assert "We have mailed the link to this page to bob@example.org" in page
    assert "Not your address?" not in page


def test_a_closed_registration_says_when_it_closed(app, client, event):
    with app.app_context():
        row = db.session.get(Event, event.id)
        row.registration_closes_at = datetime(2012, 10, 26, 21, 59, tzinfo=UTC)
        db.session.commit()
    response = client.get(f"/e/{event.slug}/register")
    assert "Registration closed on Oct 26, 2012, 11:59\u202fPM (Europe/Rome)" in page_text(response)
    assert "<form" not in page_text(response).split("<main", 1)[1]
    assert f'href="/e/{event.slug}/link">Get the link to your registration</a>' in page_text(response)


def test_a_full_delegation_is_refused_with_the_quota_and_whom_to_ask(app, submit, event):
    with app.app_context():
        france = db.session.get(Delegation, event.delegations["FRA"])
        france.quota, france.focal_point_email = 1, "ncb.paris@example.org"
        db.session.commit()
    assert submit(given_name="Ann", country="FRA", email="ann@example.org").status_code == 303
    refused = submit(given_name="Bob", country="FRA", email="bob@example.org")
    assert refused.status_code == 400
    assert "has reached its quota of 1 participants" in page_text(refused)
    assert "ncb.paris@example.org" in page_text(refused)


def test_a_minister_declares_the_rank_which_awaits_confirmation(app, client, submit, event):
    with app.app_context():
        db.session.get(Category, event.categories["Minister"]).needs_confirmation = True
        db.session.commit()
    response = submit(given_name="Jorge", family_name="Fernández Díaz", country="ESP", email="jfd@example.org",
                      category=str(event.categories["Minister"]))
    page = page_text(client.get(response.headers["Location"]))
    assert "confirmed by the registrar" in page
    with app.app_context():
        person = db.session.scalar(select(Participant))
        assert (person.status, person.rank_confirmed, person.category.name) == ("submitted", False, "Minister")


def test_session_wishes_are_recorded_without_taking_a_seat(app, submit, event):
    with app.app_context():
        room = Room(event_id=event.id, name="Room A", capacity=10)
        start = datetime(2012, 11, 5, 13, 30, tzinfo=UTC)
        panel = ConferenceSession(event_id=event.id, room=room, kind="panel", title="Terrorist violence",
                                  starts_at=start, ends_at=start + timedelta(hours=1), capacity=10)
        db.session.add(panel)
        db.session.commit()
        panel_id = panel.id
    assert submit(given_name="Ann", country="FRA", email="ann@example.org", sessions=[str(panel_id)]).status_code == 303
    with app.app_context():
        [wish] = db.session.scalars(select(Assignment)).all()
        assert (wish.session_id, wish.status, wish.requested) == (panel_id, "requested", True)
        assert db.session.get(ConferenceSession, panel_id).assigned == 0


@pytest.mark.parametrize("country", ["FRA", "DEU"], ids=["delegation-exists", "first-of-its-country"])
def test_a_session_closed_to_the_category_is_refused_next_to_the_sessions_and_nothing_is_written(
        app, submit, event, country):
    with app.app_context():
        start = datetime(2012, 11, 5, 9, 0, tzinfo=UTC)
        closed = ConferenceSession(event_id=event.id, kind="ministerial", title="Ministerial meeting",
                                   starts_at=start, ends_at=start + timedelta(hours=2), capacity=50)
        closed.allowed_categories = [db.session.get(Category, event.categories["Minister"])]
        db.session.add(closed)
        db.session.commit()
        closed_id = closed.id
        delegations = count(Delegation)

    response = submit(given_name="Ann", country=country, email="ann@example.org", sessions=[str(closed_id)])

    assert response.status_code == 400
    assert any("You cannot ask for one of these sessions" in e for e in errors_on(response))
    assert 'value="ann@example.org"' in page_text(response)
    with app.app_context():
        assert (count(Participant), count(Assignment), count(Delegation)) == (0, 0, delegations)


def test_a_minister_may_ask_for_the_session_kept_for_ministers_but_not_for_one_closed_to_choice(app, submit, event):
    with app.app_context():
        start = datetime(2012, 11, 5, 9, 0, tzinfo=UTC)
        ministerial = ConferenceSession(event_id=event.id, kind="ministerial", title="Ministerial meeting",
                                        starts_at=start, ends_at=start + timedelta(hours=2), capacity=50)
        ministerial.allowed_categories = [db.session.get(Category, event.categories["Minister"])]
        by_invitation = ConferenceSession(event_id=event.id, kind="side_event", title="Closed briefing",
                                          starts_at=start, ends_at=start + timedelta(hours=1), capacity=20,
                                          open_for_choice=False)
        db.session.add_all([ministerial, by_invitation])
        db.session.commit()
        ministerial_id, by_invitation_id = ministerial.id, by_invitation.id
    minister = str(event.categories["Minister"])

    refused = submit(given_name="Ann", country="FRA", email="ann@example.org", category=minister,
                     sessions=[str(ministerial_id), str(by_invitation_id)])
    assert refused.status_code == 400
    assert any("You cannot ask for one of these sessions" in e for e in errors_on(refused))

    accepted = submit(given_name="Ann", country="FRA", email="ann@example.org", category=minister,
                      sessions=[str(ministerial_id)])
    assert accepted.status_code == 303
    with app.app_context():
        [wish] = db.session.scalars(select(Assignment)).all()
        assert (wish.session_id, wish.status) == (ministerial_id, "requested")


def test_a_post_without_the_csrf_token_is_refused(app, client, event):
    response = client.post(f"/e/{event.slug}/register", data={"given_name": "Ann", "country": "FRA",
                                                              "email": "ann@example.org"})
    assert response.status_code == 400
    with app.app_context():
        assert count(Participant) == 0


def test_a_photo_that_is_not_a_photo_is_refused_next_to_the_field(app, submit):
    response = submit(given_name="Ann", country="FRA", email="ann@example.org",
                      photo=(io.BytesIO(b"<html><script>alert(1)</script></html>"), "photo.jpg"))
    assert response.status_code == 400
    assert any("not a JPEG or PNG" in e for e in errors_on(response))
    with app.app_context():
        assert count(Participant) == 0


def test_an_expired_form_says_so_and_keeps_what_was_typed(client, event):
    response = client.post(f"/e/{event.slug}/register", data={
        "csrf_token": "expired", "given_name": "Ann", "country": "FRA", "email": "ann@example.org"})
    assert response.status_code == 400
    assert "The form had expired" in page_text(response) and 'value="Ann"' in page_text(response)


def test_a_registration_reads_the_delegation_and_its_country_in_one_statement(app, client, csrf_token, event,
                                                                               sql_statements):
    path = f"/e/{event.slug}/register"
    data = {"csrf_token": csrf_token(client, path), "ui_language": "en", "dietary": "none", "given_name": "Ann",
            "category": str(event.categories["Delegate"]), "country": "FRA", "email": "ann@example.org",
            "phone": "+33 1 44 55 66 77"}
    with sql_statements() as seen:
        assert client.post(path, data=data, content_type="multipart/form-data").status_code == 303
    with app.app_context():
        ann = db.session.scalar(select(Participant).where(Participant.email == "ann@example.org"))
        assert ann.delegation_id == event.delegations["FRA"] and ann.phone == "+33 1 44 55 66 77"
    # PostgreSQL writes the participant in a savepoint (a registration of the same address at the same moment
    # becomes "registered already"): a statement that reads and writes nothing, not counted with the others
    savepoints = [s for s in seen if s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(savepoints) == (0 if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else 2), savepoints
    queries = [s for s in seen if not s.startswith("BEGIN") and s not in savepoints]
    assert len([s for s in queries if "FROM delegation" in s]) == 1, queries
    assert len([s for s in queries if re.search(r"\bcountry(_1)?\.alpha3\b", s)]) == 1, queries
    assert not [s for s in queries if "FROM assignment" in s], "a new participant has no session wishes to read"
    # the event, the delegation with its country, the category; the email, the badge number, two INSERTs
    assert len(queries) <= 7, queries


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_the_country_select_reads_as_wtforms_own_select_with_any_choice(app, lang):
    from flask_babel import force_locale
    from wtforms.widgets import Select

    from delegates.registration.forms import RegistrationForm, country_choices

    with app.test_request_context("/"), force_locale(lang):
        for chosen in (None, "", "FRA", "ARE", "CHN", "XXX", "<b>"):
            form = RegistrationForm(meta={"csrf": False})
            form.country.choices = country_choices(lang)
            form.country.data = chosen
            for attrs in ({}, {"aria-invalid": "true", "aria-describedby": "country-error", "required": True}):
                expected = str(Select()(form.country, **attrs))
                assert str(form.country(**attrs)) == expected, (chosen, attrs)
                assert str(form.country(**attrs)) == expected, "the second page reads as the first"
            assert expected.count("<option") == len(country_choices(lang))
            assert expected.count(" selected") == (1 if chosen in ("", "FRA", "ARE", "CHN") else 0)
        form.country.choices = [("FRA", "France"), ("ITA", "Italia")]  # a list made for one page
        form.country.data = "ITA"
        assert str(form.country()) == str(Select()(form.country))


def test_the_form_offers_the_public_sessions_open_for_choice_and_says_whom_a_session_is_kept_for(app, client, event):
    with app.app_context():
        start = datetime(2012, 11, 5, 9, 0, tzinfo=UTC)

        def session(title, kind="panel", **columns):
            return ConferenceSession(event_id=event.id, kind=kind, title=title, starts_at=start,
                                     ends_at=start + timedelta(hours=1), capacity=50, **columns)

        ministerial = session("Ministerial meeting", kind="ministerial")
        ministerial.allowed_categories = [db.session.get(Category, event.categories["Minister"])]
        db.session.add_all([session("Terrorist violence"), ministerial,
                            session("Closed briefing", open_for_choice=False),
                            session("Staff rehearsal", is_public=False)])
        db.session.commit()
    page = html.unescape(client.get(f"/e/{event.slug}/register").get_data(as_text=True))
    offered = re.findall(r'name="sessions"[^>]*>\s*<label[^>]*>([^<]+)</label>', page)
    assert offered == ["Terrorist violence — Panel, 05.11 10:00",
                       "Ministerial meeting — Ministerial, 05.11 10:00 — only Minister"], offered
