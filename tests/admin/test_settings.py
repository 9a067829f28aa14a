"""The administrator's event pages: settings, a new event, categories and quotas."""
from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.registration.models import Category, Delegation, Event


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def settings_data(token: str, **changes) -> dict:
    data = {
        "csrf_token": token, "name": "Test General Assembly", "short_name": "TGA", "theme": "",
        "name_fr": "", "theme_fr": "", "name_es": "", "theme_es": "", "name_ar": "", "theme_ar": "",
        "venue": "Rome Cavalieri", "city": "Rome", "timezone": "Europe/Rome",
        "starts_on": "2012-11-05", "ends_on": "2012-11-08",
        "registration_opens_at": "", "registration_closes_at": "", "default_quota": "",
        "languages": ["en", "fr", "es", "ar"], "default_language": "en", "retention_days": "",
    }
    data.update(changes)
    return data


def audit(app, kind: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.id)))


# -- event settings -------------------------------------------------------------------------------------------

def test_an_admin_changes_the_settings_and_the_audit_log_keeps_old_and_new(app, client, logged_in, csrf_token,
                                                                            event):
    admin = logged_in(client)
    path = f"/admin/e/{event.slug}/settings"
    token = csrf_token(client, path)
    response = client.post(path, data=settings_data(
        token, name="81st INTERPOL General Assembly", name_ar="الدورة الحادية والثمانون للجمعية العامة",
        theme="Policing in a changing world", registration_opens_at="2012-09-01T09:00",
        registration_closes_at="2012-11-04T18:00", default_quota="6", retention_days="400",
        languages=["en", "fr", "ar"]), follow_redirects=True)
    page = text_of(response)
    assert response.status_code == 200
    assert "The settings are saved. Changed: Name (English), Theme (English), translations" in page
    with app.app_context():
        row = db.session.get(Event, event.id)
        assert row.name == "81st INTERPOL General Assembly"
        assert row.translated("name", "ar") == "الدورة الحادية والثمانون للجمعية العامة"
        assert row.translated("name", "fr") == "81st INTERPOL General Assembly"
        # 18:00 in Rome in November is 17:00 UTC
        assert row.registration_closes_at == datetime(2012, 11, 4, 17, 0, tzinfo=UTC)
        assert (row.default_quota, row.retention_days, row.languages) == (6, 400, "en,fr,ar")
    entry = audit(app, "event.settings_changed")[-1]
    assert entry.organiser_id == admin.id and entry.event_id == event.id
    assert entry.changes["name"] == ["Test General Assembly", "81st INTERPOL General Assembly"]
    assert entry.changes["retention_days"] == [None, 400]
    assert entry.changes["registration_closes_at"][1].startswith("2012-11-04T17:00")


def test_every_translated_text_of_the_event_is_edited_and_a_save_keeps_what_the_form_does_not_hold(
        app, client, logged_in, csrf_token, event):
    """Saving the settings once wiped the French city, venue, short name and description the demo had set."""
    with app.app_context():
        row = db.session.get(Event, event.id)
        row.translations = {"fr": {"name": "Assemblée générale d’essai", "city": "Rome", "short_name": "AGE",
                                   "description": "Une réunion d’essai.", "tagline": "kept by a later version"},
                            "ar": {"city": "روما", "venue": "فندق روما كافالييري"}}
        db.session.commit()
    logged_in(client)
    path = f"/admin/e/{event.slug}/settings"
    page = text_of(client.get(path))
    for value in ("Assemblée générale d’essai", "AGE", "Une réunion d’essai.", "روما", "فندق روما كافالييري"):
        assert value in page  # every translation is shown in its field, to be kept or changed
    form = dict(re.findall(r'<input[^>]*name="([a-z_]+_(?:fr|es|ar))"[^>]*value="([^"]*)"', page))
    form.update(re.findall(r'<textarea[^>]*name="(description_[a-z]{2})"[^>]*>\s*([^<]*?)\s*</textarea>', page))
    form = {k: html.unescape(v) for k, v in form.items()}
    form.update(description="A test meeting.", city_es="Roma", description_es="Una reunión de prueba.")
    response = client.post(path, data=settings_data(csrf_token(client, path), **form), follow_redirects=True)
    assert response.status_code == 200 and "The settings are saved." in text_of(response)
    with app.app_context():
        row = db.session.get(Event, event.id)
        assert row.description == "A test meeting."
        assert row.translated("city", "fr") == "Rome" and row.translated("short_name", "fr") == "AGE"
        assert row.translated("description", "fr") == "Une réunion d’essai."
        assert row.translations["fr"]["tagline"] == "kept by a later version"
        assert (row.translated("city", "ar"), row.translated("venue", "ar")) == ("روما", "فندق روما كافالييري")
        assert (row.translated("city", "es"), row.translated("description", "es")) == ("Roma", "Una reunión de prueba.")
    assert "Una reunión de prueba." in text_of(client.get(f"/e/{event.slug}/?lang=es"))


