"""The database itself keeps one signature per country on a declaration."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from delegates.declaration.models import Declaration, Signature

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def declaration(db_session, event):
    row = Declaration(event_id=event.id, code="rome-2012", title="Joint ministerial declaration",
                      opens_at=datetime(2012, 11, 8, 10, 0, tzinfo=ROME))
    db_session.add(row)
    db_session.flush()
    return row


@pytest.fixture
def minister(db_session, event, new_participant):
    row = new_participant(category_id=event.categories["Minister"], delegation_id=event.delegations["FRA"],
                          given_name="Manuel", family_name="Valls", badge_name="Manuel Valls")
    db_session.add(row)
    db_session.flush()
    return row


def signature(declaration, minister, event, **columns) -> Signature:
    values = {"declaration_id": declaration.id, "country_code": "FRA", "delegation_id": event.delegations["FRA"],
              "signatory_id": minister.id, "method": "in_person"}
    values.update(columns)
    return Signature(**values)


def test_a_country_signs_a_declaration_only_once(db_session, event, declaration, minister, assert_refused):
    db_session.add(signature(declaration, minister, event))
    db_session.flush()
    assert_refused(signature(declaration, minister, event, method="letter", letter_date=date(2012, 11, 9)))


def test_a_signature_by_an_unknown_method_is_refused(event, declaration, minister, assert_refused):
    assert_refused(signature(declaration, minister, event, method="fax"))


def test_a_signature_by_letter_needs_the_letters_date(event, declaration, minister, assert_refused):
    assert_refused(signature(declaration, minister, event, method="letter", letter_date=None))


def test_a_signature_for_a_country_that_does_not_exist_is_refused(event, declaration, minister, assert_refused):
    assert_refused(signature(declaration, minister, event, country_code="XXX"))
