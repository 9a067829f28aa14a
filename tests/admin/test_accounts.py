"""Organiser accounts: who may have one, with which password and roles."""
import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from delegates.admin.models import Organiser
from delegates.admin.services import AccountError, authenticate, create_organiser, end_sessions
from delegates.common.exceptions import DomainError


def test_a_password_of_eleven_characters_is_refused(db_session):
    with pytest.raises(AccountError, match="The password is too short: use at least 12 characters.") as refused:
        create_organiser("registrar@example.org", "elevenchars", ["registrar"])
    assert isinstance(refused.value, DomainError)  # so the CLI, the views and the API can show its message
    assert db_session.scalars(select(Organiser)).all() == []


def test_a_password_of_twelve_characters_is_accepted(db_session):
    organiser = create_organiser("registrar@example.org", "twelve chars", ["registrar"])
    db_session.commit()
    assert organiser.roles == {"registrar"}
    assert organiser.password_hash != "twelve chars"
    assert check_password_hash(organiser.password_hash, "twelve chars")


def test_the_email_as_password_is_refused(db_session):
    with pytest.raises(AccountError, match="must not be the email"):
        create_organiser("registrar@example.org", "Registrar@Example.org", ["registrar"])


@pytest.mark.parametrize("roles", [[], ["superuser"], ["viewer", "root"]])
def test_unknown_or_missing_roles_are_refused(db_session, roles):
    with pytest.raises(AccountError, match="Unknown role"):
        create_organiser("registrar@example.org", "correct horse battery staple", roles)


def test_authentication_refuses_an_inactive_organiser(db_session):
    organiser = create_organiser("registrar@example.org", "correct horse battery staple", ["registrar"])
    organiser.is_active = False
    db_session.commit()
    assert authenticate("registrar@example.org", "correct horse battery staple") is None


def test_ending_the_sessions_changes_the_login_cookies_identity(db_session):
    organiser = create_organiser("registrar@example.org", "correct horse battery staple", ["registrar"])
    before = organiser.get_id()
    end_sessions(organiser)
    assert organiser.get_id() != before
    assert organiser.get_id().startswith(f"{organiser.id}:")