def test_a_translation_too_long_is_refused_and_its_language_stays_open(app, client, logged_in, csrf_token, event):
    logged_in(client)
    path = f"/admin/e/{event.slug}/settings"
    response = client.post(path, data=settings_data(csrf_token(client, path), city_ar="م" * 101))
    assert response.status_code == 400
    page = text_of(response)
    assert "City (ar): at most 100 characters (101 given)." in page
    assert re.search(r'<details class="translation" open>\s*<summary><span lang="ar">', page)
    assert not re.search(r'<details class="translation" open>\s*<summary><span lang="es">', page)  # nothing there


def test_the_note_for_participants_reaches_the_mails_and_the_private_pages_in_each_language(
        app, client, logged_in, csrf_token, event, smtp_server):
    from delegates.registration import participants
    from delegates.registration.participants import Actor, Registration

    logged_in(client)
    path = f"/admin/e/{event.slug}/settings"
    page = text_of(client.get(path))
    assert re.search(r'<label[^>]*for="participant_note"[^>]*>Note for participants</label>', page)
    note = "Bring your passport.\r\n\r\nShuttles leave FCO every 30 minutes:\r\nhttps://example.org/shuttles"
    response = client.post(path, data=settings_data(csrf_token(client, path), participant_note=note,
                                                     participant_note_ar="أحضروا جواز سفركم."),
                           follow_redirects=True)
    assert "The settings are saved. Changed: Note for participants, translations." in text_of(response)
    with app.app_context():
        row = db.session.get(Event, event.id)
        assert row.participant_note == "Bring your passport.\n\nShuttles leave FCO every 30 minutes:\n" \
                                       "https://example.org/shuttles"  # a browser's CRLF kept as lines
        english, _ = participants.register(row, Registration(
            given_name="Anna", family_name="Smith", country="ITA", category="Delegate", email="anna@example.org",
            ui_language="en"), public=False)
        arabic, arabic_token = participants.register(row, Registration(
            given_name="عبد الله", family_name="بن زايد", country="ARE", category="Delegate",
            email="abdullah@example.ae", ui_language="ar"), public=False)
        db.session.commit()
        from delegates.registration.notifications import mail_accredited, mail_private_link
        with app.test_request_context():
            participants.accredit(english, actor=Actor(label="test"))
            mail_accredited(english)
            mail_private_link(arabic, arabic_token)
    accredited_mail, arabic_mail = smtp_server
    body = accredited_mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Bring your passport.\n\nShuttles leave FCO every 30 minutes:\nhttps://example.org/shuttles" in body
    assert 'href="https://example.org/shuttles"' in accredited_mail.get_body(("html",)).get_content()
    arabic_body = arabic_mail.get_body(("plain",)).get_content()
    assert "أحضروا جواز سفركم." in arabic_body and "Bring your passport" not in arabic_body
    private = text_of(client.get(f"/me/{arabic_token}?lang=ar"))
    assert "معلومات عملية" in private and "أحضروا جواز سفركم." in private

    too_long = client.post(path + "?lang=en", data=settings_data(csrf_token(client, path),
                                                                  participant_note="x" * 4001))
    assert too_long.status_code == 400
    assert "Note for participants: at most 4000 characters (4001 given)." in text_of(too_long)


