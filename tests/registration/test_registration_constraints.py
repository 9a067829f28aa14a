"""The database itself refuses bad registrations, whatever code writes them (on SQLite and PostgreSQL)."""
from datetime import date

import pytest

from delegates.registration.models import Category, Delegation, Event


def test_two_participants_of_an_event_cannot_share_a_badge_number(db_session, new_participant, assert_refused):
    db_session.add(new_participant(badge_number=7))
    db_session.flush()
    assert_refused(new_participant(badge_number=7))


def test_two_participants_of_an_event_cannot_share_an_email(db_session, new_participant, assert_refused):
    db_session.add(new_participant(email="ana.garcia@example.org"))
    db_session.flush()
    assert_refused(new_participant(email="ana.garcia@example.org"))


def test_the_same_person_may_register_for_two_events(db_session, event, new_participant):
    other = Event(slug="ga82", name="82nd General Assembly", city="Hanoi", timezone="Asia/Ho_Chi_Minh",
                  starts_on=date(2013, 10, 21), ends_on=date(2013, 10, 24),
                  categories=[Category(name="Delegate", badge_colour="#2E7D32")])
    db_session.add(other)
    db_session.flush()
    db_session.add_all([
        new_participant(email="ana.garcia@example.org", badge_number=1),
        new_participant(email="ana.garcia@example.org", badge_number=1, event_id=other.id,
                        delegation_id=None, category_id=other.categories[0].id),
    ])
    db_session.flush()


@pytest.mark.parametrize("status", ["approved", "Accredited", ""])
def test_an_unknown_status_is_refused(new_participant, assert_refused, status):
    assert_refused(new_participant(status=status))


@pytest.mark.parametrize("dietary", ["paleo", "Vegan", ""])
def test_an_unknown_dietary_need_is_refused(new_participant, assert_refused, dietary):
    assert_refused(new_participant(dietary=dietary))


@pytest.mark.parametrize(("given", "family"), [(None, None), ("", ""), (None, ""), ("", None)])
def test_a_participant_without_any_name_is_refused(new_participant, assert_refused, given, family):
    assert_refused(new_participant(given_name=given, family_name=family, badge_name="?"))


@pytest.mark.parametrize(("given", "family"), [(None, "Suharto"), ("Suharto", None), ("", "Suharto")])
def test_a_participant_with_one_name_is_accepted(db_session, new_participant, given, family):
    db_session.add(new_participant(given_name=given, family_name=family, badge_name="Suharto"))
    db_session.flush()


@pytest.mark.parametrize("email", ["Giulia.Rossi@example.org", "GIULIA@EXAMPLE.ORG", "no-at-sign.example.org"])
def test_an_email_that_is_not_normalised_is_refused(new_participant, assert_refused, email):
    assert_refused(new_participant(email=email))


def test_a_rejection_without_a_reason_is_refused(new_participant, assert_refused):
    assert_refused(new_participant(status="rejected", rejection_reason=None))


def test_a_rejection_with_a_reason_is_accepted(db_session, new_participant):
    db_session.add(new_participant(status="rejected", rejection_reason="Not a member of the delegation."))
    db_session.flush()


def test_a_participant_in_a_category_that_does_not_exist_is_refused(new_participant, assert_refused):
    assert_refused(new_participant(category_id=999_999))


def test_a_participant_of_an_event_that_does_not_exist_is_refused(new_participant, assert_refused):
    assert_refused(new_participant(event_id=999_999))


@pytest.mark.parametrize("colour", ["red", "#FFF", "#1F4E7", "1F4E79A", ""])
def test_a_badge_colour_that_is_not_a_hex_code_is_refused(event, assert_refused, colour):
    assert_refused(Category(event_id=event.id, name="Media", badge_colour=colour))


def test_a_text_colour_that_is_not_a_hex_code_is_refused(event, assert_refused):
    assert_refused(Category(event_id=event.id, name="Media", badge_colour="#FFD700", text_colour="black"))


def test_two_categories_of_an_event_cannot_share_a_name(event, assert_refused):
    assert_refused(Category(event_id=event.id, name="Minister", badge_colour="#FFD700"))


@pytest.mark.parametrize("columns", [
    {"kind": "country", "country_code": "ESP", "organisation_name": "Europol"},
    {"kind": "country", "country_code": None, "organisation_name": None},
    {"kind": "observer", "country_code": "ESP", "organisation_name": "Europol"},
    {"kind": "observer", "country_code": None, "organisation_name": None},
    {"kind": "embassy", "country_code": "ESP", "organisation_name": None},
], ids=["country-with-organisation", "country-without-code", "observer-with-code", "observer-without-name",
        "unknown-kind"])
def test_a_delegation_is_a_country_or_an_organisation_never_both(event, assert_refused, columns):
    assert_refused(Delegation(event_id=event.id, **columns))


def test_an_observer_organisation_is_accepted(db_session, event):
    db_session.add(Delegation(event_id=event.id, kind="observer", organisation_name="United Nations Office on "
                              "Drugs and Crime", organisation_acronym="UNODC"))
    db_session.flush()


def test_a_country_has_one_delegation_per_event(event, assert_refused):
    assert_refused(Delegation(event_id=event.id, kind="country", country_code="ITA"))


def test_a_delegation_of_a_country_that_does_not_exist_is_refused(event, assert_refused):
    assert_refused(Delegation(event_id=event.id, kind="country", country_code="XXX"))


def test_an_event_that_ends_before_it_starts_is_refused(app, assert_refused):
    assert_refused(Event(slug="backwards", name="Backwards", city="Rome", timezone="Europe/Rome",
                         starts_on=date(2012, 11, 8), ends_on=date(2012, 11, 5)))


def test_two_events_cannot_share_a_slug(event, assert_refused):
    assert_refused(Event(slug=event.slug, name="Another", city="Lyon", timezone="Europe/Paris",
                         starts_on=date(2013, 1, 1), ends_on=date(2013, 1, 2)))


def test_two_participants_cannot_share_a_private_token(db_session, new_participant, assert_refused):
    first = new_participant()
    db_session.add(first)
    db_session.flush()
    assert_refused(new_participant(token_hash=first.token_hash))