def test_without_a_note_for_participants_the_mails_and_pages_have_none(app, client, event, smtp_server):
    from delegates.registration import participants
    from delegates.registration.notifications import mail_private_link
    from delegates.registration.participants import Registration

    with app.app_context():
        person, token = participants.register(db.session.get(Event, event.id), Registration(
            given_name="Anna", family_name="Smith", country="ITA", category="Delegate", email="anna@example.org"),
            public=False)
        db.session.commit()
        with app.test_request_context():
            mail_private_link(person, token)
    body = smtp_server[0].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "anyone who has it can see and change your registration.\n\n-- \n" in body
    assert "Practical information" not in text_of(client.get(f"/me/{token}"))


def test_the_deadline_for_participants_changes_is_set_on_the_events_clock(app, client, logged_in, csrf_token,
                                                                          event):
    logged_in(client)
    path = f"/admin/e/{event.slug}/settings"
    response = client.post(path, data=settings_data(csrf_token(client, path), changes_close_at="2012-10-31T23:59"),
                           follow_redirects=True)
    assert response.status_code == 200
    assert "The settings are saved. Changed: Changes close." in text_of(response)
    # shown again on the event's clock
    assert re.search(r'name="changes_close_at"[^>]*value="2012-10-31.23:59', text_of(client.get(path)))
    with app.app_context():
        # 23:59 in Rome on 31 October (winter time, UTC+1) is 22:59 UTC
        assert db.session.get(Event, event.id).changes_close_at == datetime(2012, 10, 31, 22, 59, tzinfo=UTC)
    assert audit(app, "event.settings_changed")[-1].changes["changes_close_at"][1].startswith("2012-10-31T22:59")


@pytest.mark.parametrize(("changes", "message"), [
    ({"ends_on": "2012-11-01"}, "Last day: it cannot be before the first day (2012-11-05)."),
    ({"timezone": "Rome"}, "Time zone: 'Rome' is not an IANA time zone name"),
    ({"registration_opens_at": "2012-10-01T09:00", "registration_closes_at": "2012-09-01T09:00"},
     "Registration closes: it must be after registration opens."),
    ({"registration_closes_at": "2012-11-09T09:00"}, "Registration closes: it must be before the event ends"),
    ({"registration_opens_at": "2012-10-01T09:00", "changes_close_at": "2012-09-01T09:00"},
     "Changes close: it must be after registration opens."),
    ({"languages": ["fr", "es"], "default_language": "en"},
     "Default language: it must be one of the event's languages (fr, es)."),
    ({"languages": []}, "Languages: choose at least one."),
    ({"retention_days": "-3"}, "Keep personal data: a number of days from 0 to 3650"),
    ({"city": ""}, "City: this is needed."),
])
def test_wrong_settings_are_refused_with_a_message_naming_the_field(app, client, logged_in, csrf_token, event,
                                                                    changes, message):
    logged_in(client)
    path = f"/admin/e/{event.slug}/settings"
    response = client.post(path, data=settings_data(csrf_token(client, path), name="Changed", **changes))
    assert response.status_code == 400
    assert message in text_of(response)
    with app.app_context():
        assert db.session.get(Event, event.id).name == "Test General Assembly"
    assert audit(app, "event.settings_changed") == []


def test_a_new_event_copies_the_categories_of_another(app, client, logged_in, csrf_token, event):
    logged_in(client)
    path = "/admin/events/new"
    assert 'href="/admin/events/new"' in client.get("/admin/").get_data(as_text=True)
    token = csrf_token(client, path)
    response = client.post(path, data=settings_data(
        token, slug="ga-2013", copy_from=event.slug, name="82nd General Assembly", city="Cartagena",
        timezone="America/Bogota", starts_on="2013-10-21", ends_on="2013-10-24"), follow_redirects=True)
    assert response.status_code == 200
    page = text_of(response)
    assert "The event 82nd General Assembly is created, with the 3 categories of Test General Assembly." in page
    with app.app_context():
        new = db.session.scalar(select(Event).where(Event.slug == "ga-2013"))
        assert (new.city, new.timezone, new.starts_on) == ("Cartagena", "America/Bogota", date(2013, 10, 21))
        assert [(c.name, c.badge_colour, c.is_minister) for c in new.categories] == [
            ("Minister", "#8B1E2D", True), ("Head of Delegation", "#1F4E79", False), ("Delegate", "#2E7D32", False)]
        old_ids = set(event.categories.values())
        assert not old_ids & {c.id for c in new.categories}
    assert audit(app, "event.created")[-1].changes["slug"] == [None, "ga-2013"]


@pytest.mark.parametrize(("slug", "message"), [
    ("GA 2013", "Short address: 2 to 40 lowercase letters, digits and hyphens"),
    ("-ga", "Short address: 2 to 40 lowercase letters, digits and hyphens"),
    ("test", "Short address: an event with the address 'test' exists already."),
])
def test_a_new_event_needs_a_good_unused_slug(app, client, logged_in, csrf_token, event, slug, message):
    logged_in(client)
    response = client.post("/admin/events/new", data=settings_data(csrf_token(client, "/admin/events/new"),
                                                                   slug=slug, copy_from=""))
    assert response.status_code == 400
    assert message in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Event)) == 1


# -- categories -----------------------------------------------------------------------------------------------

def category_data(token: str, **changes) -> dict:
    data = {"csrf_token": token, "name": "Observer", "name_fr": "Observateur", "name_es": "Observador",
            "name_ar": "مراقب", "badge_colour": "#5B2C6F", "text_colour": "#FFFFFF", "protocol_order": "5",
            "counts_against_quota": "y"}
    data.update(changes)
    return data


def test_an_admin_adds_a_category_in_four_languages(app, client, logged_in, csrf_token, event):
    admin = logged_in(client)
    path = f"/admin/e/{event.slug}/categories"
    response = client.post(path, data=category_data(csrf_token(client, path)), follow_redirects=True)
    assert response.status_code == 200
    page = text_of(response)
    assert "The category Observer is added." in page
    assert "مراقب" in page
    with app.app_context():
        row = db.session.scalar(select(Category).where(Category.event_id == event.id, Category.name == "Observer"))
        assert row.names == {"fr": "Observateur", "es": "Observador", "ar": "مراقب"}
        assert (row.badge_colour, row.self_registration, row.counts_against_quota) == ("#5B2C6F", False, True)
    entry = audit(app, "category.created")[-1]
    assert entry.organiser_id == admin.id and entry.changes["name"] == [None, "Observer"]


def test_a_badge_colour_too_light_for_white_text_is_refused(app, client, logged_in, csrf_token, event):
    logged_in(client)
    path = f"/admin/e/{event.slug}/categories"
    response = client.post(path, data=category_data(csrf_token(client, path), badge_colour="#FFD700"))
    assert response.status_code == 400
    assert "Badge colour: #FFD700 behind #FFFFFF text has a contrast of 1.4:1" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Category).where(Category.name == "Observer")) is None


def test_a_category_name_is_unique_in_the_event(client, logged_in, csrf_token, event):
    logged_in(client)
    path = f"/admin/e/{event.slug}/categories"
    response = client.post(path, data=category_data(csrf_token(client, path), name="delegate"))
    assert response.status_code == 400
    assert "Name: the event has a category 'delegate' already." in text_of(response)


def test_editing_a_category_changes_its_rights_and_is_recorded(app, client, logged_in, csrf_token, event):
    logged_in(client)
    category_id = event.categories["Minister"]
    path = f"/admin/e/{event.slug}/categories/{category_id}"
    assert 'value="#8b1e2d"' in client.get(path).get_data(as_text=True).lower()
    response = client.post(path, data=category_data(
        csrf_token(client, path), name="Minister", name_fr="Ministre", badge_colour="#8B1E2D", protocol_order="1",
        is_minister="y", needs_confirmation="y"), follow_redirects=True)
    assert "The category Minister is saved." in text_of(response)
    with app.app_context():
        row = db.session.get(Category, category_id)
        assert (row.names["fr"], row.needs_confirmation, row.is_minister, row.self_registration) == (
            "Ministre", True, True, False)
    entry = audit(app, "category.changed")[-1]
    assert entry.changes["needs_confirmation"] == [False, True]
    assert entry.changes["self_registration"] == [True, False]


def test_a_category_in_use_is_not_deleted_and_the_page_says_how_many_use_it(app, client, logged_in, csrf_token,
                                                                            event, new_participant):
    with app.app_context():
        db.session.add_all([new_participant(), new_participant(status="cancelled")])
        db.session.commit()
    logged_in(client)
    path = f"/admin/e/{event.slug}/categories"
    page = client.get(path).get_data(as_text=True)
    assert "used by 2 participants" in page
    response = client.post(f"{path}/{event.categories['Delegate']}/delete",
                           data={"csrf_token": csrf_token(client, path)}, follow_redirects=True)
    assert ("The category 'Delegate' cannot be deleted: 2 participants are in it (cancelled ones included)."
            in text_of(response))
    with app.app_context():
        assert db.session.get(Category, event.categories["Delegate"]) is not None


def test_an_unused_category_is_deleted(app, client, logged_in, csrf_token, event):
    logged_in(client)
    path = f"/admin/e/{event.slug}/categories"
    response = client.post(f"{path}/{event.categories['Head of Delegation']}/delete",
                           data={"csrf_token": csrf_token(client, path)}, follow_redirects=True)
    assert "The category Head of Delegation is deleted." in text_of(response)
    with app.app_context():
        assert db.session.get(Category, event.categories["Head of Delegation"]) is None
    assert audit(app, "category.deleted")[-1].changes == {"name": ["Head of Delegation", None]}


# -- quotas ---------------------------------------------------------------------------------------------------

def test_quotas_of_every_delegation_are_set_in_one_form(app, client, logged_in, csrf_token, event,
                                                        new_participant):
    with app.app_context():
        db.session.add_all([new_participant(), new_participant()])
        db.session.commit()
    admin = logged_in(client)
    path = f"/admin/e/{event.slug}/quotas"
    page = client.get(path).get_data(as_text=True)
    assert "Italy" in page and "France" in page
    ita, fra = event.delegations["ITA"], event.delegations["FRA"]
    response = client.post(path, data={"csrf_token": csrf_token(client, path), f"quota-{ita}": "4",
                                       f"quota-{fra}": "0"}, follow_redirects=True)
    assert "2 quotas changed." in text_of(response)
    with app.app_context():
        assert db.session.get(Delegation, ita).quota == 4
        assert db.session.get(Delegation, fra).quota == 0
    entries = audit(app, "delegation.quota_set")
    assert {(e.target_id, tuple(e.changes["quota"]), e.organiser_id) for e in entries} == {
        (ita, (None, 4), admin.id), (fra, (None, 0), admin.id)}


def test_a_quota_below_the_members_registered_is_refused_naming_the_country(app, client, logged_in, csrf_token,
                                                                             event, new_participant):
    with app.app_context():
        db.session.add_all([new_participant(), new_participant(), new_participant(status="cancelled")])
        db.session.commit()
    logged_in(client)
    path = f"/admin/e/{event.slug}/quotas"
    ita, fra = event.delegations["ITA"], event.delegations["FRA"]
    response = client.post(path, data={"csrf_token": csrf_token(client, path), f"quota-{ita}": "1",
                                       f"quota-{fra}": "abc"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Italy: the quota cannot be 1: 2 members count against it already." in page
    assert "France: the quota is a whole number, or empty for the event's default ('abc' given)." in page
    response = client.post(path, data={"csrf_token": csrf_token(client, path), f"quota-{ita}": "1",
                                       f"quota-{fra}": "3"})
    assert "Italy: the quota cannot be 1" in text_of(response)
    with app.app_context():
        assert db.session.get(Delegation, ita).quota is None
        assert db.session.get(Delegation, fra).quota is None  # nothing saved while one is wrong
    assert audit(app, "delegation.quota_set") == []


# -- who may ------------------------------------------------------------------------------------------------

WRITES = [
    "/admin/events/new", "/admin/e/test/settings", "/admin/e/test/categories", "/admin/e/test/categories/1",
    "/admin/e/test/categories/1/delete", "/admin/e/test/quotas", "/admin/organisers", "/admin/organisers/1/roles",
    "/admin/organisers/1/deactivate", "/admin/organisers/1/reactivate", "/admin/organisers/1/password-link",
    "/admin/e/test/tokens", "/admin/e/test/tokens/1/revoke",
]
READS = ["/admin/events/new", "/admin/e/test/settings", "/admin/e/test/categories", "/admin/e/test/categories/1",
         "/admin/e/test/quotas", "/admin/organisers", "/admin/e/test/tokens"]


def test_a_registrar_may_read_nothing_and_change_nothing_here(client, logged_in, csrf_token, event):
    logged_in(client, roles=("registrar",))
    token = csrf_token(client, f"/admin/e/{event.slug}/participants")
    for path in WRITES:
        assert client.post(path, data={"csrf_token": token}).status_code == 403, path
    for path in READS:
        assert client.get(path).status_code == 403, path


def test_a_viewer_reads_the_pages_without_forms_and_cannot_write(client, logged_in, csrf_token, event):
    logged_in(client, roles=("viewer",))
    page = client.get(f"/admin/e/{event.slug}/categories").get_data(as_text=True)
    assert "Delegate" in page and "Add a category" not in page
    token = csrf_token(client, f"/admin/e/{event.slug}/settings")
    assert client.post(f"/admin/e/{event.slug}/categories", data=category_data(token)).status_code == 403


def test_an_anonymous_visitor_goes_to_the_login_page(client, csrf_token, event):
    token = csrf_token(client, "/admin/login")
    for path in WRITES:
        response = client.post(path, data={"csrf_token": token})
        assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login"), path
    for path in READS:
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login"), path


def test_the_menu_shows_settings_to_admins_only(client, logged_in, event):
    logged_in(client, roles=("registrar",))
    assert "/admin/e/test/settings" not in client.get(f"/admin/e/{event.slug}/").get_data(as_text=True)
    other = client.application.test_client()
    logged_in(other)
    page = other.get(f"/admin/e/{event.slug}/").get_data(as_text=True)
    assert 'href="/admin/e/test/settings"' in page and 'href="/admin/organisers"' in page


def test_a_lower_default_quota_warns_about_the_delegations_over_it(app, client, logged_in, csrf_token, event,
                                                                   new_participant):
    with app.app_context():
        db.session.add_all([new_participant(), new_participant(), new_participant()])
        db.session.commit()
    logged_in(client)
    path = f"/admin/e/{event.slug}/settings"
    response = client.post(path, data=settings_data(csrf_token(client, path), default_quota="2"),
                           follow_redirects=True)
    page = text_of(response)
    assert "Changed: Default quota per delegation." in page
    assert "1 delegations have more members than the new default quota of 2 (Italy 3)" in page


@pytest.mark.parametrize("path", READS)
def test_every_page_renders_right_to_left_in_arabic(client, logged_in, path, event):
    logged_in(client)
    response = client.get(path, query_string={"lang": "ar"})
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)
